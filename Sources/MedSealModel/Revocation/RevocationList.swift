import Foundation
import MedSealEncoding

/// Why a credential is on a revocation list.
public enum RevocationReason: UInt8, Sendable, CaseIterable {
    /// Withdrawn: it must not be accepted.
    case revoked = 1
    /// Replaced by a newer credential for the same record (a new dose, a new medication).
    case superseded = 2

    public var name: String { self == .revoked ? "revoked" : "superseded" }

    public init?(name: String) {
        guard let reason = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = reason
    }
}

/// An issuer-signed list of credentials that are no longer valid.
///
/// Entries are not credential ids but truncated hashes of them: 8 bytes of
/// SHA-256("medseal-revocation/1" ‖ 0 ‖ issuer ‖ 0 ‖ cti), followed by one reason byte.
/// The list reveals nothing about patients, and a verifier can still look a token up.
/// Entries are sorted by hash, without repeats, so that lookups are binary searches.
public struct RevocationList: Sendable {
    public var issuer: String
    /// Increases with every list the issuer publishes.
    public var sequence: Int64
    /// When this list was signed, seconds since 1970.
    public var issuedAt: Int64
    /// When the issuer promises the next list, seconds since 1970. A verifier whose newest
    /// list is older than this says so.
    public var nextUpdate: Int64
    /// `count` records of ``entryLength`` bytes: hash then reason.
    public private(set) var entries: [UInt8]

    /// The payload's format name.
    public static let format = "medseal-revocation-list/1"
    /// Bytes of an entry's hash.
    public static let hashLength = 8
    /// Bytes of an entry: hash and reason.
    public static let entryLength = hashLength + 1
    /// Most entries one list may hold.
    public static let maximumEntries = 20_000_000

    public init(issuer: String, sequence: Int64, issuedAt: Int64, nextUpdate: Int64, entries: [UInt8] = []) {
        self.issuer = IssuerName.normalized(issuer)
        self.sequence = sequence
        self.issuedAt = issuedAt
        self.nextUpdate = nextUpdate
        self.entries = entries
    }

    /// How many credentials the list names.
    public var count: Int { entries.count / Self.entryLength }

    /// The hash a list stores for the credential `credentialID` of `issuer`.
    public static func entryHash(issuer: String, credentialID: [UInt8]) -> [UInt8] {
        let input = Array("medseal-revocation/1".utf8) + [0] + Array(IssuerName.normalized(issuer).utf8) + [0] + credentialID
        return Array(Sodium.sha256(input).prefix(hashLength))
    }

    /// Adds (or changes the reason of) the entry for `hash`; answers whether the list changed.
    @discardableResult
    public mutating func add(hash: [UInt8], reason: RevocationReason) -> Bool {
        precondition(hash.count == Self.hashLength)
        let (index, found) = RevocationEntries.search(hash, in: entries)
        let offset = index * Self.entryLength
        if found {
            guard entries[offset + Self.hashLength] != reason.rawValue else { return false }
            entries[offset + Self.hashLength] = reason.rawValue
            return true
        }
        entries.insert(contentsOf: hash + [reason.rawValue], at: offset)
        return true
    }

    /// The reason `hash` is listed, or `nil`.
    public func reason(for hash: [UInt8]) -> RevocationReason? {
        let (index, found) = RevocationEntries.search(hash, in: entries)
        guard found else { return nil }
        return RevocationReason(rawValue: entries[index * Self.entryLength + Self.hashLength])
    }

    /// The payload: `{"format", "issuer", "sequence", "issuedAt", "nextUpdate", "entries"}`.
    public var payload: CBOR {
        .textMap([
            ("format", .text(RevocationList.format)),
            ("issuer", .text(issuer)),
            ("sequence", .int(sequence)),
            ("issuedAt", .int(issuedAt)),
            ("nextUpdate", .int(nextUpdate)),
            ("entries", .bytes(entries)),
        ])
    }

    /// The signed file's bytes.
    public func signed(by key: IssuerSigningKey) -> [UInt8] { SignedFile.sign(payload, kind: .revocationList, key: key) }

    /// Parses a signed list file (its signature is checked by the caller against the
    /// issuer's trusted keys), refusing unsorted, repeated or malformed entries.
    public static func open(_ bytes: [UInt8]) throws(FormatError) -> (list: RevocationList, message: COSESign1) {
        let (message, payload) = try SignedFile.open(bytes, kind: .revocationList)
        return (try read(payload), message)
    }

    /// The longest a list may promise to stay current (`nextUpdate` after `issuedAt`): 400
    /// days. A list that is never due again could never be reported stale.
    public static let maximumValidity: Int64 = 400 * 86_400

    /// The list in a decoded payload, refusing unsorted, repeated or malformed entries.
    public static func read(_ payload: CBOR) throws(FormatError) -> RevocationList {
        let fields = try CBORFields(payload, layer: "revocation list", known: ["format", "issuer", "sequence", "issuedAt", "nextUpdate", "entries"])
        try fields.require("format", equals: format)
        let list = RevocationList(issuer: try fields.text("issuer"), sequence: try fields.int("sequence"), issuedAt: try fields.time("issuedAt"),
                                  nextUpdate: try fields.time("nextUpdate"), entries: try fields.bytes("entries"))
        guard list.sequence >= 1 else { throw FormatError("revocation list", "sequence must be 1 or more") }
        guard list.nextUpdate > list.issuedAt else { throw FormatError("revocation list", "nextUpdate must come after issuedAt") }
        guard list.nextUpdate - list.issuedAt <= maximumValidity else {
            throw FormatError("revocation list", "nextUpdate is more than \(maximumValidity / 86_400) days after issuedAt")
        }
        try RevocationEntries.validate(list.entries)
        return list
    }
}

/// Binary search and checks over sorted entry records (hash then reason byte).
package enum RevocationEntries {
    /// The index of `hash` among the records in `buffer`, or where it would go.
    package static func search(_ hash: [UInt8], in buffer: UnsafeRawBufferPointer) -> (index: Int, found: Bool) {
        let length = RevocationList.entryLength
        var low = 0, high = buffer.count / length
        guard let base = buffer.baseAddress else { return (0, false) }
        return hash.withUnsafeBytes { key in
            while low < high {
                let middle = (low + high) / 2
                let order = memcmp(key.baseAddress!, base + middle * length, RevocationList.hashLength)
                if order == 0 { return (middle, true) }
                if order > 0 { low = middle + 1 } else { high = middle }
            }
            return (low, false)
        }
    }

    static func search(_ hash: [UInt8], in entries: [UInt8]) -> (index: Int, found: Bool) {
        entries.withUnsafeBytes { search(hash, in: $0) }
    }

    /// Refuses a record area that is not whole records, not sorted, repeats a hash, or has
    /// an unknown reason.
    static func validate(_ entries: [UInt8]) throws(FormatError) {
        let length = RevocationList.entryLength
        guard entries.count % length == 0 else { throw FormatError("revocation list", "entries are not whole \(length)-byte records") }
        let count = entries.count / length
        guard count <= RevocationList.maximumEntries else { throw FormatError("revocation list", "more than \(RevocationList.maximumEntries) entries") }
        let problem: FormatError? = entries.withUnsafeBytes { buffer in
            for index in 0..<count {
                let offset = index * length
                guard RevocationReason(rawValue: buffer[offset + RevocationList.hashLength]) != nil else {
                    return FormatError("revocation list", "entry \(index + 1) has an unknown reason", at: offset)
                }
                if index > 0 && memcmp(buffer.baseAddress! + offset - length, buffer.baseAddress! + offset, RevocationList.hashLength) >= 0 {
                    return FormatError("revocation list", "entries are not sorted by hash or repeat one (entry \(index + 1))", at: offset)
                }
            }
            return nil
        }
        if let problem { throw problem }
    }
}
