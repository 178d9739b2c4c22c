import Foundation
import MedSealCLI
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering
import MedSealInterop

/// `medseal-verify trust add | add-root | list | remove | import | check`: the cached
/// issuer keys and the roots whose bundles the verifier accepts.
enum TrustCommands {
    static let importStatuses = """
    Exit status: 0 imported or already up to date; 1 rejected (bad signature, untrusted signer, signed outside
    the signer's window, not newer than what is stored); 2 usage error or not a usable file; 3 damaged store;
    4 file could not be read or written.
    """

    static let add = keyCommand("add", "Trust an issuer's public key file (FILE.pub).", "FILE.pub") { try $0.add($1) }
    static let addRoot = keyCommand("add-root", "Trust a root's public key file, so that bundles it signs can be imported.", "ROOT.pub") { try $0.addRoot($1) }

    /// A `trust WORD FILE.pub` command that hands the key to `action`.
    static func keyCommand(_ word: String, _ summary: String, _ file: String,
                           _ action: @escaping @Sendable (VerifierStore, IssuerKey) throws -> ImportSummary) -> Command {
        Command(CommandSpec(["trust", word], summary: summary, arguments: file, options: [StoreOption.trust])) { arguments, console in
            let key = try readKey(arguments)
            console.out(try action(StoreOption.store(arguments), key).message)
            return 0
        }
    }

    static let remove = Command(CommandSpec(
        ["trust", "remove"],
        summary: "Stop trusting the key or root with this kid (16 hex digits, see 'trust list').",
        arguments: "KID",
        options: [StoreOption.trust]
    )) { arguments, console in
        guard let text = try arguments.positionals(atMost: 1).first else { throw UserError(.usage, "give the kid to remove") }
        guard let kid = ByteText.bytes(hex: text), kid.count == 8 else { throw UserError(.usage, "'\(text)' is not a kid (16 hexadecimal digits)") }
        console.out(try StoreOption.store(arguments).remove(kid: kid).message)
        return 0
    }

    static let importBundle = Command(CommandSpec(
        ["trust", "import"],
        summary: "Import a trust bundle signed by a trusted root; its keys replace that root's previous ones.",
        arguments: "BUNDLE",
        options: [StoreOption.trust],
        details: importStatuses
    )) { arguments, console in
        let path = try singleFile(arguments)
        let bytes = [UInt8](try FileStore.read(path, limit: DecodingLimits.maximumTrustFileBytes))
        let store = StoreOption.store(arguments)
        return try reportImport(console) { try store.importBundle(bytes) }
    }

    static let list = Command(CommandSpec(
        ["trust", "list"],
        summary: "List trusted roots, bundles, issuer keys and revocation lists, with their windows and ages.",
        options: [StoreOption.trust]
    )) { arguments, console in
        _ = try arguments.positionals(atMost: 0)
        let store = StoreOption.store(arguments)
        // Names come from key files, bundles and certificates: each is one line as written.
        for line in try StoreListing.lines(store, now: Date()) { console.out(TerminalText.line(line)) }
        return 0
    }

    static let check = Command(CommandSpec(
        ["trust", "check"],
        summary: "Check every file of the store against its checksum.",
        options: [StoreOption.trust],
        details: "Exit status: 0 every file is intact; 3 a file is damaged (the message names it and how to repair it)."
    )) { arguments, console in
        _ = try arguments.positionals(atMost: 0)
        let store = StoreOption.store(arguments)
        try store.requireExisting()
        let trust = try store.trustState()
        let files = try store.fileKeys().count
        let lists = try store.revocationLists()
        for list in lists { try list.checkAllBlocks() }
        _ = try store.clockMemory()
        let issuers = try SHCTrust.load(store).issuers.count, certificates = try DCCTrustList.load(store).entries.count
        console.out("intact: \(trust.roots.count) root(s), \(trust.bundles.count) bundle(s), \(trust.keys.count + files) issuer key(s), \(lists.count) revocation list(s), \(issuers) SMART Health Card issuer(s), \(certificates) EU DCC certificate(s)")
        return 0
    }

    static func singleFile(_ arguments: ParsedArguments) throws(UserError) -> String {
        guard let path = try arguments.positionals(atMost: 1).first else { throw UserError(.usage, "give the file to use") }
        return path
    }

    static func readKey(_ arguments: ParsedArguments) throws(UserError) -> IssuerKey {
        let path = try singleFile(arguments)
        return try IssuerKey(fileData: try FileStore.read(path), name: path)
    }

    /// Runs an import and prints its outcome: 0 done, 1 rejected, 2 malformed.
    static func reportImport(_ console: Console, _ body: () throws -> ImportSummary) throws -> Int32 {
        do {
            console.out(try body().message)
            return 0
        } catch let rejection as ImportRejection {
            console.error("rejected (\(rejection.reason.rawValue)): \(rejection.messageWithHint)")
            return rejection.reason == .malformed ? 2 : 1
        }
    }
}
