import Foundation

/// Times and spans in words, for the person reading a verdict.
public enum HumanTime {
    /// `3 March 2026, 14:05 UTC`.
    public static func describe(_ epochSeconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "d MMMM yyyy, HH:mm 'UTC'"
        return formatter.string(from: Timestamps.date(epochSeconds: epochSeconds))
    }

    /// `12 days`, `3 hours`, `1 minute`.
    public static func span(_ seconds: Int64) -> String {
        let value = abs(seconds)
        func unit(_ count: Int64, _ name: String) -> String { "\(count) \(name)\(count == 1 ? "" : "s")" }
        if value >= 2 * 86_400 * 365 { return unit(value / (86_400 * 365), "year") }
        if value >= 2 * 86_400 { return unit(value / 86_400, "day") }
        if value >= 2 * 3_600 { return unit(value / 3_600, "hour") }
        if value >= 60 { return unit(value / 60, "minute") }
        return unit(value, "second")
    }

    /// `12 days ago`.
    public static func ago(_ seconds: Int64) -> String { span(seconds) + " ago" }
}
