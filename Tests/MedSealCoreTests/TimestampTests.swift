import Foundation
import Testing
@testable import MedSealCore

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
}
