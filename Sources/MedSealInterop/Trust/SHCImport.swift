import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore

/// `trust import-shc ISS JWKS [CRL…]`: an issuer's keys from its `jwks.json` and its CRLs.
///
/// Keys must be EC P-256 ES256 signing keys whose kid is their RFC 7638 thumbprint; keys
/// with `use: enc` are ignored, and any other key is refused with its reason. The JWKS
/// replaces the issuer's previous keys (CRLs of keys still present are kept). A CRL must
/// name one of the issuer's keys, use method `rid`, and have a counter (`ctr`) no lower
/// than the stored one's.
public enum SHCImport {
    /// What an import did, line by line (notes about refused or ignored keys first).
    public struct Outcome: Sendable {
        public var notes: [String] = []
        public var summary: String = ""
    }

    /// Imports into `store`, refusing the whole import when no key is usable or a CRL is not.
    public static func run(store: VerifierStore, issuer iss: String, jwks: Data, crls: [(name: String, data: Data)],
                           now: Date = Date()) throws -> Outcome {
        guard iss.hasPrefix("https://"), !iss.hasSuffix("/"), iss.utf8.count <= 2048, !iss.contains(where: \.isWhitespace) else {
            throw ImportRejection(.malformed, "'\(iss)' is not an issuer: an iss is an https:// URL without a trailing slash")
        }
        var outcome = Outcome()
        let keys = try readKeys(jwks, notes: &outcome.notes)
        guard !keys.isEmpty else { throw ImportRejection(.malformed, "the JWKS holds no usable ES256 signing key") }
        var lists = [SHCRevocationList]()
        for crl in crls { lists.append(try readList(crl.data, name: crl.name, keys: keys)) }
        try store.changing {
            var trust = try SHCTrust.load(store)
            let previous = trust.issuer(iss)
            var issuer = SHCIssuer(iss: iss, keys: keys, revocationLists: previous?.revocationLists.filter { list in keys.contains { $0.kid == list.kid } } ?? [],
                                   importedAt: Timestamps.epochSeconds(now))
            var listNotes = [String]()
            for list in lists {
                if let stored = issuer.revocationList(kid: list.kid) {
                    guard list.ctr >= stored.ctr else {
                        throw ImportRejection(.notNewer, "the CRL of key \(list.kid) is version \(list.ctr), older than the stored version \(stored.ctr)")
                    }
                    issuer.revocationLists.removeAll { $0.kid == list.kid }
                }
                issuer.revocationLists.append(list)
                listNotes.append("CRL of key \(list.kid): version \(list.ctr), \(EnglishCount.of(list.entries.count, "entry", "entries"))")
            }
            trust.issuers.removeAll { $0.iss == iss }
            trust.issuers.append(issuer)
            trust.issuers.sort { $0.iss < $1.iss }
            try trust.save(store)
            let verb = previous == nil ? "Trusted" : "Updated"
            outcome.summary = "\(verb) SMART Health Card issuer \(iss): \(EnglishCount.of(keys.count, "signing key")) (\(keys.map(\.kid).joined(separator: ", ")))"
                + (listNotes.isEmpty ? "" : "; " + listNotes.joined(separator: "; "))
        }
        return outcome
    }

    /// The usable keys of a JWKS; refused and ignored keys are described in `notes`.
    static func readKeys(_ data: Data, notes: inout [String]) throws -> [SHCKey] {
        let tree: CBOR
        do { tree = try JSONTree.parse(data) } catch { throw ImportRejection(.malformed, "the JWKS: \(error)") }
        guard case .array(let items)? = tree[.text("keys")], items.count <= 1000 else {
            throw ImportRejection(.malformed, "the JWKS has no keys array (of at most 1000 keys)")
        }
        var keys = [SHCKey]()
        for (index, item) in items.enumerated() {
            let kid = item[.text("kid")]?.nonEmptyText ?? "#\(index + 1)"
            if item[.text("use")]?.nonEmptyText == "enc" {
                notes.append("ignored key \(kid): its use is 'enc' (encryption), not signing")
                continue
            }
            do {
                keys.append(try key(item))
            } catch {
                notes.append("refused key \(kid): \(error.reason)")
            }
        }
        return keys
    }

    /// One JWK as a signing key, checked: EC P-256, ES256, `use: sig`, point on the curve,
    /// kid = RFC 7638 thumbprint.
    static func key(_ item: CBOR) throws(FormatError) -> SHCKey {
        guard item[.text("kty")]?.nonEmptyText == "EC", item[.text("crv")]?.nonEmptyText == "P-256" else { throw FormatError("JWK", "not an EC P-256 key") }
        if let alg = item[.text("alg")]?.nonEmptyText, alg != "ES256" { throw FormatError("JWK", "its alg is \(alg), not ES256") }
        if let use = item[.text("use")]?.nonEmptyText, use != "sig" { throw FormatError("JWK", "its use is '\(use)', not 'sig'") }
        guard let kid = item[.text("kid")]?.nonEmptyText, let x = item[.text("x")]?.nonEmptyText, let y = item[.text("y")]?.nonEmptyText,
              let xBytes = ByteText.bytes(strictBase64url: x[...]), let yBytes = ByteText.bytes(strictBase64url: y[...]) else {
            throw FormatError("JWK", "kid, x or y is missing or not base64url")
        }
        _ = try ForeignPublicKey.p256(x: xBytes, y: yBytes)
        let thumbprint = ByteText.base64url(OpenSSL.sha256(Array("{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"\(x)\",\"y\":\"\(y)\"}".utf8)))
        guard thumbprint == kid else { throw FormatError("JWK", "its kid is not its RFC 7638 thumbprint (\(thumbprint))") }
        var key = SHCKey(kid: kid, x: x, y: y)
        if let version = item[.text("crlVersion")] {
            guard let number = version.intValue, (1...Int64(Int32.max)).contains(number) else { throw FormatError("JWK", "crlVersion is not a positive integer") }
            key.crlVersion = Int(number)
        }
        if case .array(let chain)? = item[.text("x5c")], case .text(let leaf)? = chain.first,
           let der = Data(base64Encoded: leaf), let certificate = try? X509Certificate(der: Array(der)) {
            key.certificateNotBefore = certificate.notBefore
            key.certificateNotAfter = certificate.notAfter
        }
        return key
    }

    /// One CRL file, checked against the issuer's keys.
    static func readList(_ data: Data, name: String, keys: [SHCKey]) throws -> SHCRevocationList {
        let tree: CBOR
        do { tree = try JSONTree.parse(data) } catch { throw ImportRejection(.malformed, "\(name): \(error)") }
        guard let kid = tree[.text("kid")]?.nonEmptyText else { throw ImportRejection(.malformed, "\(name): the CRL names no kid") }
        guard keys.contains(where: { $0.kid == kid }) else {
            throw ImportRejection(.untrustedSigner, "\(name): the CRL is for key \(kid), which is not one of this issuer's signing keys")
        }
        guard tree[.text("method")]?.nonEmptyText == "rid" else { throw ImportRejection(.malformed, "\(name): the CRL method is not 'rid'") }
        guard let counter = tree[.text("ctr")]?.intValue, (1...Int64(Int32.max)).contains(counter) else {
            throw ImportRejection(.malformed, "\(name): ctr is missing or not a positive integer")
        }
        guard case .array(let items)? = tree[.text("rids")], items.count <= 10_000_000 else { throw ImportRejection(.malformed, "\(name): rids is not an array") }
        var entries = [String: Int64?]()
        for item in items {
            guard case .text(let text) = item else { throw ImportRejection(.malformed, "\(name): a rid is not text") }
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), (1...64).contains(parts[0].utf8.count), ByteText.bytes(strictBase64url: parts[0]) != nil else {
                throw ImportRejection(.malformed, "\(name): '\(text)' is not a rid or rid.timestamp")
            }
            var cutoff: Int64?
            if parts.count == 2 {
                guard let time = Int64(parts[1]), time >= 0 else { throw ImportRejection(.malformed, "\(name): '\(text)' has a timestamp that is not a number") }
                cutoff = time
            }
            let rid = String(parts[0])
            // A rid listed both with and without a time is revoked without limit.
            if let existing = entries[rid] { entries[rid] = (existing == nil || cutoff == nil) ? .some(nil) : .some(max(existing!, cutoff!)) } else { entries[rid] = .some(cutoff) }
        }
        return SHCRevocationList(kid: kid, ctr: Int(counter), entries: entries)
    }
}

extension CBOR {
    /// The text of a text item that is not empty.
    fileprivate var nonEmptyText: String? {
        guard case .text(let text) = self, !text.isEmpty else { return nil }
        return text
    }
}
