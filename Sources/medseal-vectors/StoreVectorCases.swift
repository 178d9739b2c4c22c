import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// The trust bundles, revocation lists and cases for the verifier's store: revocation,
/// supersession, stale lists, bundles (good, forged, older, from an untrusted root), key
/// rotation and keys sharing a kid.
enum StoreVectorCases {
    /// Files to write under Vectors/: path → bytes.
    static func files() -> [(String, Data)] {
        var files = [(String, Data)]()
        func add(_ path: String, _ bytes: [UInt8]) { files.append((path, Data(bytes))) }
        let r1 = TrustBundle(sequence: 1, issuedAt: epoch("2026-01-15T00:00:00Z"),
                             keys: [TestKeys.issuerD.publicKey, TestKeys.issuerE.publicKey, TestKeys.issuerEOld.publicKey])
        let r2 = TrustBundle(sequence: 2, issuedAt: epoch("2026-03-01T00:00:00Z"), keys: [TestKeys.issuerE.publicKey, TestKeys.issuerEOld.publicKey])
        add("bundles/r-1.bundle", r1.signed(by: TestKeys.rootR))
        add("bundles/r-2.bundle", r2.signed(by: TestKeys.rootR))
        add("bundles/r-1-bad-signature.bundle", flipLastByte(r1.signed(by: TestKeys.rootR)))
        add("bundles/s-1.bundle", TrustBundle(sequence: 1, issuedAt: r1.issuedAt, keys: r1.keys).signed(by: TestKeys.rootS))

        let a1 = list(sequence: 1, issued: "2026-05-01T00:00:00Z", ids: [(revokedID, .revoked)])
        let a2 = list(sequence: 2, issued: "2026-05-30T00:00:00Z", ids: [(revokedID, .revoked), (supersededID, .superseded)])
        add("lists/a-1.list", a1.signed(by: TestKeys.issuerA))
        add("lists/a-2.list", a2.signed(by: TestKeys.issuerA))
        add("lists/a-2-bad-signature.list", flipLastByte(a2.signed(by: TestKeys.issuerA)))
        add("lists/a-signed-by-c.list", a2.signed(by: TestKeys.issuerC))
        var b1 = list(sequence: 1, issued: "2026-05-30T00:00:00Z", ids: [(revokedID, .revoked)])
        b1.issuer = TestKeys.issuerB.publicKey.issuer
        add("lists/b-1.list", b1.signed(by: TestKeys.issuerB))
        let unsorted = RevocationList(issuer: a2.issuer, sequence: 3, issuedAt: a2.issuedAt, nextUpdate: a2.nextUpdate,
                                      entries: Array(a2.entries.suffix(9)) + Array(a2.entries.prefix(9)))
        add("lists/a-unsorted.list", unsorted.signed(by: TestKeys.issuerA))

        files.append(("trust-duplicate-kid/issuer-a.pub", TestKeys.issuerA.publicKey.fileData))
        files.append(("trust-duplicate-kid/issuer-a-narrow.pub", TestKeys.issuerANarrow.fileData))
        files.append(("trust-narrow-only/issuer-a-narrow.pub", TestKeys.issuerANarrow.fileData))
        return files
    }

    static let revokedID: UInt8 = 20
    static let supersededID: UInt8 = 21
    static let unlistedID: UInt8 = 22

    static func epoch(_ text: String) -> Int64 { Timestamps.epochSeconds(Timestamps.parse(text)!) }

    static func flipLastByte(_ bytes: [UInt8]) -> [UInt8] { bytes.dropLast() + [bytes.last! ^ 0x01] }

    /// Issuer A's list naming `ids`, with 300 other entries around them, due again in a week.
    static func list(sequence: Int64, issued: String, ids: [(UInt8, RevocationReason)]) -> RevocationList {
        var list = RevocationList(issuer: TestKeys.issuerA.publicKey.issuer, sequence: sequence, issuedAt: epoch(issued), nextUpdate: epoch(issued) + 7 * 86_400)
        for (id, reason) in ids {
            list.add(hash: RevocationList.entryHash(issuer: list.issuer, credentialID: VectorCases.credentialID(id)), reason: reason)
        }
        for filler in 0..<300 { list.add(hash: Array(Sodium.sha256(Array("filler \(filler)".utf8)).prefix(8)), reason: .revoked) }
        return list
    }

    static func build(vaccination: CredentialDocument) -> [VectorCase] {
        func token(_ id: UInt8, key: IssuerSigningKey = TestKeys.issuerA, issued: String = "2026-01-01T00:00:00Z") -> String {
            VectorCases.sign(VectorCases.claims(vaccination, key: key, id: id, issuedAt: Timestamps.parse(issued)!), key: key)
        }
        let revoked = token(revokedID), superseded = token(supersededID), unlisted = token(unlistedID)
        func list(_ file: String, _ expected: String = "accepted") -> VectorImport { VectorImport(kind: .revocationList, file: "lists/\(file).list", expected: expected) }
        func bundle(_ file: String, _ expected: String = "accepted") -> VectorImport { VectorImport(kind: .trustBundle, file: "bundles/\(file).bundle", expected: expected) }
        let r = ["keys/root-r.pub"]
        let at = VectorCases.checkAt
        return [
            VectorCase(name: "revoked", description: "Issuer A's list #2 names this credential as revoked.", token: revoked, at: at, status: .revoked,
                       imports: [list("a-2")], warnings: []),
            VectorCase(name: "superseded", description: "Issuer A's list #2 says a newer credential replaces this one.", token: superseded, at: at, status: .superseded,
                       imports: [list("a-2")], warnings: []),
            VectorCase(name: "not-listed-fresh-list", description: "Not on issuer A's current list: valid, no warning.", token: unlisted, at: at, status: .valid,
                       imports: [list("a-2")], warnings: []),
            VectorCase(name: "stale-list-warning", description: "List #1 was due again on 8 May 2026; checked 1 June: valid, with a warning.", token: unlisted, at: at,
                       status: .valid, imports: [list("a-1")], warnings: [.staleList]),
            VectorCase(name: "stale-list-failure", description: "The same stale list with requireFreshLists: not valid.", token: unlisted, at: at, status: .staleList,
                       imports: [list("a-1")], options: ["requireFreshLists": true], warnings: []),
            VectorCase(name: "list-older-than-max-age", description: "List #2 is 2 days old; maxListAge 1d: not valid.", token: unlisted, at: at, status: .staleList,
                       imports: [list("a-2")], options: ["maxListAge": "1d"], warnings: []),
            VectorCase(name: "list-within-max-age", description: "List #2 is 2 days old; maxListAge 30d: valid.", token: unlisted, at: at, status: .valid,
                       imports: [list("a-2")], options: ["maxListAge": "30d"], warnings: []),
            VectorCase(name: "no-list-when-required", description: "No list of issuer A imported, requireFreshLists: not valid.", token: unlisted, at: at,
                       status: .noRevocationList, options: ["requireFreshLists": true], warnings: []),
            VectorCase(name: "older-list-rejected", description: "List #1 imported after list #2 is rejected; #2 stays in force.", token: superseded, at: at,
                       status: .superseded, imports: [list("a-2"), list("a-1", "not-newer")], warnings: []),
            VectorCase(name: "list-bad-signature", description: "A list whose signature was damaged is rejected; nothing is known revoked.", token: revoked, at: at,
                       status: .valid, imports: [list("a-2-bad-signature", "bad-signature")]),
            VectorCase(name: "list-untrusted-issuer", description: "A list from issuer B, whose key is not trusted, is rejected.", token: revoked, at: at,
                       status: .valid, imports: [list("b-1", "untrusted-signer")]),
            VectorCase(name: "list-signed-by-another-issuer", description: "A list claiming issuer A but signed by issuer C's key is rejected.", token: revoked, at: at,
                       status: .valid, imports: [list("a-signed-by-c", "untrusted-signer")]),
            VectorCase(name: "list-unsorted", description: "A validly signed list whose entries are out of order is refused as malformed.", token: revoked, at: at,
                       status: .valid, imports: [list("a-unsorted", "malformed")]),
            VectorCase(name: "bundle-key-trusted", description: "Root R's bundle #1 lists issuer D.", token: token(30, key: TestKeys.issuerD), at: at, status: .valid,
                       roots: r, imports: [bundle("r-1")]),
            VectorCase(name: "bundle-key-removed", description: "Bundle #2 no longer lists issuer D: no longer trusted.", token: token(31, key: TestKeys.issuerD), at: at,
                       status: .unknownIssuer, roots: r, imports: [bundle("r-1"), bundle("r-2")]),
            VectorCase(name: "bundle-key-kept", description: "Bundle #2 still lists issuer E.", token: token(32, key: TestKeys.issuerE), at: at, status: .valid,
                       roots: r, imports: [bundle("r-1"), bundle("r-2")]),
            VectorCase(name: "bundle-bad-signature", description: "A bundle whose signature was damaged is rejected.", token: token(33, key: TestKeys.issuerD), at: at,
                       status: .unknownIssuer, roots: r, imports: [bundle("r-1-bad-signature", "bad-signature")]),
            VectorCase(name: "bundle-older-rejected", description: "Bundle #1 after bundle #2 is rejected; D stays untrusted.", token: token(34, key: TestKeys.issuerD), at: at,
                       status: .unknownIssuer, roots: r, imports: [bundle("r-2"), bundle("r-1", "not-newer")]),
            VectorCase(name: "bundle-untrusted-root", description: "A bundle signed by root S, which is not trusted, is rejected.", token: token(35, key: TestKeys.issuerD), at: at,
                       status: .unknownIssuer, roots: r, imports: [bundle("s-1", "untrusted-signer")]),
            VectorCase(name: "bundle-without-root", description: "No root trusted: bundle #1 is rejected.", token: token(36, key: TestKeys.issuerD), at: at,
                       status: .unknownIssuer, imports: [bundle("r-1", "untrusted-signer")]),
            VectorCase(name: "rotation-old-key-still-trusted", description: "Issuer E's old key (window to 1 July 2026) signed in January; checked 1 June: valid.",
                       token: token(37, key: TestKeys.issuerEOld), at: at, status: .valid, roots: r, imports: [bundle("r-2")]),
            VectorCase(name: "rotation-old-key-window-ended", description: "The same credential checked 1 August 2026, after the old key's window ended.",
                       token: token(37, key: TestKeys.issuerEOld), at: "2026-08-01T00:00:00Z", status: .keyNotValid, roots: r, imports: [bundle("r-2")]),
            VectorCase(name: "rotation-new-key", description: "Issuer E's new key signed on 15 July 2026; checked 1 August: valid.",
                       token: token(38, key: TestKeys.issuerE, issued: "2026-07-15T00:00:00Z"), at: "2026-08-01T00:00:00Z", status: .valid, roots: r, imports: [bundle("r-2")]),
            VectorCase(name: "same-kid-both-tried", description: "Two entries share issuer A's kid; the narrow one may not sign vaccination records, the other may.",
                       token: unlisted, at: at, status: .valid, trust: "trust-duplicate-kid"),
            VectorCase(name: "same-kid-narrow-only", description: "Only the narrow entry (emergency only, until 2026) is trusted.",
                       token: unlisted, at: at, status: .keyNotValid, trust: "trust-narrow-only"),
        ]
    }
}
