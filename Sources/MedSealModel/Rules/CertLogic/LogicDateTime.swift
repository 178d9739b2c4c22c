import Foundation
import MedSealEncoding

/// CertLogic's date-times: the formats `plusTime` reads, its offsets (which behave as
/// JavaScript's `Date.setUTC…` methods), and `dccDateOfBirth`'s reading of partial dates.
public enum LogicDateTime {
    static let day: Int64 = 86_400_000

    /// Days from 1970-01-01 to the given proleptic Gregorian date; `month` 1…12 and `day` may
    /// run over (day 0 is the last of the month before), as JavaScript's `MakeDay` allows.
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let monthIndex = month - 1
        let wholeYears = monthIndex >= 0 ? monthIndex / 12 : (monthIndex - 11) / 12
        guard let first = FullDate(year: Int(year + wholeYears), month: Int(monthIndex - wholeYears * 12 + 1), day: 1) else { return 0 }
        return first.daysSinceEpoch + (day - 1)
    }

    /// The UTC year, month (1…12) and day of `days` since 1970.
    static func civil(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let date = FullDate(daysSinceEpoch: days) ?? FullDate(year: 1970, month: 1, day: 1)!
        return (Int64(date.year), Int64(date.month), Int64(date.day))
    }

    static func lastDay(year: Int64, month: Int64) -> Int64 { days(year: year, month: month + 1, day: 1) - days(year: year, month: month, day: 1) }

    /// Reads a date or date-time in one of the formats CertLogic allows (`YYYY`, `YYYY-MM`,
    /// `YYYY-MM-DD`, and `YYYY-MM-DDThh:mm:ss` with optional fraction and offset); `nil` for
    /// anything else. Partial dates mean their last day, as `dccDateOfBirth` reads them.
    public static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        var at = 0
        func number(_ count: Int) -> Int64? {
            guard at + count <= bytes.count, bytes[at..<(at + count)].allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            defer { at += count }
            return bytes[at..<(at + count)].reduce(0) { $0 * 10 + Int64($1 - 0x30) }
        }
        func take(_ byte: UInt8) -> Bool {
            guard at < bytes.count, bytes[at] == byte else { return false }
            at += 1
            return true
        }
        guard let year = number(4) else { return nil }
        if at == bytes.count { return days(year: year, month: 12, day: 31) * day }
        guard take(0x2D), let month = number(2), (1...12).contains(month) else { return nil }
        if at == bytes.count { return days(year: year, month: month, day: lastDay(year: year, month: month)) * day }
        guard take(0x2D), let date = number(2), (1...31).contains(date) else { return nil }
        var milliseconds = days(year: year, month: month, day: date) * day
        if at == bytes.count { return milliseconds }
        guard take(0x54), let hour = number(2), take(0x3A), let minute = number(2), take(0x3A), let second = number(2),
              hour < 24, minute < 60, second < 61 else { return nil }
        milliseconds += ((hour * 60 + minute) * 60 + second) * 1_000
        if take(0x2E) {
            var digits = 0
            var fraction: Int64 = 0
            while at < bytes.count, (0x30...0x39).contains(bytes[at]) {
                if digits < 3 { fraction = fraction * 10 + Int64(bytes[at] - 0x30) }
                digits += 1
                at += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) { fraction *= 10 }
            milliseconds += fraction
        }
        if at == bytes.count || (take(0x5A) && at == bytes.count) { return at == bytes.count ? milliseconds : nil }
        guard at < bytes.count, bytes[at] == 0x2B || bytes[at] == 0x2D else { return nil }
        let sign: Int64 = bytes[at] == 0x2D ? -1 : 1
        at += 1
        // h, hh, hmm, hhmm, h:mm, hh:mm
        let rest = Array(bytes[at...])
        var hours: Int64, minutes: Int64 = 0
        let digitsOnly = { (part: ArraySlice<UInt8>) in part.allSatisfy { (0x30...0x39).contains($0) } }
        func value(_ part: ArraySlice<UInt8>) -> Int64 { part.reduce(0) { $0 * 10 + Int64($1 - 0x30) } }
        if let colon = rest.firstIndex(of: 0x3A) {
            let head = rest[..<colon], tail = rest[(colon + 1)...]
            guard (1...2).contains(head.count), tail.count == 2, digitsOnly(head), digitsOnly(tail) else { return nil }
            hours = value(head)
            minutes = value(tail)
        } else {
            guard (1...4).contains(rest.count), digitsOnly(rest[...]) else { return nil }
            switch rest.count {
            case 1, 2: hours = value(rest[...])
            case 3: hours = value(rest[0..<1]); minutes = value(rest[1...])
            default: hours = value(rest[0..<2]); minutes = value(rest[2...])
            }
        }
        guard hours < 24, minutes < 60 else { return nil }
        return milliseconds - sign * (hours * 60 + minutes) * 60_000
    }

    /// `dccDateOfBirth`: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as the last day they allow.
    public static func dateOfBirth(_ text: String) -> Int64? {
        guard [4, 7, 10].contains(text.utf8.count) else { return nil }
        return parse(text)
    }

    public enum Unit: String, Sendable { case year, month, day, hour }

    /// `plusTime`: `amount` units later (or earlier), as JavaScript's `setUTC…(getUTC…() + amount)`.
    public static func adding(_ amount: Int64, _ unit: Unit, to milliseconds: Int64) -> Int64 {
        switch unit {
        case .hour: return milliseconds + amount * 3_600_000
        case .day: return milliseconds + amount * day
        case .month, .year:
            let dayNumber = Int64((Double(milliseconds) / Double(day)).rounded(.down))
            let timeOfDay = milliseconds - dayNumber * day
            let (year, month, date) = civil(dayNumber)
            let shifted = unit == .year ? days(year: year + amount, month: month, day: date) : days(year: year, month: month + amount, day: date)
            return shifted * day + timeOfDay
        }
    }

    /// ISO 8601 text with milliseconds, in UTC.
    public static func text(_ milliseconds: Int64) -> String {
        let dayNumber = Int64((Double(milliseconds) / Double(day)).rounded(.down))
        let rest = milliseconds - dayNumber * day
        let (year, month, date) = civil(dayNumber)
        return String(format: "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ", year, month, date, rest / 3_600_000, rest / 60_000 % 60, rest / 1_000 % 60, rest % 1_000)
    }
}
