import Foundation
import MedSealEncoding

/// Times and spans in words, for the person reading a verdict.
public enum HumanTime {
    /// `3 March 2026, 14:05 UTC`, worked out by arithmetic: a date formatter costs more to
    /// make than a whole verification of another system's credential, and messages are made
    /// for every verification, shown or not.
    public static func describe(_ epochSeconds: Int64) -> String {
        let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        guard let day = FullDate(daysSinceEpoch: days) else { return Timestamps.format(epochSeconds: epochSeconds) }
        let second = Int(epochSeconds - days * 86_400)
        let hour = second / 3_600, minute = second / 60 % 60
        return "\(day.day) \(months[day.month - 1]) \(day.year), \(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute) UTC"
    }

    private static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    /// `12 days`, `3 hours`, `1 minute`.
    public static func span(_ seconds: Int64) -> String { Phrases(.en).span(seconds) }

    /// `12 days ago`.
    public static func ago(_ seconds: Int64) -> String { span(seconds) + " ago" }
}
