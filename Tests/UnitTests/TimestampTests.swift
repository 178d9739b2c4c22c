import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

@Suite("Timestamps")
struct TimestampTests {
    /// The arithmetic formatter writes what the date formatter writes, across the years a
    /// log can hold: epoch edges, leap days, century rules, and a spread of random seconds.
    @Test func wholeSecondsAreWrittenAsTheDateFormatterWritesThem() {
        var moments: [Int64] = [0, -1, 1, 86_399, 86_400, -86_400, -86_401, 951_782_400, 951_868_799, 4_107_542_400, 1_780_000_000,
                                -62_135_596_800, -30_610_224_000, 253_402_300_799, 253_402_300_800, -62_135_596_801]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 { moments.append(Int64.random(in: -62_135_596_800...253_402_300_799, using: &generator)) }
        for moment in moments {
            let expected = Timestamps.format(Date(timeIntervalSince1970: TimeInterval(moment)))
            #expect(Timestamps.format(epochSeconds: moment) == expected, "\(moment)")
        }
    }

    /// Every time the formatter writes is read back to the same second, with the same moment
    /// written with offsets, fractions, a space for the T and no seconds.
    @Test func timesAreReadExactlyInEveryAllowedForm() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            // From 1600 on: before it, Foundation's formatter writes the Julian calendar.
            let moment = Int64.random(in: -11_000_000_000...250_000_000_000, using: &generator) / 60 * 60
            let text = Timestamps.format(epochSeconds: moment)
            #expect(Timestamps.parse(text).map(Timestamps.epochSeconds) == moment, "\(text)")
            let day = text.prefix(10), time = text.dropFirst(11).prefix(5)
            #expect(Timestamps.parse("\(day) \(time)z").map(Timestamps.epochSeconds) == moment, "\(text)")
            #expect(Timestamps.parse("\(day)T\(time):00.999Z").map(Timestamps.epochSeconds) == moment, "\(text)")
        }
        #expect(Timestamps.parse("2026-11-21T10:30:00+01:00") == Timestamps.parse("2026-11-21T09:30:00Z"))
        #expect(Timestamps.parse("2026-11-21T04:00-0530") == Timestamps.parse("2026-11-21T09:30:00Z"))
        #expect(Timestamps.parse(" 2026-11-21 ") == Timestamps.parse("2026-11-21T00:00:00Z"))
        #expect(Timestamps.parse("2024-02-29T23:59:59Z").map(Timestamps.epochSeconds) == 1_709_251_199)
    }

    /// A time that does not exist, or has no zone, is refused and the message says why;
    /// Foundation's formatter read `2027-02-30` as 2 March and `2027-01-01 10:00` as midnight.
    @Test func timesThatDoNotExistOrHaveNoZoneAreRefusedWithTheReason() {
        let form = "(expected 2026-11-21T09:30:00Z, 2026-11-21T10:30+01:00 or 2026-11-21)"
        let cases: [(String, String)] = [
            ("2027-02-30", "'2027-02-30' is not a time: month 2 of 2027 has 28 days"),
            ("2027-13-01T10:00Z", "'2027-13-01T10:00Z' is not a time: there is no month 13"),
            ("2027-01-01T24:00Z", "'2027-01-01T24:00Z' is not a time: there is no hour 24 (00 to 23)"),
            ("2027-01-01T10:60Z", "'2027-01-01T10:60Z' is not a time: there is no minute 60 (00 to 59)"),
            ("2027-01-01T10:00:61Z", "'2027-01-01T10:00:61Z' is not a time: there is no second 61 (00 to 59)"),
            ("2027-01-01T10:00", "'2027-01-01T10:00' is not a time: it has no time zone; add Z for UTC, or the offset from UTC such as +01:00"),
            ("2027-01-01 10:00", "'2027-01-01 10:00' is not a time: it has no time zone; add Z for UTC, or the offset from UTC such as +01:00"),
            ("2027-01-01T10:00+24:00", "'2027-01-01T10:00+24:00' is not a time: the offset from UTC is not one (at most 23:59)"),
            ("01/01/2027", "'01/01/2027' is not a time \(form)"),
            ("2027-01-01T10Z", "'2027-01-01T10Z' is not a time \(form)"),
            ("2027-01-01T10:00:00.Z", "'2027-01-01T10:00:00.Z' is not a time \(form)"),
            ("2027-01-01T10:00:00Z junk", "'2027-01-01T10:00:00Z junk' is not a time \(form)"),
            ("2027-1-01", "'2027-1-01' is not a time \(form)"),
            ("", "'' is not a time \(form)"),
            ("2027-01-01T\u{0}", "not a time \(form)"),
        ]
        for (text, reason) in cases {
            #expect(Timestamps.parse(text) == nil, "\(text)")
            #expect(Timestamps.problem(with: text) == reason, "\(text)")
        }
        #expect(Timestamps.problem(with: "2027-01-01T10:00:00Z") == nil)
    }

    /// Times in words are worked out by arithmetic; they match what a date formatter writes.
    @Test func timesInWordsMatchTheFormatter() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "d MMMM yyyy, HH:mm 'UTC'"
        var generator = SystemRandomNumberGenerator()
        for seconds in [0, 86_399, 951_782_400, 4_107_542_399, 253_402_300_799] + (0..<2_000).map({ _ in Int64.random(in: 0...253_402_300_799, using: &generator) }) {
            #expect(HumanTime.describe(seconds) == formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))), "\(seconds)")
        }
    }
}

