import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore

/// The ways a SMART Health Card travels as text, down to its compact JWS:
///
/// - QR text `shc:/` followed by two digits per character (the character's code minus 45);
/// - the deprecated chunked form `shc:/C/N/…`, whose N chunks may arrive in any order;
/// - a `.smart-health-card` file, `{"verifiableCredential": ["<JWS>", …]}`;
/// - the bare compact JWS.
public enum SHCText {
    public static let prefix = "shc:/"
    /// The most chunks a chunked card may have.
    public static let maximumChunks = 20
    /// Longest compact JWS accepted, in characters.
    public static let maximumJWSCharacters = 256 * 1024

    /// Whether `text` claims to be a SMART Health Card QR text (`shc:/`, in any case).
    public static func claims(_ text: Substring) -> Bool {
        text.utf8.count >= prefix.utf8.count && text.utf8.prefix(prefix.utf8.count).elementsEqual(prefix.utf8, by: { $0 | 0x20 == $1 | 0x20 })
    }

    /// Whether `text` looks like a `.smart-health-card` file or a bare compact JWS.
    public static func looksLikeFileOrJWS(_ text: Substring) -> Bool {
        text.hasPrefix("{") || (text.hasPrefix("eyJ") && text.utf8.filter { $0 == 0x2E }.count == 2)
    }

    /// One QR chunk: its position and count (1 and 1 when not chunked) and its JWS characters.
    public struct Chunk: Hashable, Sendable {
        public let index: Int
        public let count: Int
        public let jws: String
    }

    /// Reads one `shc:/…` QR text.
    public static func chunk(_ text: Substring) throws(FormatError) -> Chunk {
        guard claims(text) else { throw FormatError("prefix", "a SMART Health Card QR text must start with \(prefix)") }
        var text = text
        // withUTF8 rethrows untyped errors: the closure returns its outcome instead.
        return try text.withUTF8 { utf8 in Result { () throws(FormatError) -> Chunk in
            var rest = UnsafeBufferPointer(rebasing: utf8[prefix.utf8.count...])
            var index = 1, count = 1
            // Only the chunk numbers may hold slashes: a slash among the digits is refused as
            // not a digit, so the search stops at the second.
            var slashes = [Int]()
            // memchr: the digits are thousands, the slashes none or two near the start.
            func slash(from start: Int) -> Int? {
                guard start < rest.count, let found = memchr(rest.baseAddress! + start, 0x2F, rest.count - start) else { return nil }
                return rest.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            if let first = slash(from: 0) {
                slashes.append(first)
                if let second = slash(from: first + 1) { slashes.append(second) }
            }
            if slashes.count == 2 {
                let position = Self.number(rest[0..<slashes[0]]), total = Self.number(rest[slashes[0] + 1..<slashes[1]])
                // `shc:/1/1/…` is a whole card written with a chunk header, as some issuers write
                // it (the SMART validator warns and reads on); it is read as the card it is.
                guard let position, let total, (1...maximumChunks).contains(total), (1...total).contains(position) else {
                    let words = String(decoding: rest[0..<slashes[1]], as: UTF8.self)
                    throw FormatError("prefix", "'\(words)' is not a chunk number of at most \(maximumChunks) chunks (expected shc:/C/N/…)")
                }
                index = position
                count = total
                rest = UnsafeBufferPointer(rebasing: rest[(slashes[1] + 1)...])
            } else if !slashes.isEmpty {
                throw FormatError("prefix", "a SMART Health Card QR text is shc:/DIGITS or shc:/C/N/DIGITS")
            }
            return Chunk(index: index, count: count, jws: try Self.characters(numeric: rest))
        } }.get()
    }

    /// A chunk number: one to three ASCII digits.
    private static func number(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        guard (1...3).contains(digits.count), digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    /// The JWS characters of the numeric part: each pair of digits is a character's code minus 45.
    private static func characters(numeric digits: UnsafeBufferPointer<UInt8>) throws(FormatError) -> String {
        guard !digits.isEmpty, digits.count % 2 == 0 else { throw FormatError("numeric", "the numeric part must have an even number of digits") }
        // One pass with no branch per pair: any byte that is not a digit, or a pair above 77,
        // marks the text bad, and only then is it read again to say where.
        var bad = false
        let text = String(unsafeUninitializedCapacity: digits.count / 2) { characters in
            var invalid: UInt8 = 0
            for pair in 0..<digits.count / 2 {
                let high = digits[2 &* pair] &- 48, low = digits[2 &* pair &+ 1] &- 48
                let value = high &* 10 &+ low
                invalid |= (high > 9 ? 1 : 0) | (low > 9 ? 1 : 0) | (value > 77 ? 1 : 0)
                characters[pair] = value &+ 45
            }
            bad = invalid != 0
            return bad ? 0 : digits.count / 2
        }
        if bad { throw numericProblem(digits) }
        return text
    }

    /// Where the numeric part first holds a byte that is not a digit or a pair above 77.
    private static func numericProblem(_ digits: UnsafeBufferPointer<UInt8>) -> FormatError {
        for pair in 0..<digits.count / 2 {
            let high = Int(digits[2 * pair]) - 48, low = Int(digits[2 * pair + 1]) - 48
            guard (0...9).contains(high), (0...9).contains(low) else {
                let position = (0...9).contains(high) ? 2 * pair + 1 : 2 * pair
                return FormatError("numeric", "character \(position + 1) of the numeric part is not a digit", at: position)
            }
            if high * 10 + low > 77 { return FormatError("numeric", "digit pair \(high * 10 + low) is above 77 (not a JWS character)", at: 2 * pair) }
        }
        return FormatError("numeric", "the numeric part is not digits")
    }

    /// Joins chunks (in any order) into the compact JWS; every chunk of the set must be
    /// present once (a repeated identical chunk is tolerated).
    public static func join(_ chunks: [Chunk]) throws(FormatError) -> String {
        guard let first = chunks.first else { throw FormatError("prefix", "no SMART Health Card text") }
        guard chunks.allSatisfy({ $0.count == first.count }) else { throw FormatError("chunks", "the QR codes are not of one card (their chunk counts differ)") }
        var byIndex = [Int: String]()
        for chunk in chunks {
            if let seen = byIndex[chunk.index], seen != chunk.jws { throw FormatError("chunks", "two different QR codes claim to be chunk \(chunk.index) of \(chunk.count)") }
            byIndex[chunk.index] = chunk.jws
        }
        let missing = (1...first.count).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            throw FormatError("chunks", "chunk\(missing.count == 1 ? "" : "s") \(missing.map(String.init).joined(separator: ", ")) of \(first.count) missing: scan every QR code of the card")
        }
        return (1...first.count).map { byIndex[$0]! }.joined()
    }

    /// The compact JWSs in `text`: QR texts (several separated by white space, for chunks),
    /// a `.smart-health-card` file, or a bare JWS.
    public static func credentials(_ text: String) throws(FormatError) -> [String] {
        let trimmed = TokenCodec.trimmingSpace(text)
        guard trimmed.utf8.count <= maximumJWSCharacters * 2 else {
            throw FormatError("token", "\(trimmed.utf8.count) characters is more than the limit for a SMART Health Card")
        }
        if trimmed.utf8.first == 0x7B { return try fileCredentials(Data(trimmed.utf8)) }
        if claims(trimmed) {
            // One QR text, as most are: read whole, with no look for white space first.
            let space: (UInt8) -> Bool = { $0 == 0x20 || (0x09...0x0D).contains($0) }
            let single: Result<Chunk, FormatError> = Result { () throws(FormatError) in try chunk(trimmed) }
            if case .success(let one) = single { return [one.jws] }
            var bytes = trimmed
            guard bytes.withUTF8({ $0.contains(where: space) }) else { return [try single.get().jws] }
            var chunks = [Chunk]()
            // At the bytes of any white space (CR LF is two of them, so it splits too).
            for part in trimmed.utf8.split(whereSeparator: space) { chunks.append(try chunk(Substring(part))) }
            return [try join(chunks)]
        }
        return [String(trimmed)]
    }

    /// The credentials of a `.smart-health-card` file.
    public static func fileCredentials(_ data: Data) throws(FormatError) -> [String] {
        let tree: CBOR
        do { tree = try JSONTree.parse(data) } catch { throw FormatError("file", "not a .smart-health-card file: \(error)") }
        guard case .array(let items)? = tree[.text("verifiableCredential")], !items.isEmpty, items.count <= 100 else {
            throw FormatError("file", "a .smart-health-card file needs a verifiableCredential array of 1 to 100 entries")
        }
        var credentials = [String]()
        for item in items {
            guard case .text(let jws) = item else { throw FormatError("file", "verifiableCredential holds something other than text") }
            credentials.append(jws)
        }
        return credentials
    }
}
