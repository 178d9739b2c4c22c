import MedSealEncoding

/// The claims that make a credential holder-bound: `cnf` (claim 8, RFC 8747) with the holder's
/// Ed25519 key as a COSE_Key, and the digests of its withholdable parts by label (private
/// claim -65539). Opening one checks what a holder revealed against the digests and gives the
/// plain claims a MedSeal token would carry, so that one reader checks both.
public enum HolderBinding {
    static let confirmationClaim: Int64 = 8
    static let digestsClaim: Int64 = -65_539

    /// `{1: {1: 1 (OKP), -1: 6 (Ed25519), -2: x}}`.
    static func confirmation(holderKey: [UInt8]) -> CBOR {
        .map([CBORMapEntry(.int(1), .map([CBORMapEntry(.int(1), .int(1)), CBORMapEntry(.int(-1), .int(6)), CBORMapEntry(.int(-2), .bytes(holderKey))]))])
    }

    /// The Ed25519 key in a `cnf` claim.
    static func holderKey(in confirmation: CBOR) throws(FormatError) -> [UInt8] {
        guard let key = confirmation[.int(1)], key[.int(1)]?.intValue == 1, key[.int(-1)]?.intValue == 6,
              case .bytes(let x)? = key[.int(-2)], x.count == Sodium.publicKeyLength, case .map(let entries) = key, entries.count == 3,
              case .map(let outer) = confirmation, outer.count == 1 else {
            throw FormatError("presentation", "cnf must hold one Ed25519 COSE_Key ({1: {1: 1, -1: 6, -2: 32 bytes}})")
        }
        return x
    }

    /// The payload an issuer signs for a holder-bound credential: `claims` with the clear part
    /// of the document, `cnf`, and the digest of every disclosure.
    public static func payload(claims: CredentialClaims, parts: WithholdableParts, holderKey: [UInt8]) -> CBOR {
        guard case .map(var entries) = claims.cbor, let type = claims.document.type else { return claims.cbor }
        if let at = entries.firstIndex(where: { $0.key.intValue == type.claimKey }) { entries[at].value = parts.clear }
        entries.append(CBORMapEntry(.int(confirmationClaim), confirmation(holderKey: holderKey)))
        entries.append(CBORMapEntry(.int(digestsClaim), .map(parts.disclosures.map { CBORMapEntry(.int($0.label), .bytes($0.digest)) })))
        return .map(entries)
    }

    /// `payload` without the digests of `disclosures`, as a token carries it: a verifier
    /// computes them from the disclosures (``restoringDigests(of:in:)``), and a changed
    /// disclosure then changes the payload the issuer's signature is checked over.
    static func removingDigests(of disclosures: [Disclosure], from payload: CBOR) -> CBOR {
        guard case .map(var entries) = payload, let at = entries.firstIndex(where: { $0.key.intValue == digestsClaim }),
              case .map(let digests) = entries[at].value else { return payload }
        let carried = Set(disclosures.map(\.label))
        entries[at].value = .map(digests.filter { !($0.key.intValue.map(carried.contains) ?? false) })
        return .map(entries)
    }

    /// `payload` with the digest of each of `disclosures` put back under its label.
    static func restoringDigests(of disclosures: [Disclosure], in payload: CBOR) throws(FormatError) -> CBOR {
        guard case .map(var entries) = payload, let at = entries.firstIndex(where: { $0.key.intValue == digestsClaim }),
              case .map(var digests) = entries[at].value else {
            throw FormatError("presentation", "the digests of the withholdable parts are missing")
        }
        for disclosure in disclosures {
            guard !digests.contains(where: { $0.key.intValue == disclosure.label }) else {
                throw FormatError("presentation", "the part labelled \(disclosure.label) is both withheld and revealed")
            }
            digests.append(CBORMapEntry(.int(disclosure.label), .bytes(disclosure.digest)))
        }
        entries[at].value = .map(digests) // CBORWriter sorts the keys
        return .map(entries)
    }

    /// A holder-bound payload opened with what was revealed.
    public struct Opened: Sendable {
        /// The claims as a plain MedSeal token carries them, with the revealed parts in the
        /// document.
        public let plainPayload: [UInt8]
        public let type: CredentialType
        public let holderKey: [UInt8]
        /// Labels revealed and withheld, in label order.
        public let revealed: [Int64]
        public let withheld: [Int64]
        /// Why the credential lets its holder withhold critical facts, if it does.
        public let floorProblems: [String]
    }

    /// Opens a signed holder-bound payload with the disclosures revealed.
    public static func open(_ payload: CBOR, revealed: [Disclosure]) throws(FormatError) -> Opened {
        guard case .map(var entries) = payload else { throw FormatError("claims", "the payload is not a map") }
        func take(_ key: Int64) -> CBOR? {
            guard let at = entries.firstIndex(where: { $0.key.intValue == key }) else { return nil }
            return entries.remove(at: at).value
        }
        guard let confirmation = take(confirmationClaim) else { throw FormatError("presentation", "a holder-bound credential must name its holder's key (cnf)") }
        let holderKey = try holderKey(in: confirmation)
        guard case .map(let digestEntries)? = take(digestsClaim) else { throw FormatError("presentation", "the digests of the withholdable parts are missing") }
        var digests = [Int64: [UInt8]]()
        for entry in digestEntries {
            guard let label = entry.key.intValue, case .bytes(let digest) = entry.value, digest.count == Disclosure.digestLength else {
                throw FormatError("presentation", "a digest must be \(Disclosure.digestLength) bytes under an integer label")
            }
            digests[label] = digest
        }
        guard let at = entries.firstIndex(where: { $0.key.intValue.flatMap(CredentialType.init(claimKey:)) != nil }),
              let key = entries[at].key.intValue, let type = CredentialType(claimKey: key) else {
            throw FormatError("claims", "no MedSeal document in the claims")
        }
        // Every revealed part's digest was put back from it (restoringDigests), so a changed
        // part fails the issuer's signature; here each must only name a signed digest, once.
        var seen = Set<Int64>()
        for disclosure in revealed {
            guard digests[disclosure.label] != nil, seen.insert(disclosure.label).inserted else {
                throw FormatError("presentation", "the part labelled \(disclosure.label) is revealed twice or has no digest")
            }
        }
        entries[at].value = try WithholdableParts.joined(clear: entries[at].value, type: type, revealed: revealed)
        let labels = digests.keys.sorted()
        return Opened(plainPayload: CBORWriter.encode(.map(entries)), type: type, holderKey: holderKey,
                      revealed: labels.filter(seen.contains), withheld: labels.filter { !seen.contains($0) },
                      floorProblems: SafetyFloor.problems(type: type, labels: labels, disclosures: revealed))
    }
}
