import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

/// Base64url written and read in one pass agrees with Foundation's base64 on random bytes.
@Suite("Base64url")
struct Base64urlTests {
    @Test func agreesWithFoundation() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let standard = Data(bytes).base64EncodedString()
            let url = standard.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(ByteText.base64url(bytes) == url)
            #expect(ByteText.bytes(strictBase64url: url[...]) == bytes)
            #expect(ByteText.bytes(base64url: standard) == bytes && ByteText.bytes(base64url: url) == bytes)
        }
        for bad in ["a", "ab=c", "a===", "ab*c", "abc="] where bad != "abc=" { #expect(ByteText.bytes(base64url: bad) == nil, "\(bad)") }
        #expect(ByteText.bytes(strictBase64url: "ab+/"[...]) == nil && ByteText.bytes(strictBase64url: "AB"[...]) == nil && ByteText.bytes(strictBase64url: "AA"[...]) == [0])
    }
}
