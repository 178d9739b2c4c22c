import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

@Suite("Counts in messages")
struct EnglishCountTests {
    @Test func oneTakesTheSingularAndEveryOtherCountThePlural() {
        #expect(EnglishCount.of(1, "entry", "entries") == "1 entry")
        #expect(EnglishCount.of(0, "entry", "entries") == "0 entries")
        #expect(EnglishCount.of(2, "dose") == "2 doses")
        #expect(EnglishCount.of(1, "signing key") == "1 signing key")
        #expect(EnglishCount.of(-1, "dose") == "-1 doses")
    }
}
