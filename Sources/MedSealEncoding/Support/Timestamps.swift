import Foundation

/// Reading and writing the times and durations that users type and files store.
public enum Timestamps {
    /// An ISO 8601 time in UTC, to the second: `2026-11-21T09:30:00Z`.
    public static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// ``format(_:)`` of a whole second since 1970, worked out by arithmetic (a date
    /// formatter costs more to make than a log entry costs to write); the same text. Years
    /// before 1600 go to the formatter, whose calendar is Julian before October 1582.
    public static func format(epochSeconds: Int64) -> String {
        let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        guard let day = FullDate(daysSinceEpoch: days), day.year >= 1600 else { return format(Self.date(epochSeconds: epochSeconds)) }
        let second = Int(epochSeconds - days * 86_400)
        func twoDigits(_ number: Int) -> String { number < 10 ? "0\(number)" : String(number) }
        return "\(day)T\(twoDigits(second / 3600)):\(twoDigits(second / 60 % 60)):\(twoDigits(second % 60))Z"
    }

    /// Parses a time as RFC 3339 writes it (`2026-11-21T09:30:00Z`, with a fraction of a
    /// second, any UTC offset, a space or `T` between date and time, seconds optional), or a
    /// bare date `2026-11-21` (midnight UTC). `nil` for anything else, including times that do
    /// not exist (`2027-02-30`, `25:00`) and times without a zone, which could be anywhere's.
    /// (Foundation's ISO 8601 formatter is lenient: it reads `2027-02-30` as 2 March, and
    /// `2027-01-01 10:00` as midnight.)
    public static func parse(_ text: String) -> Date? {
        guard case .success(let seconds) = moment(text) else { return nil }
        return date(epochSeconds: seconds)
    }

    /// Why `text` is not a time ``parse(_:)`` reads, said so that a person can fix it; `nil`
    /// when it is one.
    public static func problem(with text: String) -> String? {
        guard case .failure(let problem) = moment(text) else { return nil }
        return problem.reason
    }

    /// Why a text is not a time.
    struct TimeProblem: Error { let reason: String }

    /// Whole seconds since 1970 of a time ``parse(_:)`` reads (a fraction is dropped).
    static func moment(_ text: String) -> Result<Int64, TimeProblem> {
        let trimmed = text.trimmingSpaces
        let characters = Array(trimmed.utf8)
        let printable = characters.count <= 40 && trimmed.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
        let notATime = printable ? "'\(trimmed)' is not a time" : "not a time"
        let form = "\(notATime) (expected 2026-11-21T09:30:00Z, 2026-11-21T10:30+01:00 or 2026-11-21)"
        guard characters.count >= 10 else { return .failure(TimeProblem(reason: form)) }
        let dayText = String(decoding: characters[0..<10], as: UTF8.self)
        guard let day = FullDate(dayText) else {
            return .failure(TimeProblem(reason: FullDate.numbers(of: dayText) == nil ? form : FullDate.problem(with: dayText).replacingOccurrences(of: "'\(dayText)' is not a date", with: notATime)))
        }
        let midnight = day.daysSinceEpoch * 86_400
        if characters.count == 10 { return .success(midnight) }
        var reader = Digits(characters, at: 10)
        guard reader.take(["T", "t", " "]), let hour = reader.number(2), reader.take([":"]), let minute = reader.number(2) else {
            return .failure(TimeProblem(reason: form))
        }
        var second = 0
        if reader.take([":"]) {
            guard let value = reader.number(2) else { return .failure(TimeProblem(reason: form)) }
            second = value
            if reader.take(["."]) { guard reader.skipDigits() else { return .failure(TimeProblem(reason: form)) } }
        }
        guard hour <= 23 else { return .failure(TimeProblem(reason: "\(notATime): there is no hour \(hour) (00 to 23)")) }
        guard minute <= 59 else { return .failure(TimeProblem(reason: "\(notATime): there is no minute \(minute) (00 to 59)")) }
        guard second <= 59 else { return .failure(TimeProblem(reason: "\(notATime): there is no second \(second) (00 to 59)")) }
        var offset = 0
        if reader.take(["Z", "z"]) {
        } else if let sign = reader.sign(), let hours = reader.number(2) {
            _ = reader.take([":"])
            guard let minutes = reader.number(2) else { return .failure(TimeProblem(reason: form)) }
            guard hours <= 23, minutes <= 59 else { return .failure(TimeProblem(reason: "\(notATime): the offset from UTC is not one (at most 23:59)")) }
            offset = sign * (hours * 3_600 + minutes * 60)
        } else if reader.atEnd {
            return .failure(TimeProblem(reason: "\(notATime): it has no time zone; add Z for UTC, or the offset from UTC such as +01:00"))
        } else {
            return .failure(TimeProblem(reason: form))
        }
        guard reader.atEnd else { return .failure(TimeProblem(reason: form)) }
        return .success(midnight + Int64(hour * 3_600 + minute * 60 + second - offset))
    }

    /// Reads ASCII digits and marks from a position in a text, for ``moment(_:)``.
    private struct Digits {
        let characters: [UInt8]
        var position: Int

        init(_ characters: [UInt8], at position: Int) {
            self.characters = characters
            self.position = position
        }

        var atEnd: Bool { position == characters.count }

        /// Moves past one of `marks` when it is next.
        mutating func take(_ marks: [Unicode.Scalar]) -> Bool {
            guard !atEnd, marks.contains(where: { UInt8($0.value) == characters[position] }) else { return false }
            position += 1
            return true
        }

        /// The value of the next `count` characters when they are all digits.
        mutating func number(_ count: Int) -> Int? {
            guard position + count <= characters.count else { return nil }
            var value = 0
            for byte in characters[position..<position + count] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            position += count
            return value
        }

        /// Moves past one or more digits.
        mutating func skipDigits() -> Bool {
            let start = position
            while !atEnd && (0x30...0x39).contains(characters[position]) { position += 1 }
            return position > start
        }

        /// +1 or -1 for a `+` or `-` next.
        mutating func sign() -> Int? {
            if take(["+"]) { return 1 }
            if take(["-"]) { return -1 }
            return nil
        }
    }

    /// Parses a duration such as `365d`, `12h`, `30m`, `90s`, `8w` or `5y` (a year is 365 days)
    /// into seconds. Refuses zero, negative and absurd (over 100 years) values.
    public static func parseDuration(_ text: String) -> Int64? {
        guard let unit = text.last, let number = Int64(text.dropLast()), number > 0 else { return nil }
        let seconds: Int64
        switch unit {
        case "s": seconds = 1
        case "m": seconds = 60
        case "h": seconds = 3_600
        case "d": seconds = 86_400
        case "w": seconds = 604_800
        case "y": seconds = 31_536_000
        default: return nil
        }
        guard number <= 100 * 31_536_000 / seconds else { return nil }
        return number * seconds
    }

    /// The times MedSeal accepts from any file or token, in seconds since 1970: the start of
    /// 1970 to the end of 9999. Every signed or stored time is checked against it when read,
    /// so that adding a clock skew, a validity or an age to one can never overflow.
    public static let plausibleRange: ClosedRange<Int64> = 0...253_402_300_799

    /// Whether `seconds` lies in ``plausibleRange``.
    public static func isPlausible(_ seconds: Int64) -> Bool { plausibleRange.contains(seconds) }

    /// Whole seconds since 1970 for a date (clamped to what an Int64 holds, for a date far
    /// outside any real use).
    public static func epochSeconds(_ date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds.isFinite else { return seconds > 0 ? .max : .min }
        if seconds >= 9.2e18 { return .max }
        if seconds <= -9.2e18 { return .min }
        return Int64(seconds)
    }

    /// The date for whole seconds since 1970.
    public static func date(epochSeconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(epochSeconds)) }
}
