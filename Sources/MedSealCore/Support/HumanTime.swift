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
    public static func span(_ seconds: Int64) -> String { Phrases(.en).span(seconds) }

    /// `12 days ago`.
    public static func ago(_ seconds: Int64) -> String { span(seconds) + " ago" }
}
