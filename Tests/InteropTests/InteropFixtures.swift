import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering
import MedSealInterop
import Testing

/// Paths and helpers the interop tests share. Everything they read is in `Vectors/interop/`.
enum InteropFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let vectors = root + "/Vectors/interop"
    static let shc = vectors + "/shc"
    static let shcIssuer = "https://spec.smarthealth.cards/examples/issuer"
    static let shcCRL = shc + "/issuer/.well-known/crl/3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s.json"

    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "medseal-interop-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    static func data(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// A verifier over `store` with MedSeal's standard policies.
    static func verifier(_ store: VerifierStore) throws -> CredentialVerifier {
        let base = Verifier(trust: try store.trust(), policies: Verifier.policies(revocations: RevocationLists(store: store)))
        return CredentialVerifier(medseal: base, store: store)
    }

    /// A store trusting the SMART Health Card example issuer (the JWKS with the `enc` key)
    /// and, unless told otherwise, its CRL.
    static func shcStore(withCRL: Bool = true, jwks: Data? = nil) throws -> VerifierStore {
        let store = VerifierStore(folder: try temporaryFolder())
        let keys = try jwks ?? data(shc + "/issuer.jwks.public.json")
        let crls = withCRL ? [(name: "crl.json", data: try data(shcCRL))] : []
        _ = try SHCImport.run(store: store, issuer: shcIssuer, jwks: keys, crls: crls)
        return store
    }

    /// A test clock such as `2021-05-30T13:38:49.822623`, `2021-06-09T15:15:34+0200` or
    /// `2021-05-21T12:26:07.390079Z` (no zone means UTC).
    static func clock(_ text: String) -> Date? {
        guard let match = text.wholeMatch(of: /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?/) else { return nil }
        var zone = match.3.map(String.init) ?? "Z"
        if zone != "Z" && !zone.contains(":") { zone.insert(":", at: zone.index(zone.startIndex, offsetBy: 3)) }
        guard let date = Timestamps.parse(String(match.1) + zone) else { return nil }
        return date.addingTimeInterval(match.2.flatMap { Double("0" + $0) } ?? 0)
    }
}
