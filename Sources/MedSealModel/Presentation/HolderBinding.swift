import MedSealEncoding

/// The claims that make a credential holder-bound: `cnf` (claim 8, RFC 8747) with the holder's
/// Ed25519 key as a COSE_Key, and the digests of its withholdable parts by label (private
/// claim -65539). The claims reader (``CredentialClaims/read(holderBound:revealed:)``) reads
/// them with the revealed parts put back into the document.
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

    /// The digests claim: label → digest.
    static func digests(in claim: CBOR) throws(FormatError) -> [Int64: [UInt8]] {
        guard case .map(let entries) = claim else { throw FormatError("presentation", "the digests of the withholdable parts are not a map") }
        var digests = [Int64: [UInt8]]()
        for entry in entries {
            guard let label = entry.key.intValue, case .bytes(let digest) = entry.value, digest.count == Disclosure.digestLength else {
                throw FormatError("presentation", "a digest must be \(Disclosure.digestLength) bytes under an integer label")
            }
            digests[label] = digest
        }
        return digests
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

    /// The payload bytes the issuer signed, from the carried ones: the digests map (at
    /// `digestsRange` of `payload`) with the digest of each of `disclosures` put back under its
    /// label, spliced in place of the carried one (nothing else is re-encoded).
    static func restoringDigests(of disclosures: [Disclosure], in payload: [UInt8], digestsRange range: Range<Int>) throws(FormatError) -> [UInt8] {
        var carried = CBORCursor(payload, at: range.lowerBound, layer: "presentation")
        // Labels are integers; in deterministic order non-negative ones come first, by value.
        var entries = [(label: Int64, digest: [UInt8])]()
        for _ in 0..<(try carried.readMapLength()) {
            let label = try carried.readInt()
            entries.append((label, try carried.readBytes()))
        }
        guard carried.position == range.upperBound else { throw carried.fail("the digests map holds more than digests") }
        for disclosure in disclosures {
            guard !entries.contains(where: { $0.label == disclosure.label }) else {
                throw FormatError("presentation", "the part labelled \(disclosure.label) is revealed twice, or both withheld and revealed")
            }
            entries.append((disclosure.label, disclosure.digest))
        }
        func rank(_ label: Int64) -> UInt64 { label >= 0 ? UInt64(label) : 1 << 63 | UInt64(-1 - label) }
        entries.sort { rank($0.label) < rank($1.label) }
        var bytes = [UInt8]()
        bytes.reserveCapacity(payload.count + 18 * disclosures.count)
        bytes += payload[..<range.lowerBound]
        CBORWriter.writeHead(5, UInt64(entries.count), into: &bytes)
        for entry in entries {
            if entry.label >= 0 { CBORWriter.writeHead(0, UInt64(entry.label), into: &bytes) } else { CBORWriter.writeHead(1, UInt64(-1 - entry.label), into: &bytes) }
            CBORWriter.writeHead(2, UInt64(entry.digest.count), into: &bytes)
            bytes += entry.digest
        }
        bytes += payload[range.upperBound...]
        return bytes
    }

    /// Where the digests map lies in the payload map that starts at `cursor`, which is moved
    /// past the payload (its values walked, not checked: the claims reader checks them).
    static func digestsRange(inPayloadAt cursor: inout CBORCursor) throws(FormatError) -> Range<Int> {
        var found: Range<Int>?
        for _ in 0..<(try cursor.readMapLength()) {
            let key = try? cursor.readInt()
            let start = cursor.position
            try cursor.skipStructure(depth: 1)
            if key == digestsClaim { found = start..<cursor.position }
        }
        guard let found else { throw FormatError("presentation", "the digests of the withholdable parts are missing") }
        return found
    }

    /// What the holder binding claims were found to say, while the claims are read.
    public struct Found: Sendable {
        var holderKey: [UInt8]?
        var digests: [Int64: [UInt8]]?
        var type: CredentialType?
        var floorProblems = [String]()

        /// The facts, once the claims are read: throws when the binding is incomplete.
        func facts(revealed: [Disclosure]) throws(FormatError) -> Facts {
            guard let holderKey else { throw FormatError("presentation", "a holder-bound credential must name its holder's key (cnf)") }
            guard let digests else { throw FormatError("presentation", "the digests of the withholdable parts are missing") }
            guard let type else { throw FormatError("claims", "no MedSeal document in the claims") }
            let shown = Set(revealed.map(\.label))
            guard shown.count == revealed.count, shown.allSatisfy({ digests[$0] != nil }) else {
                throw FormatError("presentation", "a revealed part is revealed twice or has no digest")
            }
            let labels = digests.keys.sorted()
            var problems = floorProblems
            if type == .emergency {
                for label in labels {
                    if let floor = SafetyFloor.sections.first(where: { $0.label == label }) { problems.insert("\(floor.name) can be withheld", at: 0) }
                }
            }
            return Facts(type: type, holderKey: holderKey, revealed: labels.filter(shown.contains), withheld: labels.filter { !shown.contains($0) }, floorProblems: problems)
        }
    }

    /// What a holder-bound credential's claims say about its holder and its parts.
    public struct Facts: Sendable {
        public let type: CredentialType
        public let holderKey: [UInt8]
        /// Labels revealed and withheld, in label order.
        public let revealed: [Int64]
        public let withheld: [Int64]
        /// Why the credential lets its holder withhold critical facts, if it does.
        public let floorProblems: [String]
    }
}
