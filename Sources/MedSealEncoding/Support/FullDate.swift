/// A calendar date without time (`1980-04-12`): text in JSON; in tokens, the number of
/// days since 1970-01-01 (the number RFC 8943 puts under tag 100, without the tag: the
/// field's key already says it is a date, and the tag would cost two bytes a date).
public struct FullDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, CBORRepresentable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A date, or `nil` when the day does not exist in the Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= FullDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(_ text: String) {
        guard let (year, month, day) = FullDate.numbers(of: text) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The numbers of a text in the form `YYYY-MM-DD`, not yet checked against the calendar.
    static func numbers(of text: String) -> (year: Int, month: Int, day: Int)? {
        var text = text
        return text.withUTF8(numbers(utf8:))
    }

    /// A date written `YYYY-MM-DD` in these UTF-8 bytes, where they lie.
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard let (year, month, day) = FullDate.numbers(utf8: bytes) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The numbers of `YYYY-MM-DD` bytes. Byte by byte, in place: every date of every
    /// credential is read here.
    static func numbers(utf8 bytes: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int, day: Int)? {
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = bytes[index] &- 0x30
                guard digit <= 9 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        return (year, month, day)
    }

    /// The date `days` days after 1970-01-01 (negative before it).
    public init?(daysSinceEpoch days: Int64) {
        guard abs(days) < 3_000_000 else { return nil }
        // Civil-from-days (proleptic Gregorian), after H. Hinnant's public-domain algorithm.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.init(year: Int(year), month: Int(month), day: Int(day))
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date (in UTC) of a moment given in seconds since 1970.
    public init(epochSeconds: Int64) {
        let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        self = FullDate(daysSinceEpoch: days) ?? FullDate(year: 1970, month: 1, day: 1)!
    }

    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (a: FullDate, b: FullDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = FullDate(text) else { throw FieldError(path: describePath(decoder.codingPath), FullDate.problem(with: text)) }
        self = date
    }

    /// Why `text` is not a date, said so that a person can fix it: the text itself (when it
    /// is short and printable), then the month that does not exist, the days its month has,
    /// or the form expected.
    static func problem(with text: String) -> String {
        let printable = text.count <= 32 && text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
        let notADate = printable ? "'\(text)' is not a date" : "not a date"
        guard let (year, month, _) = numbers(of: text) else { return "\(notADate) (expected YYYY-MM-DD)" }
        if year == 0 { return "\(notADate): years start at 0001" }
        if !(1...12).contains(month) { return "\(notADate): there is no month \(month)" }
        return "\(notADate): month \(month) of \(year) has \(daysIn(month: month, year: year)) days"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Days since 1970-01-01, as an integer.
    public var cbor: CBOR { .int(daysSinceEpoch) }

    public init(compact cursor: inout CBORCursor) throws(FormatError) {
        let start = cursor.position
        guard let count = try? cursor.readInt(), let date = FullDate(daysSinceEpoch: count) else {
            throw cursor.fail("not a date (expected a day count since 1970-01-01)", at: start)
        }
        self = date
    }
}
