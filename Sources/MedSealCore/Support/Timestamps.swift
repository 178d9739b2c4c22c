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

    /// Parses `2026-11-21T09:30:00Z`, with or without fractional seconds, with any UTC offset,
    /// or a bare date `2026-11-21` (midnight UTC).
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds], [.withFullDate]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: trimmed) { return date }
        }
        return nil
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

    /// Whole seconds since 1970 for a date.
    public static func epochSeconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    /// The date for whole seconds since 1970.
    public static func date(epochSeconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(epochSeconds)) }
}
