import Foundation
import MedSealCLI
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// `medseal bundle create`: signs a folder of issuer keys into a trust bundle.
enum BundleCommand {
    static let command = Command(CommandSpec(
        ["bundle", "create"],
        summary: "Sign the issuer keys (.pub files) of a folder into a trust bundle with a root key.",
        options: [
            OptionSpec("key", "FILE", "The root's secret key file (medseal key new --root).", required: true),
            OptionSpec("issuers", "DIR", "Folder of issuer .pub files; the bundle lists exactly these.", required: true),
            OptionSpec("out", "FILE", "The bundle file to write.", required: true),
            OptionSpec("emergency-access", "FILE", "Also carry this emergency-access public key (emergency-access.pub) to issuers, who seal to it with issue --seal-to BUNDLE --root ROOT.pub."),
            OptionSpec("sequence", "N", "The bundle's sequence number (default: one more than the bundle already at --out, else 1)."),
            Options.passphraseFile,
        ],
        details: "Verifiers import it with 'medseal-verify trust import FILE' once they trust the root ('trust add-root root.pub')."
    )) { arguments, console in
        _ = try arguments.positionals(atMost: 0)
        let root = try Options.signingKey(arguments, role: .root)!
        let out = try arguments.required("out")
        let folder = VerifierStore(folder: try arguments.required("issuers"))
        guard folder.exists else { throw UserError(.io, "\(folder.folder): no such folder") }
        let keys = try folder.fileKeys().map(\.key)
        guard !keys.isEmpty else { throw UserError(.input, "\(folder.folder) holds no issuer .pub files") }
        let sequence = try nextSequence(arguments, out: out, root: root)
        let now = Timestamps.epochSeconds(Date())
        guard root.publicKey.windowSeconds.contains(now) else {
            throw UserError(.key, "this root key may sign only from \(Timestamps.format(root.publicKey.notBefore)) to \(Timestamps.format(root.publicKey.notAfter))")
        }
        let access = try arguments.value("emergency-access").map { path throws(UserError) in [try SealingKey.load(path: path, role: .emergencyAccess)] } ?? []
        let bundle = TrustBundle(sequence: sequence, issuedAt: now, keys: keys, emergencyAccess: access)
        try FileStore.writeAtomically(Data(bundle.signed(by: root)), to: out)
        console.out("\(out): trust bundle #\(sequence) from root '\(root.publicKey.issuer)' (kid \(root.publicKey.kidHex)) with \(keys.count) issuer key(s)" + (access.isEmpty ? "" : " and emergency-access key \(access[0].kidHex)"))
        return 0
    }

    static func nextSequence(_ arguments: ParsedArguments, out: String, root: IssuerSigningKey) throws(UserError) -> Int64 {
        if let text = arguments.value("sequence") {
            guard let number = Int64(text), number >= 1 else { throw UserError(.usage, "--sequence '\(text)' is not a whole number of 1 or more") }
            return number
        }
        guard FileManager.default.fileExists(atPath: out) else { return 1 }
        let bytes = [UInt8](try FileStore.read(out, limit: DecodingLimits.maximumTrustFileBytes))
        guard let (previous, message) = try? TrustBundle.open(bytes), message.isSigned(by: root.publicKey) else {
            throw UserError(.input, "\(out) exists and is not a bundle of this root; choose another --out, or give --sequence to replace it")
        }
        return previous.sequence + 1
    }
}
