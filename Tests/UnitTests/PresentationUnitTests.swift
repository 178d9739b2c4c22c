import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore

/// Holder-bound credentials and presentations in the library, over the corpus of
/// `Vectors/corpus/`: cutting a record into parts and joining them loses nothing, every
/// choice of parts verifies with exactly those parts, no changed bit passes, and sealed items
/// open only with the emergency-access key.
@Suite("Presentations")
struct PresentationUnitTests {
    static let now = Date()
    static let issuer = IssuerSigningKey.generate(issuer: "Centro de Salud de Prueba", notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(86_400 * 800))
    static let holder = IssuerSigningKey.generate(issuer: "holder", notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(86_400 * 800), types: [], role: .holder)
    static let verifier = Verifier(trust: TrustStore(keys: [issuer.publicKey]))

    static func document(_ record: PackedTokenTests.CorpusRecord) throws -> CredentialDocument {
        try CredentialDocument.fromJSON(Data(contentsOf: URL(fileURLWithPath: record.file)), type: record.type)
    }

    static func credential(_ document: CredentialDocument) throws -> HolderCredential {
        let issued = try CredentialIssuer(key: issuer).issue(document, holderKey: holder.publicKey.publicKey, now: now, lifetime: 86_400 * 365)
        return try HolderCredential(token: issued.token)
    }

    /// The document with its lists in one order, to compare documents whose parts were joined.
    static func normalized(_ document: CredentialDocument) -> String {
        guard let object = try? JSONTape([UInt8](document.json())).root.foundationValue as? [String: Any] else { return "" }
        var sorted = object
        for (key, value) in object {
            if let list = value as? [Any] {
                sorted[key] = list.map { String(decoding: (try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys, .fragmentsAllowed])) ?? Data(), as: UTF8.self) }.sorted()
            }
        }
        return String(decoding: (try? JSONSerialization.data(withJSONObject: sorted, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
    }

    @Test(arguments: PackedTokenTests.corpus)
    func cuttingARecordIntoPartsAndJoiningThemLosesNothing(_ record: PackedTokenTests.CorpusRecord) throws {
        let document = try PresentationUnitTests.document(record)
        let parts = WithholdableParts(document)
        #expect(Set(parts.disclosures.map(\.salt)).count == parts.disclosures.count, "salts are random and distinct")
        var problems = [String](), texts = CBORCursor.TextsRead()
        let back = try parts.clearDocument.merging(parts.disclosures, floorProblems: &problems, texts: &texts)
        #expect(PresentationUnitTests.normalized(back) == PresentationUnitTests.normalized(document))
        #expect(problems.isEmpty, "MedSeal keeps every critical fact in clear: \(problems)")
        if case .emergency(let summary) = document, case .emergency(let clear) = parts.clearDocument {
            // The safety floor is in clear: with nothing put back, it is all still there.
            #expect(CriticalFact.of(summary, Phrases(.en)) == CriticalFact.of(clear, Phrases(.en)))
        }
    }

    @Test(arguments: PackedTokenTests.corpus)
    func everyChoiceOfPartsVerifiesWithExactlyThoseParts(_ record: PackedTokenTests.CorpusRecord) throws {
        let credential = try PresentationUnitTests.credential(PresentationUnitTests.document(record))
        let labels = credential.labels
        // Each part alone, all of them, and none of them (for an emergency summary).
        var choices = labels.map { Set([$0]) } + [Set(labels)]
        if record.type == .emergency { choices.append([]) }
        for choice in choices {
            let token = try credential.present(revealing: choice, now: PresentationUnitTests.now, lifetime: 3_600, holderKey: PresentationUnitTests.holder)
            let result = PresentationUnitTests.verifier.verify(token)
            try #require(result.isValid, "\(record) showing \(choice): \(result.reasons)")
            let facts = try #require(result.credential?.presentation)
            #expect(facts.revealed.count == choice.count && facts.withheld.count == labels.count - choice.count)
            #expect(facts.holderKid == PresentationUnitTests.holder.publicKey.kid)
        }
    }

    @Test func noChangedBitOfAPresentationPasses() throws {
        let record = try #require(PackedTokenTests.corpus.first { $0.file.hasSuffix("emergency/es-03.json") })
        let credential = try PresentationUnitTests.credential(PresentationUnitTests.document(record))
        let token = try credential.present(revealing: Set(credential.labels.prefix(2)), now: PresentationUnitTests.now, lifetime: 3_600,
                                           audience: "Clínica Norte", nonce: "N0NCE", holderKey: PresentationUnitTests.holder)
        let body = try Base45.decode(token.dropFirst(4))
        var context = VerificationContext(now: PresentationUnitTests.now)
        context.audience = "Clínica Norte"
        context.nonce = "N0NCE"
        #expect(PresentationUnitTests.verifier.verify(token, context: context).isValid)
        for index in 1..<body.count {
            var changed = body
            changed[index] ^= UInt8(1 << (index % 8))
            let result = PresentationUnitTests.verifier.verify("MS1:" + Base45.encode(changed), context: context)
            #expect(!result.isValid, "byte \(index) bit \(index % 8) changed and still valid")
        }
    }

    @Test func theSafetyFloorIsCheckedOnWhatTheIssuerSigned() throws {
        let patient = Patient(name: "Test", birthDate: FullDate("1980-01-01")!)
        let summary = EmergencySummary(patient: patient, bloodType: "A+", allergies: [Allergy(substance: "Penicillin", severity: .high)])
        // A digest under a floor section's label breaks the floor, whatever is revealed.
        let found = HolderBinding.Found(holderKey: PresentationUnitTests.holder.publicKey.publicKey, digests: [2: [UInt8](repeating: 0, count: 16)], type: .emergency)
        #expect(try found.facts(revealed: []).floorProblems == ["bloodType can be withheld"])
        // A severe allergy inside a withholdable part does too, once revealed.
        var problems = [String](), texts = CBORCursor.TextsRead()
        let severe = Disclosure(label: WithholdableSection.allergies.rawValue, value: try CBORValueEncoder.encode(summary.allergies!))
        _ = try CredentialDocument.emergency(EmergencySummary(patient: patient)).merging([severe], floorProblems: &problems, texts: &texts)
        #expect(problems == ["the severe allergy to Penicillin can be withheld"])
        // What MedSeal issues keeps the floor in clear: nothing to withhold there.
        #expect(WithholdableParts(.emergency(summary)).disclosures.isEmpty)
    }

    @Test func sealedItemsOpenOnlyWithTheEmergencyAccessKey() throws {
        let record = try #require(PackedTokenTests.corpus.first { $0.file.hasSuffix("emergency/fr-01.json") })
        let document = try PresentationUnitTests.document(record)
        let access = SealingSecret.generate(role: .emergencyAccess, name: "SAMU", notBefore: PresentationUnitTests.now.addingTimeInterval(-60), notAfter: PresentationUnitTests.now.addingTimeInterval(86_400))
        let other = SealingSecret.generate(role: .emergencyAccess, name: "Other", notBefore: PresentationUnitTests.now.addingTimeInterval(-60), notAfter: PresentationUnitTests.now.addingTimeInterval(86_400))
        let issued = try CredentialIssuer(key: PresentationUnitTests.issuer).issue(document, now: PresentationUnitTests.now, lifetime: 86_400,
                                                                                   sealing: ([.conditions, .notes, .allergies], access.publicKey))
        let result = PresentationUnitTests.verifier.verify(issued.token)
        try #require(result.isValid, "\(result.reasons)")
        let claims = try #require(result.credential?.claims)
        guard case .emergency(let shown) = claims.document, case .emergency(let original) = document else { Issue.record("not an emergency summary"); return }
        #expect(shown.conditions == nil && shown.notes == nil)
        #expect(CriticalFact.of(shown, Phrases(.en)) == CriticalFact.of(original, Phrases(.en)), "the floor is never sealed")
        let sealed = try #require(claims.sealed)
        #expect(throws: FormatError.self) { try sealed.open(with: other) }
        let opened = try sealed.open(with: access)
        var problems = [String](), texts = CBORCursor.TextsRead()
        #expect(PresentationUnitTests.normalized(try claims.document.merging(opened, floorProblems: &problems, texts: &texts)) == PresentationUnitTests.normalized(document))
        // A grant opens only with the station it was sealed to.
        let station = SealingSecret.generate(role: .station, name: "Ambulance", notBefore: PresentationUnitTests.now, notAfter: PresentationUnitTests.now.addingTimeInterval(86_400))
        let otherStation = SealingSecret.generate(role: .station, name: "School", notBefore: PresentationUnitTests.now, notAfter: PresentationUnitTests.now.addingTimeInterval(86_400))
        let grant = access.grant(to: station.publicKey)
        #expect(try station.openGrant(grant, name: "grant").publicKey == access.publicKey)
        #expect(throws: UserError.self) { try otherStation.openGrant(grant, name: "grant") }
        #expect(!String(decoding: grant, as: UTF8.self).contains("\"seed\""), "a grant holds the secret only sealed")
    }
}
