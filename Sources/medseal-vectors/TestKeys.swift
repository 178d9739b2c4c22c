import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// The fixed, public, TEST-ONLY issuer keys the vectors are signed with. Their seeds are
/// SHA-256 of a published phrase, so anyone can rebuild them; never trust them in production.
enum TestKeys {
    static func seed(_ phrase: String) -> [UInt8] { Sodium.sha256(Array(phrase.utf8)) }

    static let windowStart = Timestamps.parse("2025-01-01T00:00:00Z")!
    static let windowEnd = Timestamps.parse("2030-01-01T00:00:00Z")!

    /// Trusted; may sign both types from 2025 to 2030.
    static let issuerA = IssuerSigningKey(seed: seed("MedSeal TEST ONLY issuer key A"), issuer: "MedSeal Test Issuer A",
                                          notBefore: windowStart, notAfter: windowEnd, types: [.emergency, .vaccination])
    /// Not trusted by the vectors' trust folder.
    static let issuerB = IssuerSigningKey(seed: seed("MedSeal TEST ONLY issuer key B"), issuer: "MedSeal Test Issuer B",
                                          notBefore: windowStart, notAfter: windowEnd, types: [.emergency, .vaccination])
    /// Trusted; may sign only emergency cards, and only during 2025.
    static let issuerC = IssuerSigningKey(seed: seed("MedSeal TEST ONLY issuer key C"), issuer: "MedSeal Test Issuer C",
                                          notBefore: windowStart, notAfter: Timestamps.parse("2026-01-01T00:00:00Z")!, types: [.emergency])

    /// Listed in bundle #1 of root R, dropped from bundle #2.
    static let issuerD = IssuerSigningKey(seed: seed("MedSeal TEST ONLY issuer key D"), issuer: "MedSeal Test Issuer D",
                                          notBefore: windowStart, notAfter: windowEnd, types: [.emergency, .vaccination])
    /// Issuer E's current key, in both bundles of root R.
    static let issuerE = IssuerSigningKey(seed: seed("MedSeal TEST ONLY issuer key E"), issuer: "MedSeal Test Issuer E",
                                          notBefore: windowStart, notAfter: windowEnd, types: [.emergency, .vaccination])
    /// Issuer E's previous key, rotated out: trusted until 1 July 2026, in both bundles.
    static let issuerEOld = IssuerSigningKey(seed: seed("MedSeal TEST ONLY issuer key E old"), issuer: "MedSeal Test Issuer E",
                                             notBefore: windowStart, notAfter: Timestamps.parse("2026-07-01T00:00:00Z")!, types: [.emergency, .vaccination])
    /// Patient P's holder key, which the presentation cases' credentials are bound to.
    static let holderP = IssuerSigningKey(seed: seed("MedSeal TEST ONLY holder key P"), issuer: "holder",
                                          notBefore: windowStart, notAfter: windowEnd, types: [], role: .holder)
    /// Another patient's holder key.
    static let holderQ = IssuerSigningKey(seed: seed("MedSeal TEST ONLY holder key Q"), issuer: "holder",
                                          notBefore: windowStart, notAfter: windowEnd, types: [], role: .holder)
    /// The emergency-access key the sealed case's items are sealed to (X25519).
    static let emergencyAccessX = SealingSecret(seed: seed("MedSeal TEST ONLY emergency-access key X"), role: .emergencyAccess, name: "MedSeal Test Emergency Access X",
                                                notBefore: windowStart, notAfter: windowEnd)
    /// The root the vectors' cases trust for bundles.
    static let rootR = IssuerSigningKey(seed: seed("MedSeal TEST ONLY root key R"), issuer: "MedSeal Test Root R",
                                        notBefore: windowStart, notAfter: windowEnd, types: [], role: .root)
    /// A root nobody trusts.
    static let rootS = IssuerSigningKey(seed: seed("MedSeal TEST ONLY root key S"), issuer: "MedSeal Test Root S",
                                        notBefore: windowStart, notAfter: windowEnd, types: [], role: .root)
    /// Issuer A's key again, with a narrower entry (emergency only, 2025): same kid as A.
    static let issuerANarrow = IssuerKey(issuer: issuerA.publicKey.issuer, publicKey: issuerA.publicKey.publicKey, notBefore: windowStart,
                                         notAfter: Timestamps.parse("2026-01-01T00:00:00Z")!, types: [.emergency])

    /// (file name, key, trusted by the vectors' trust folder).
    static let all: [(name: String, key: IssuerSigningKey, trusted: Bool)] = [
        ("issuer-a", issuerA, true), ("issuer-b", issuerB, false), ("issuer-c", issuerC, true),
        ("issuer-d", issuerD, false), ("issuer-e", issuerE, false), ("issuer-e-old", issuerEOld, false),
        ("root-r", rootR, false), ("root-s", rootS, false), ("holder-p", holderP, false), ("holder-q", holderQ, false),
    ]
}
