import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
#if canImport(Glibc)
import Glibc
#endif

/// What one verification leaves in the audit log: never health data, never the credential
/// id itself (a keyed hash of it), never the holder's name.
public struct AuditRecord: Sendable {
    public var time: Int64
    public var operatorName: String?
    /// `verify`, `scan` or `batch`.
    public var mode: String
    public var result: VerificationResult
    public var profile: DisclosureProfile?
    /// Why the operator broke the glass, for the entry that records opening sealed items.
    public var breakGlassReason: String?

    public init(time: Int64, operatorName: String?, mode: String, result: VerificationResult, profile: DisclosureProfile?, breakGlassReason: String? = nil) {
        self.breakGlassReason = breakGlassReason
        self.time = time
        self.operatorName = operatorName
        self.mode = mode
        self.result = result
        self.profile = profile
    }

    /// The entry this record becomes, all but its place in the chain: it can be made on any
    /// thread, so that appending many records is left with only the chain's serial part.
    public var entry: AuditEntry {
        AuditEntry(fields: JSONText.Fields(fields(timeText: Timestamps.format(epochSeconds: time))))
    }

    /// The entry's fields (without `seq`, `prev` and `hash`).
    func fields(timeText: String) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "time": .string(timeText),
            "operator": operatorName.map(JSONValue.string) ?? .null,
            "mode": .string(mode),
            "verdict": .string(result.status.rawValue),
            "valid": .bool(result.isValid),
            "issuer": result.claimedIssuer.map(JSONValue.string) ?? .null,
            "credential": .null, "type": .null,
            "profile": profile.map { .string($0.rawValue) } ?? .null,
            "rules": .strings(result.ruleOutcomes.map { "\($0.ruleID):\($0.isMet ? "met" : "not-met")" }),
        ]
        if let breakGlassReason { fields["breakGlass"] = .string(breakGlassReason) }
        if let credential = result.credential {
            let claims = credential.claims
            let input = Array("medseal-audit/1".utf8) + [0] + Array(IssuerName.normalized(claims.issuer).utf8) + [0] + claims.credentialID
            fields["credential"] = .string(ByteText.hex(Sodium.sha256(input).prefix(16)))
            fields["type"] = .string(claims.document.kind.rawValue)
        }
        return fields
    }
}

/// An audit record written as JSON fields, waiting for its place in the chain (`seq`,
/// `prev` and `hash`).
public struct AuditEntry: Sendable {
    let fields: JSONText.Fields
}

/// An append-only, hash-chained log of verifications (JSON lines). Each entry carries its
/// sequence number, the hash of the entry before it and its own hash over both, so an
/// edited, deleted, inserted or reordered entry breaks the chain where it happened. A small
/// sealed head file records the count and last hash, so that cutting entries off the end
/// is noticed too. Appends hold an exclusive lock on the log, so concurrent verifiers
/// interleave whole entries and never break the chain.
///
/// The head is signed by the station's own key (``AuditStationKey``, `audit.log.key`), so that
/// a rewritten log cannot be given a matching head without that key. (What a person with the
/// key file can do, only a checkpoint kept away from the station can show.) A head written
/// by an earlier version (a plain checksum) is read, and signed at the next append.
public struct AuditLog: Sendable {
    public let path: String
    var headPath: String { path + ".head" }
    /// The station key that signs the head.
    public var keyPath: String { path + ".key" }
    static let genesis = String(repeating: "0", count: 64)
    static let headMagic = "MSAUDIT1"
    static let signedHeadMagic = "MSAUDIT2"
    /// What the head's signature covers, before the head's CBOR.
    static let headContext = Array("medseal-audit-head/1".utf8) + [0]

    public init(path: String) { self.path = path }

    /// Appends one entry per record, chained to the last entry, with one flush to disk.
    public func append(_ records: [AuditRecord]) throws(UserError) {
        try append(records.map(\.entry))
    }

    /// Appends entries made by ``AuditRecord/entry``, chained to the last entry, with one
    /// flush to disk.
    public func append(_ entries: [AuditEntry]) throws(UserError) {
        guard !entries.isEmpty else { return }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileStore.ensureFolder(folder) }
        // The station key exists before the first entry does, so that no log is ever left
        // with entries but without the key that signs its head.
        let station = try AuditStationKey.loadOrCreate(path: keyPath)
        let descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == ELOOP ? "it is a symbolic link" : String(cString: strerror(errno))
            throw UserError(.io, "\(path): cannot open the audit log (\(reason))")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw UserError(.io, "\(path): cannot lock the audit log") }
        }
        defer { flock(descriptor, LOCK_UN) }
        var (sequence, previous, end) = try lastEntry(descriptor)
        var frontier = try self.frontier(descriptor, count: sequence, end: end)
        // A new log gets its signed head (no entries yet) before its first entry, so that a
        // writer killed between the entries and the head leaves a log whose head vouches for
        // what it covered, never a log without a head.
        if sequence == 0 && !FileManager.default.fileExists(atPath: headPath) {
            try writeHead(count: 0, last: previous, frontier: frontier, station: station)
        }
        var bytes = [UInt8]()
        for entry in entries {
            sequence += 1
            var fields = entry.fields
            fields.set("seq", json: String(sequence))
            fields.set("prev", json: JSONText.quoted(previous))
            let hash = ByteText.hex(Sodium.sha256(fields.bytes))
            fields.set("hash", json: JSONText.quoted(hash))
            bytes += fields.bytes
            bytes.append(0x0A)
            previous = hash
            MerkleFrontier.append(MerkleTree.leafHash(fields.bytes), to: &frontier)
        }
        guard ftruncate(descriptor, off_t(end)) == 0, lseek(descriptor, off_t(end), SEEK_SET) >= 0 else {
            throw UserError(.io, "\(path): cannot append to the audit log")
        }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw UserError(.io, "\(path): cannot append to the audit log (\(String(cString: strerror(errno))))")
            }
            offset += written
        }
        guard fsync(descriptor) == 0 else { throw UserError(.io, "\(path): cannot flush the audit log to disk") }
        try writeHead(count: sequence, last: previous, frontier: frontier, station: station)
    }

    /// Signs and writes the head: the entry count, the last entry's hash, the Merkle frontier and root.
    private func writeHead(count: Int64, last: String, frontier: [MerkleFrontier.Subtree], station: AuditStationKey) throws(UserError) {
        let head = CBORWriter.encode(.textMap([("count", .int(count)), ("last", .text(last)), ("station", .bytes(station.publicKey)),
                                               ("frontier", .array(frontier.map { .array([.int(Int64($0.size)), .bytes($0.hash)]) })),
                                               ("root", .bytes(MerkleFrontier.root(frontier)))]))
        let signed = CBORWriter.encode(.textMap([("head", .bytes(head)), ("signature", .bytes(station.sign(Self.headContext + head)))]))
        try FileStore.writeAtomically(Data(SealedFile.seal(signed, magic: Self.signedHeadMagic)), to: headPath, mode: 0o600)
    }

    /// The count and last hash the head records, after checking its signature by the
    /// station key (or, for a head of an earlier version, its checksum); with the station
    /// key's id, when the head is signed.
    func readHead() throws -> (count: Int64, last: String, station: String?) {
        let head = try readSignedHead()
        return (head.count, head.last, head.station)
    }

    /// The head with its Merkle frontier, when it has one (heads before the Merkle tree have none).
    func readSignedHead() throws -> (count: Int64, last: String, station: String?, frontier: [MerkleFrontier.Subtree]?) {
        let bytes = [UInt8](try FileStore.read(headPath))
        let repair = "the log's end cannot be vouched for"
        if bytes.starts(with: Array(Self.headMagic.utf8)) {
            // An earlier version's head: a plain checksum. Accepted only while no station key
            // exists; once one does, a plain head is a head someone rewrote.
            guard try AuditStationKey.load(path: keyPath) == nil else {
                throw FormatError("audit head", "it is an unsigned head, but this log's heads are signed by its station key: it was rewritten")
            }
            let fields = try CBORFields(try CBORReader.decode(try SealedFile.open(bytes, magic: Self.headMagic, path: headPath, repair: repair), layer: "audit head"),
                                        layer: "audit head", known: ["count", "last"])
            return (try fields.int("count"), try fields.text("last"), nil, nil)
        }
        let outer = try CBORFields(try CBORReader.decode(try SealedFile.open(bytes, magic: Self.signedHeadMagic, path: headPath, repair: repair), layer: "audit head"),
                                   layer: "audit head", known: ["head", "signature"])
        let head = try outer.bytes("head")
        let fields = try CBORFields(try CBORReader.decode(head, layer: "audit head"), layer: "audit head", known: ["count", "last", "station", "frontier", "root"])
        let publicKey = try fields.bytes("station")
        guard let station = try AuditStationKey.load(path: keyPath) else {
            throw FormatError("audit head", "the station key \(keyPath) that signs it is missing")
        }
        guard station.publicKey == publicKey, Sodium.ed25519Verify(try outer.bytes("signature"), message: Self.headContext + head, publicKey: publicKey) else {
            throw FormatError("audit head", "its signature does not verify under this station's key \(station.kidHex): the head was rewritten")
        }
        var frontier: [MerkleFrontier.Subtree]?
        if fields.has("frontier") {
            frontier = []
            for item in try fields.array("frontier") {
                guard case .array(let pair) = item, pair.count == 2, let size = pair[0].intValue, size > 0, case .bytes(let hash) = pair[1], hash.count == 32 else {
                    throw FormatError("audit head", "its Merkle frontier is malformed")
                }
                frontier!.append(MerkleFrontier.Subtree(size: Int(size), hash: hash))
            }
            guard frontier!.reduce(0, { $0 + $1.size }) == Int(try fields.int("count")), try fields.bytes("root") == MerkleFrontier.root(frontier!) else {
                throw FormatError("audit head", "its Merkle frontier does not match its count and root")
            }
        }
        return (try fields.int("count"), try fields.text("last"), station.kidHex, frontier)
    }

    /// The last complete entry's sequence number and hash, and where the next entry goes.
    /// A line cut short by a crash (no final newline) was never completed; it is replaced.
    private func lastEntry(_ descriptor: Int32) throws(UserError) -> (Int64, String, Int) {
        var info = stat()
        fstat(descriptor, &info)
        let size = Int(info.st_size)
        guard size > 0 else { return (0, Self.genesis, 0) }
        let window = min(size, 64 * 1024)
        var buffer = [UInt8](repeating: 0, count: window)
        let read = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, window, off_t(size - window)) }
        guard read == window else { throw UserError(.io, "\(path): cannot read the audit log") }
        var end = window
        if buffer.last != 0x0A { end = (buffer.lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0 }
        guard end > 0 else {
            guard size == window else { throw UserError(.damaged, "\(path): the last entry is longer than 64 KiB; the log was altered") }
            return (0, Self.genesis, 0)
        }
        let lineStart = (buffer[..<(end - 1)].lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0
        guard let object = JSONTape.object(buffer[lineStart..<(end - 1)]),
              let sequence = (object["seq"] as? NSNumber)?.int64Value, let hash = object["hash"] as? String else {
            throw UserError(.damaged, "\(path): the last entry is not readable", remedy: .checkAuditLog)
        }
        return (sequence, hash, size - window + end)
    }

    /// SHA-256 over the entry's canonical JSON without its `hash` field (which holds `prev`).
    /// (``append(_:)-([AuditEntry])`` hashes the same text, written from rendered fields.)
    static func hash(_ fields: [String: JSONValue]) -> String {
        var content = fields
        content["hash"] = nil
        return ByteText.hex(Sodium.sha256(Array(JSONText.object(content).utf8)))
    }

    /// The hash of an entry read back from the file, or `nil` when it holds other kinds of values.
    static func hash(read object: [String: Any]) -> String? {
        var fields = [String: JSONValue]()
        for (key, value) in object {
            guard let converted = JSONValue(any: value) else { return nil }
            fields[key] = converted
        }
        return hash(fields)
    }

    /// Every entry, as JSON objects, in file order.
    public func entries() throws(UserError) -> [[String: Any]] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let text = String(decoding: try FileStore.read(path, limit: 1 << 30), as: UTF8.self)
        return text.split(separator: "\n").map { JSONTape.object($0.utf8) ?? [:] }
    }

    /// Walks the chain and the head; answers one line per problem (empty when intact) and
    /// the number of entries.
    public func check() throws(UserError) -> (entries: Int, problems: [String]) {
        try checkWithStation().map { ($0.entries, $0.problems) }!
    }

    /// ``check()``, with the id of the station key that signed the head (`nil` when the head
    /// is of an earlier version, or unreadable). A log that does not exist is never intact:
    /// it is an error when nothing says a log was there, and a problem when its head is.
    public func checkWithStation() throws(UserError) -> (entries: Int, problems: [String], station: String?)? {
        guard FileManager.default.fileExists(atPath: path) else {
            // The head is written only after entries are: with a head, entries existed.
            if FileManager.default.fileExists(atPath: headPath) {
                return (0, ["\(path) is missing, but its head says entries were written: the log was deleted"], nil)
            }
            throw UserError(.io, "\(path): no audit log here (nothing was logged at this path, or the log and its head were deleted)")
        }
        let text = String(decoding: try FileStore.read(path, limit: 1 << 30), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The last line is complete only with its newline; a fragment without one is a write
        // that a crash interrupted before it was flushed, and the next append replaces it.
        lines.removeLast()
        var problems = [String]()
        var previous = Self.genesis
        var expected: Int64 = 1
        for (index, line) in lines.enumerated() {
            let where_ = "line \(index + 1)"
            guard let object = JSONTape.object(line.utf8),
                  let sequence = (object["seq"] as? NSNumber)?.int64Value, let prev = object["prev"] as? String, let hash = object["hash"] as? String else {
                problems.append("\(where_): not a readable entry — it was edited or damaged")
                previous = ""
                expected += 1
                continue
            }
            if sequence != expected {
                problems.append("\(where_): entry #\(sequence) where #\(expected) was expected — entries were deleted, inserted or reordered before it")
            } else if prev != previous && !previous.isEmpty {
                problems.append("\(where_) (entry #\(sequence)): does not follow the entry before it — entries were deleted, inserted or reordered")
            }
            if Self.hash(read: object) != hash {
                problems.append("\(where_) (entry #\(sequence)): its content does not match its hash — it was edited")
            }
            previous = hash
            expected = sequence + 1
        }
        var station: String?
        if FileManager.default.fileExists(atPath: headPath) {
            do {
                let (count, last, signer) = try readHead()
                station = signer
                if count > Int64(lines.count) {
                    problems.append("the head records \(count) entries but the log holds \(lines.count): entries were cut off the end")
                } else if count >= 1, lines.count >= Int(count), !(lines[Int(count) - 1].contains("\"hash\":\"\(last)\"")) {
                    problems.append("entry #\(count) is not the one the head recorded — the end of the log was replaced")
                }
            } catch {
                problems.append("\(headPath): \(error)")
            }
        } else if !lines.isEmpty {
            problems.append("\(headPath) is missing: the end of the log cannot be vouched for")
        }
        return (lines.count, problems, station)
    }
}
