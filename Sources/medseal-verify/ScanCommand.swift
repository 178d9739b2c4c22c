import Foundation
import MedSealCLI
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering
import MedSealInterop

/// `medseal-verify scan`: one token per line from a handheld scanner (or `zbarcam --raw`),
/// a big verdict for each, a running tally, and a summary at the end of input (Ctrl-D).
enum ScanCommand {
    static let command = Command(CommandSpec(
        ["scan"],
        summary: "Scanner mode: verify one token per line from standard input, with a big verdict and a tally.",
        options: VerifierSetup.options(auditByDefault: true),
        details: """
        Works with keyboard-wedge scanners (stray carriage returns, spaces, a lower-case prefix and Caps Lock are tolerated,
        and so is a scanner typing for a US keyboard on a German, French, Spanish, Italian, Nordic … keyboard layout)
        and with a camera: zbarcam --raw | medseal-verify scan. A bad scan never ends the session; Ctrl-D prints
        a summary. Each scan is recorded in the audit log unless --no-audit is given.
        Exit status: 0 at the end of input; 2 usage error; 3 damaged store; 4 the audit log cannot be written.
        """
    )) { arguments, console in
        _ = try arguments.positionals(atMost: 0)
        let setup = try VerifierSetup(arguments, auditByDefault: true)
        let phrases = setup.phrases
        var reader = LineReader()
        var total = 0, valid = 0
        var auditFailure: UserError?
        var chunks = ChunkCollector()
        if console.isTerminal { console.out(phrases(.scanReady)) }
        while let line = reader.next() {
            var text = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { continue }
            // The QR codes of a chunked SMART Health Card arrive one scan at a time.
            switch chunks.add(text) {
            case .notAChunk: break
            case .waiting(let message):
                console.out(message)
                continue
            case .complete(let joined): text = joined
            }
            let (result, context) = setup.verify(text)
            total += 1
            if result.isValid { valid += 1 }
            for line in setup.text(result, context, console: console, banner: true) { console.out(line) }
            console.out(console.colour(phrases(.scanTally, String(total), String(valid), String(total - valid)), "1") + "\n")
            do throws(UserError) { try setup.record([(result, context)], mode: "scan") } catch {
                auditFailure = error
                console.error("medseal-verify scan: AUDIT LOG NOT WRITTEN: \(error.messageWithHint)")
            }
        }
        setup.recordRun()
        console.out(console.colour(phrases(.scanSummary), "1") + ": " + phrases(.scanTally, String(total), String(valid), String(total - valid)))
        return auditFailure == nil ? 0 : 4
    }
}

/// A verdict that cannot be missed: three lines, white on green or red on a terminal (with a
/// bell for NOT VALID), a framed word elsewhere.
enum Banner {
    static func text(_ word: String, good: Bool, console: Console) -> String {
        let width = 44
        let padding = max(0, width - word.count)
        let middle = String(repeating: " ", count: padding / 2) + word + String(repeating: " ", count: padding - padding / 2)
        guard console.useColour else {
            let edge = good ? "=" : "#"
            let rule = String(repeating: edge, count: width + 4)
            return "\(rule)\n\(edge) \(middle) \(edge)\n\(rule)"
        }
        let colour = good ? "1;97;42" : "1;97;41"
        let blank = String(repeating: " ", count: width + 4)
        return (good ? "" : "\u{07}") + [blank, "  \(middle)  ", blank].map { console.colour($0, colour) }.joined(separator: "\n")
    }
}

/// Gathers the QR codes of a chunked SMART Health Card (`shc:/C/N/…`) scanned one by one, in
/// any order, until the card is whole. A chunk of another card starts over.
struct ChunkCollector {
    enum Outcome {
        case notAChunk
        case waiting(String)
        case complete(String)
    }

    private var chunks: [SHCText.Chunk] = []
    private var texts: [String] = []

    mutating func add(_ text: String) -> Outcome {
        guard SHCText.claims(text[...]), let chunk = try? SHCText.chunk(text[...]), chunk.count > 1 else { return .notAChunk }
        var note = ""
        if let first = chunks.first, first.count != chunk.count || chunks.contains(where: { $0.index == chunk.index && $0.jws != chunk.jws }) {
            note = "(a code of another card: starting over) "
            chunks = []
            texts = []
        }
        if !chunks.contains(chunk) {
            chunks.append(chunk)
            texts.append(text)
        }
        let have = Set(chunks.map(\.index))
        let missing = (1...chunk.count).filter { !have.contains($0) }
        guard missing.isEmpty else {
            return .waiting(note + "SMART Health Card code \(chunk.index) of \(chunk.count) read; scan code\(missing.count == 1 ? "" : "s") \(missing.map(String.init).joined(separator: ", ")) too")
        }
        let joined = texts.joined(separator: "\n")
        chunks = []
        texts = []
        return .complete(joined)
    }
}
