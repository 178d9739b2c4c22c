import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering
@testable import MedSealInterop
import Testing

/// A keyboard-wedge scanner that sends a US keyboard's keys to a computer set to another
/// layout: what it types is read back and verified. The typing here is independent of the
/// reader's tables: each layout's characters for the US keys, from xkeyboard-config's
/// `symbols` files (xkb-data 2.35), with its dead key for `+` composed as X11 and Windows do.
@Suite("Scanners typing through another keyboard layout")
struct KeyboardLayoutTests {
    enum DeadKey { case none, grave, tilde }

    struct Typist: CustomTestStringConvertible, Sendable {
        let name: String
        let keys: [Character: Character]
        let dead: DeadKey
        var testDescription: String { name }

        /// What the scanner's US keys type on this layout.
        func type(_ text: String) -> String {
            let composed: [Character: Character] = dead == .grave ? ["A": "À", "E": "È", "I": "Ì", "O": "Ò", "U": "Ù"]
                : dead == .tilde ? ["A": "Ã", "N": "Ñ", "O": "Õ"] : [:]
            var result = "", characters = text[...]
            while let character = characters.popFirst() {
                if character == "+" && dead != .none {
                    if let next = characters.first, let accented = composed[next] { result.append(accented); characters = characters.dropFirst() } else { result.append(dead == .grave ? "`" : "~") }
                } else {
                    result.append(keys[character] ?? character)
                }
            }
            return result
        }
    }

    static let qwertz: [Character: Character] = ["Y": "Z", "Z": "Y", "y": "z", "z": "y"]
    static let azerty: [Character: Character] = ["1": "&", "2": "é", "3": "\"", "4": "'", "5": "(", "7": "è", "9": "ç", "0": "à", "$": "4", "%": "5", "*": "8",
                                                 "-": ")", ".": ":", ":": "M", "A": "Q", "Q": "A", "a": "q", "q": "a", "W": "Z", "Z": "W", "w": "z", "z": "w", "M": "?", "m": ","]
    static let nordic: [Character: Character] = ["$": "¤", "*": "(", "-": "+", "/": "-"]

    static let typists: [Typist] = [
        Typist(name: "German", keys: qwertz.merging(["*": "(", "-": "ß", "/": "-", ":": "Ö"]) { $1 }, dead: .grave),
        Typist(name: "Swiss", keys: qwertz.merging(["$": "ç", "*": "(", "-": "'", "/": "-", ":": "é"]) { $1 }, dead: .grave),
        Typist(name: "French", keys: azerty.merging(["6": "-", "8": "_", "/": "!"]) { $1 }, dead: .none),
        Typist(name: "Belgian", keys: azerty.merging(["6": "§", "8": "!", "+": "_", "/": "="]) { $1 }, dead: .none),
        Typist(name: "Spanish", keys: ["*": "(", "+": "¿", "-": "'", "/": "-", ":": "Ñ"], dead: .none),
        Typist(name: "Latin American", keys: ["*": "(", "+": "¡", "-": "'", "/": "-", ":": "Ñ"], dead: .none),
        Typist(name: "Italian", keys: ["*": "(", "+": "^", "-": "'", "/": "-", ":": "ç"], dead: .none),
        Typist(name: "Portuguese", keys: ["*": "(", "+": "»", "-": "'", "/": "-", ":": "Ç"], dead: .none),
        Typist(name: "Brazilian", keys: ["/": ";", ":": "Ç"], dead: .none),
        Typist(name: "Swedish", keys: nordic.merging([":": "Ö"]) { $1 }, dead: .grave),
        Typist(name: "Norwegian", keys: nordic.merging([":": "Ø"]) { $1 }, dead: .grave),
        Typist(name: "Danish", keys: nordic.merging([":": "Æ"]) { $1 }, dead: .grave),
        Typist(name: "Dutch", keys: ["*": "(", "-": "/", "/": "-", ":": "±"], dead: .tilde),
    ]

    /// Conformance vector 001 (an emergency card) and its verifier as of the vector's moment.
    static func medsealCard() throws -> (token: String, verifier: CredentialVerifier, context: VerificationContext) {
        let object = try JSONSerialization.jsonObject(with: InteropFixtures.data(InteropFixtures.root + "/Vectors/cases/001-valid-emergency.json")) as! [String: Any]
        let folder = try InteropFixtures.temporaryFolder()
        for name in try FileManager.default.contentsOfDirectory(atPath: InteropFixtures.root + "/Vectors/trust") where name.hasSuffix(".pub") {
            try FileManager.default.copyItem(atPath: InteropFixtures.root + "/Vectors/trust/" + name, toPath: folder + "/" + name)
        }
        return (object["token"] as! String, try InteropFixtures.verifier(VerifierStore(folder: folder)), VerificationContext(now: Timestamps.parse(object["at"] as! String)!))
    }

    @Test(arguments: KeyboardLayoutTests.typists)
    func aCredentialTypedThroughTheLayoutVerifies(typist: Typist) throws {
        let card = try Self.medsealCard()
        let typed = typist.type(card.token)
        #expect(typed != card.token && !typed.hasPrefix("MS1:"))
        #expect(card.verifier.verifyAsTyped(typed, context: card.context).status == .malformed, "unreadable as typed")
        let result = card.verifier.verify(typed, context: card.context)
        #expect(result.isValid && result.credential?.claims.document.kind == .emergency, "\(typist.name): \(result.reasons)")
        // With Caps Lock on as well: every letter key types a small letter (accented ones and
        // those of the layout's own, such as Ö, too); other keys are unchanged.
        let capsLock = String(typed.map { $0.isLetter && $0.isUppercase ? Character($0.lowercased()) : $0 })
        #expect(card.verifier.verify(capsLock, context: card.context).isValid, "\(typist.name) with Caps Lock")

        // A SMART Health Card's QR text: small letters, ':', '/' and digits.
        let shc = try InteropFixtures.verifier(InteropFixtures.shcStore())
        let qr = try InteropFixtures.read(InteropFixtures.shc + "/example-00-f-qr-code-numeric-value-0.txt").trimmingCharacters(in: .whitespacesAndNewlines)
        let typedQR = typist.type(qr)
        #expect(typedQR != qr)
        let shcResult = shc.verify(typedQR, context: SHCExampleTests.beforeExpiry)
        #expect(shcResult.isValid, "\(typist.name): \(shcResult.reasons)")
    }

    /// A reading must still pass the signature: a typed card with one character changed is
    /// not valid, and text that no reading gets as far as a signature says what to set.
    @Test func aReadingIsNeverTrustedWithoutItsSignature() throws {
        let card = try Self.medsealCard()
        let german = Self.typists[0]
        var typed = Array(german.type(card.token))
        let index = typed.count - 10
        typed[index] = typed[index] == "0" ? "1" : "0"
        #expect(!card.verifier.verify(String(typed), context: card.context).isValid)
        let garbage = card.verifier.verify("MS1ÖNOT A TOKEN", context: card.context)
        #expect(garbage.status == .malformed)
        #expect(garbage.reasons.first?.message.hasSuffix("; the text reads as a credential typed through another keyboard layout (German or Swedish or Finnish): set the scanner's keyboard language to this computer's, or this computer's keyboard to US English") == true,
                "\(garbage.reasons)")
        // Text that is no credential in any layout gets no hint.
        #expect(card.verifier.verify("hello", context: card.context).reasons.first?.message.contains("keyboard") == false)
    }
}
