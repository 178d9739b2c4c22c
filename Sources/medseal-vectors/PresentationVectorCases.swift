import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification

/// Holder-bound credentials (token form 3) and presentations (form 4): valid ones, and one
/// case for every refusal a verifier owes (another holder's signature, a changed part, an
/// ended presentation, a wrong audience or challenge, a challenge answered twice, a credential
/// that lets the blood type be withheld, a revoked credential, the holder's own file shown).
/// Salts are SHA-256 of a phrase, so the cases rebuild byte for byte.
enum PresentationVectorCases {
    static let presentedAt = Timestamps.parse("2026-05-31T12:00:00Z")!
    static let lifetime: Int64 = 48 * 3_600

    static func salts(_ phrase: String) -> () -> [UInt8] {
        var count = 0
        return {
            count += 1
            return Array(Sodium.sha256(Array("\(phrase) salt \(count)".utf8)).prefix(Disclosure.saltLength))
        }
    }

    /// A holder-bound credential of `document` for holder P, issued on 1 January 2026 for a year.
    static func credential(_ document: CredentialDocument, id: UInt8) -> HolderCredential {
        let issued = try! CredentialIssuer(key: TestKeys.issuerA).issue(document, holderKey: TestKeys.holderP.publicKey.publicKey, now: VectorCases.issuedAt,
                                                                         lifetime: VectorCases.year, credentialID: VectorCases.credentialID(id), salt: salts("case \(id)"))
        return try! HolderCredential(token: issued.token)
    }

    static func present(_ credential: HolderCredential, _ show: [String], audience: String? = nil, nonce: String? = nil) -> String {
        try! credential.present(revealing: credential.labels(showing: show), now: presentedAt, lifetime: lifetime, audience: audience, nonce: nonce,
                                holderKey: TestKeys.holderP)
    }

    static func build(emergency: CredentialDocument, inputsFolder: String) -> [VectorCase] {
        var cases = [VectorCase]()
        func add(_ name: String, _ description: String, _ token: String, _ status: VerificationStatus, at: String = VectorCases.checkAt,
                 options: [String: Any] = [:], imports: [VectorImport] = [], warnings: [VerificationStatus]? = nil) {
            cases.append(VectorCase(name: name, description: description, token: token, at: at, status: status, imports: imports, options: options, warnings: warnings))
        }
        let child = VectorCases.document(inputsFolder, "vaccination-child.json", .vaccination)
        let emergencyCredential = credential(emergency, id: 60)
        let childCredential = credential(child, id: 61)
        let emergencyShown = present(emergencyCredential, ["medications", "conditions"])
        let mmr = present(childCredential, ["MMR"])

        add("holder-credential-not-presented", "The patient's own holder-bound credential (form 3) shown as it is: only a presentation the holder signed is accepted.",
            TokenCodec.encode(emergencyCredential.envelope), .notPresented)
        add("presentation-emergency", "Holder P shows medications and conditions of an emergency summary; the safety floor is always there; contacts, notes and the rest withheld.",
            emergencyShown, .valid)
        add("presentation-mmr", "Holder P shows a school the MMR doses of a child's 7-dose record; the other vaccines are withheld.", mmr, .valid)
        add("presentation-for-audience", "Made for 'Scuola Primaria Belvedere'; the verifier requires that audience.",
            present(childCredential, ["MMR"], audience: "Scuola Primaria Belvedere"), .valid, options: ["audience": "Scuola Primaria Belvedere"])
        add("presentation-wrong-audience", "Made for 'Scuola Primaria Belvedere'; the verifier requires 'Palestra Comunale'.",
            present(childCredential, ["MMR"], audience: "Scuola Primaria Belvedere"), .wrongAudience, options: ["audience": "Palestra Comunale"])
        add("presentation-no-audience", "Made for no audience; the verifier requires one.", mmr, .wrongAudience, options: ["audience": "Palestra Comunale"])
        let answered = present(childCredential, ["MMR"], nonce: "K7Q2M4XW9TB3RZ5N")
        add("presentation-answers-challenge", "Answers the verifier's challenge K7Q2M4XW9TB3RZ5N.", answered, .valid, options: ["nonce": "K7Q2M4XW9TB3RZ5N"])
        add("presentation-wrong-challenge", "Answers challenge K7Q2M4XW9TB3RZ5N; the verifier asked PX3V8D2LQ6M4HW7A.", answered, .wrongNonce, options: ["nonce": "PX3V8D2LQ6M4HW7A"])
        add("presentation-challenge-answered-twice", "The same presentation verified a second time with its challenge (options.replay: verify it once first): a copy.",
            answered, .nonceReused, options: ["nonce": "K7Q2M4XW9TB3RZ5N", "replay": true])
        add("presentation-ended", "Checked three days after the presentation was made for 48 hours (the credential is still valid).",
            mmr, .presentationExpired, at: "2026-06-03T12:00:00Z")
        add("presentation-ended-within-skew", "Checked 4 minutes after the presentation ended: inside the 5-minute clock-skew allowance.",
            mmr, .valid, at: "2026-06-02T12:04:00Z")

        // Built by hand: what `medseal present` refuses to make.
        let envelope = childCredential.envelope
        let shown = Set(childCredential.labels.prefix(1))
        let outlasting = KeyBinding(issuedAt: Timestamps.epochSeconds(presentedAt), expiresAt: Timestamps.epochSeconds(presentedAt) + VectorCases.year)
        add("presentation-outlasts-credential", "A presentation whose end is after its credential's expiry.",
            TokenCodec.encode(envelope.presentation(revealing: shown, binding: outlasting, sign: TestKeys.holderP.sign)), .presentationExpired)
        let binding = KeyBinding(issuedAt: Timestamps.epochSeconds(presentedAt), expiresAt: Timestamps.epochSeconds(presentedAt) + lifetime)
        add("presentation-other-holder", "Made from holder P's credential but signed with holder Q's key.",
            TokenCodec.encode(envelope.presentation(revealing: shown, binding: binding, sign: TestKeys.holderQ.sign)), .notHolderSigned)
        let revealed = envelope.disclosures.filter { shown.contains($0.label) }
        var changed = revealed[0]
        guard case .array(var doses) = changed.value, case .map(var fields) = doses[0] else { fatalError("a dose is a map") }
        fields = fields.map { $0.key == .int(4) ? CBORMapEntry(.int(4), .text("FORGED1")) : $0 }
        doses[0] = .map(fields)
        changed = Disclosure(salt: changed.salt, label: changed.label, value: .array(doses))
        let altered = HolderEnvelope(kid: envelope.kid, payload: envelope.payload, signature: envelope.signature, disclosures: [changed])
        add("presentation-changed-part", "A revealed dose's lot number changed, and the presentation signed again by holder P: the issuer's signature fails.",
            TokenCodec.encode(altered.presentation(revealing: [changed.label], binding: binding, sign: TestKeys.holderP.sign)), .badSignature)
        var flipped = TokenCodecAccess.compressedBody(mmr)
        flipped[flipped.count - 128 - 30] ^= 0x04  // inside a revealed dose, before the key binding claims
        add("presentation-bit-flipped", "One bit flipped inside a revealed part of the packed presentation.", "MS1:" + Base45.encode([4] + flipped), damagedPresentation([4] + flipped))
        let whole = TokenCodecAccess.compressedBody(mmr)
        add("presentation-without-holder-signature", "A presentation with its holder's signature cut off.", "MS1:" + Base45.encode([4] + whole.dropLast(64)), .malformed)

        // A credential whose issuer let the blood type be withheld, against the safety floor.
        guard case .emergency(var summary) = emergency else { fatalError("an emergency summary") }
        let bloodType = summary.bloodType!
        let parts = WithholdableParts(emergency, salt: salts("floor"))
        summary.bloodType = nil
        let floorParts = WithholdableParts(clear: WithholdableParts(.emergency(summary), salt: salts("floor")).clearDocument,
                                           disclosures: parts.disclosures + [Disclosure(salt: salts("blood")(), label: 2, value: .text(bloodType))])
        let claims = VectorCases.claims(emergency, id: 62)
        let payload = HolderBinding.payload(claims: claims, parts: floorParts, holderKey: TestKeys.holderP.publicKey.publicKey)
        let message = CredentialIssuer(key: TestKeys.issuerA).signedMessage(payload: CBORWriter.encode(payload))
        let floorCredential = HolderEnvelope(kid: message.kid!, payload: payload, signature: message.signature, disclosures: floorParts.disclosures)
        let withoutBlood = Set(floorParts.disclosures.map(\.label)).subtracting([2])
        add("presentation-critical-withheld", "Issuer A let the blood type be withheld (a digest under label 2) and holder P withheld it: the safety floor is broken.",
            TokenCodec.encode(floorCredential.presentation(revealing: withoutBlood, binding: binding, sign: TestKeys.holderP.sign)), .criticalWithheld)

        let revoked = credential(child, id: StoreVectorCases.revokedID)
        add("presentation-revoked", "A presentation made from a credential that issuer A's list #2 revokes.",
            present(revoked, ["MMR"]), .revoked, imports: [VectorImport(kind: .revocationList, file: "lists/a-2.list", expected: "accepted")], warnings: [])

        // Sealed items: shown as existing, opened only with the emergency-access key.
        let (rest, sealed) = SealedItems.seal([.conditions, .notes], of: summaryWithBlood(emergency), to: TestKeys.emergencyAccessX.publicKey,
                                              ephemeralSeed: TestKeys.seed("MedSeal TEST ONLY ephemeral key 1"))
        var sealedClaims = VectorCases.claims(.emergency(rest), id: 63)
        sealedClaims.sealed = sealed
        add("sealed-items", "Conditions and notes sealed to emergency-access key X (keys/emergency-access-x.key opens them): valid, the sealed items only said to exist.",
            VectorCases.sign(sealedClaims, form: .packed), .valid)
        guard case .map(let entries) = VectorCases.claims(VectorCases.document(inputsFolder, "vaccination.json", .vaccination), id: 64).cbor, let box = sealed?.cbor else { fatalError("claims") }
        add("sealed-items-on-vaccination", "Validly signed vaccination claims carrying sealed items, which only emergency summaries may.",
            VectorCases.signRaw(CBORWriter.encode(.map(entries + [CBORMapEntry(.int(-65_540), box)]))), .malformed)
        add("sealed-items-malformed", "Validly signed emergency claims whose sealed items are a 10-byte box.",
            VectorCases.signRaw(CBORWriter.encode(.map(claimsEntries(sealedClaims) + [CBORMapEntry(.int(-65_540), .array([.bytes(sealed!.keyID), .bytes([UInt8](repeating: 1, count: 10))]))]))), .malformed)
        return cases
    }

    static func summaryWithBlood(_ document: CredentialDocument) -> EmergencySummary {
        guard case .emergency(let summary) = document else { fatalError("an emergency summary") }
        return summary
    }

    /// The claims' entries without the sealed items.
    static func claimsEntries(_ claims: CredentialClaims) -> [CBORMapEntry] {
        var plain = claims
        plain.sealed = nil
        guard case .map(let entries) = plain.cbor else { return [] }
        return entries
    }
}

/// What a damaged presentation must give: malformed if it does not read, else a failed signature.
func damagedPresentation(_ body: [UInt8]) -> VerificationStatus {
    (try? TokenCodec.decodeContent("MS1:" + Base45.encode(body))) == nil ? .malformed : .badSignature
}
