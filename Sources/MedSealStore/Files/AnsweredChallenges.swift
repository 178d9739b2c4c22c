import Foundation
import MedSealEncoding
import MedSealVerification

/// The challenges (nonces) presentations have answered on this verifier: a copy of a
/// presentation cannot answer the same challenge twice. The file `answered-challenges` in
/// the store holds a line per nonce, `SHA-256(nonce) in hex` and the second until which the
/// presentation that answered it was valid; lines a day past that are dropped when it is
/// rewritten (an expired presentation is refused anyway). Written atomically, under the
/// store's lock.
public struct AnsweredChallenges: Sendable {
    public let folder: String
    var path: String { folder + "/answered-challenges" }

    /// Most nonces kept; the oldest go first beyond it.
    static let maximumEntries = 100_000

    public init(store: VerifierStore) { folder = store.folder }

    /// Records `nonce` as answered by a presentation valid until `expiresAt`; `false` when
    /// it had already been answered.
    public func answer(_ nonce: String, until expiresAt: Int64, now: Int64) throws(UserError) -> Bool {
        try FileStore.ensureFolder(folder)
        return try FolderLock.withLock(folder) { () throws(UserError) -> Bool in
            var entries = try read()
            let key = ByteText.hex(Sodium.sha256(Array(nonce.utf8)))
            if entries.contains(where: { $0.key == key }) { return false }
            entries = entries.filter { $0.until + 86_400 >= now }.suffix(AnsweredChallenges.maximumEntries - 1)
            entries.append((key, expiresAt))
            let text = entries.map { "\($0.key) \($0.until)\n" }.joined()
            try FileStore.writeAtomically(Data(text.utf8), to: path)
            return true
        }
    }

    /// `result`, refused when it is a presentation answering a challenge already answered
    /// here (a copy of a presentation); the challenge is recorded as answered when the
    /// presentation is valid. A store that cannot record it makes a warning, not a refusal.
    public func answering(_ result: VerificationResult, at context: VerificationContext) -> VerificationResult {
        guard result.isValid, let binding = result.credential?.presentation?.binding, let nonce = binding.nonce else { return result }
        var result = result
        do {
            if try !answer(nonce, until: binding.expiresAt, now: context.nowSeconds) {
                result.reasons.append(VerificationReason(.nonceReused, "this challenge was already answered by a presentation on this verifier: this one is a copy"))
            }
        } catch {
            result.warnings.append(.warning(.damagedStore, "the challenge could not be recorded as answered, so a copy of this presentation would pass here: \(error.message)"))
        }
        return result
    }

    private func read() throws(UserError) -> [(key: String, until: Int64)] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let text = try FileStore.readText(path, limit: 16 << 20)
        var entries = [(key: String, until: Int64)]()
        for (number, line) in text.split(separator: "\n").enumerated() {
            let fields = line.split(separator: " ")
            guard fields.count == 2, fields[0].utf8.count == 64, let until = Int64(fields[1]) else {
                throw UserError(.damaged, "\(path) line \(number + 1) is damaged; delete the file to start a new list of answered challenges")
            }
            entries.append((String(fields[0]), until))
        }
        return entries
    }
}
