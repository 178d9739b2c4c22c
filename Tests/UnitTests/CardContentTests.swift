import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

@Suite("Card content")
struct CardContentTests {
    /// A contact line too long for its box is wrapped before the phone number, never inside
    /// it: "+34 612 / 345 678" over two lines is easy to misdial. The number is isolated as
    /// left-to-right text, for right-to-left lines.
    @Test func aPhoneNumberIsNeverWrappedAcrossLines() throws {
        let json = #"{"patient":{"name":"A B","birthDate":"1990-01-01"},"contacts":[{"name":"Jose Garcia","relation":"Husband","phone":"+34 612 345 678"}]}"#
        let document = try CredentialDocument.fromJSON(Data(json.utf8), type: .emergency)
        let claims = CredentialClaims(issuer: "Clinic", issuedAt: 0, expiresAt: 1, credentialID: [UInt8](repeating: 1, count: 8), document: document)
        let content = CardContent(claims: claims, labels: CardLabels(language: .en))
        let line = try #require(content.lists["contacts"]?.first)
        #expect(line == "Jose Garcia (Husband): \u{2066}+34\u{A0}612\u{A0}345\u{A0}678\u{2069}")
        // The width of the wallet card's contact box at its font size, and narrower ones.
        for width in [150.0, 120.0, 100.0] {
            let wrapped = TextFit.wrap(line, width: width, size: 8)
            #expect(wrapped.count > 1 && wrapped.last == "\u{2066}+34\u{A0}612\u{A0}345\u{A0}678\u{2069}", "\(width): \(wrapped)")
        }
    }
}
