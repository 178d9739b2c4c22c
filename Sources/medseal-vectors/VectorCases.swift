import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// One file a case imports into the verifier's store before verifying, and the outcome
/// expected: `accepted`, or the rejection reason.
struct VectorImport {
    enum Kind: String { case trustBundle = "trust-bundle", revocationList = "revocation-list" }
    let kind: Kind
    let file: String
    let expected: String
}

/// One conformance case: the store to build (trust folder, roots, imports), a token, the
/// moment and options to verify with, and the expected status and warnings.
struct VectorCase {
    let name: String
    let description: String
    let token: String
    let at: String
    let status: VerificationStatus
    var trust = "trust"
    var roots: [String] = []
    var imports: [VectorImport] = []
    var options: [String: Any] = [:]
    var warnings: [VerificationStatus]? = nil

    /// The warnings expected: as given, else the rule for a store without revocation lists
    /// (an authentic credential carries `no-revocation-list`).
    var expectedWarnings: [VerificationStatus] {
        if let warnings { return warnings }
        let authentic: Set<VerificationStatus> = [.valid, .expired, .notYetValid, .keyNotValid, .typeNotAllowed, .presentationExpired,
                                                  .wrongAudience, .wrongNonce, .nonceReused, .criticalWithheld]
        return authentic.contains(status) ? [.noRevocationList] : []
    }
}

/// Builds every case from the fixed keys and the inputs in `Vectors/inputs`.
enum VectorCases {
    static let issuedAt = Timestamps.parse("2026-01-01T00:00:00Z")!
    static let checkAt = "2026-06-01T00:00:00Z"
    static let year: Int64 = 365 * 86_400

    static func document(_ folder: String, _ file: String, _ type: CredentialType) -> CredentialDocument {
        let data = try! FileStore.read(folder + "/" + file)
        return try! CredentialDocument.fromJSON(data, type: type)
    }

    static func claims(_ document: CredentialDocument, key: IssuerSigningKey = TestKeys.issuerA, id: UInt8 = 1,
                       issuedAt: Date = issuedAt, notBefore: Int64? = nil) -> CredentialClaims {
        let iat = Timestamps.epochSeconds(issuedAt)
        return CredentialClaims(issuer: key.publicKey.issuer, issuedAt: iat, notBefore: notBefore, expiresAt: iat + year,
                                credentialID: credentialID(id), document: document)
    }

    /// The fixed credential id of case number `id`.
    static func credentialID(_ id: UInt8) -> [UInt8] { [0x4D, 0x53, 0x56, 0x45, 0x43, 0x00, 0x00, id] }

    /// The token of `claims` with its body in `form`: the published cases keep form 1 (or 0),
    /// the form MedSeal issued before form 2, so that they pin that old tokens keep verifying.
    static func sign(_ claims: CredentialClaims, key: IssuerSigningKey = TestKeys.issuerA, compress: Bool = true,
                     form: TokenCodec.BodyForm? = nil) -> String {
        CredentialIssuer(key: key).sign(payload: CBORWriter.encode(claims.cbor), as: form ?? (compress ? .deflated : .plain))!
    }

    /// Signs raw payload bytes (for cases whose payload is deliberately wrong).
    static func signRaw(_ payload: [UInt8], key: IssuerSigningKey = TestKeys.issuerA) -> String {
        CredentialIssuer(key: key).sign(payload: payload, allowCompression: false)
    }

    /// A plain-form token around hand-made COSE bytes.
    static func plain(_ message: [UInt8]) -> String { TokenCodec.encode(message, allowCompression: false) }

    /// A plain-form token whose message is re-signed after `edit` changes its protected header.
    static func withHeader(_ header: CBOR, payload: [UInt8], key: IssuerSigningKey = TestKeys.issuerA) -> String {
        var message = COSESign1(algorithm: .edDSA, kid: key.publicKey.kid, payload: payload)
        message.protectedHeader = header
        message.protectedBytes = CBORWriter.encode(header)
        message.signature = key.sign(message.bytesToSign)
        return plain(message.encoded)
    }

    static func header(alg: CBOR?, kid: [UInt8]?, extra: [CBORMapEntry] = []) -> CBOR {
        var entries = extra
        if let alg { entries.append(CBORMapEntry(.int(1), alg)) }
        if let kid { entries.append(CBORMapEntry(.int(4), .bytes(kid))) }
        return .map(entries)
    }

    static func build(inputsFolder: String) -> [VectorCase] {
        let emergency = document(inputsFolder, "emergency.json", .emergency)
        let vaccination = document(inputsFolder, "vaccination.json", .vaccination)
        let worldNames = document(inputsFolder, "emergency-non-latin.json", .emergency)
        let validEmergency = sign(claims(emergency))
        let validVaccination = sign(claims(vaccination, id: 2))
        let plainVaccination = sign(claims(vaccination, id: 3), compress: false)
        let payload = CBORWriter.encode(claims(vaccination, id: 4).cbor)
        let kidA = TestKeys.issuerA.publicKey.kid
        let iat = Timestamps.epochSeconds(issuedAt)
        var cases = [VectorCase]()
        func add(_ name: String, _ description: String, _ token: String, _ status: VerificationStatus, at: String = checkAt) {
            cases.append(VectorCase(name: name, description: description, token: token, at: at, status: status))
        }

        // Valid credentials.
        add("valid-emergency", "Emergency summary, compressed form, issuer A.", validEmergency, .valid)
        add("valid-vaccination", "Two-dose vaccination record, compressed form, issuer A.", validVaccination, .valid)
        add("valid-plain-form", "Vaccination record in the uncompressed form (flags byte 0).", plainVaccination, .valid)
        add("valid-non-latin-names", "Greek, Arabic and Chinese text in the document.", sign(claims(worldNames, id: 5)), .valid)
        add("valid-with-nbf", "Carries nbf one day after iat; checked after it.",
            sign(claims(vaccination, id: 6, notBefore: iat + 86_400)), .valid)
        add("valid-at-expiry-within-skew", "Checked 4 minutes after exp: inside the 5-minute clock-skew allowance.",
            validVaccination, .valid, at: "2027-01-01T00:04:00Z")
        add("valid-lowercase-prefix", "Prefix typed in lower case by a scanner; tolerated.",
            "ms1:" + validVaccination.dropFirst(4), .valid)
        add("valid-surrounding-space", "Leading and trailing white space and a carriage return; tolerated.",
            "  " + validVaccination + " \r\n", .valid)
        add("valid-issuer-c-emergency", "Issuer C signed an emergency card inside its 2025 window.",
            sign(claims(emergency, key: TestKeys.issuerC, id: 7, issuedAt: Timestamps.parse("2025-06-01T00:00:00Z")!), key: TestKeys.issuerC),
            .valid, at: "2025-07-01T00:00:00Z")

        // Checked and not valid.
        var tamperedPayload = try! COSESign1(decoding: TokenCodec.decode(plainVaccination))
        let name = Array("Samuel".utf8)
        let nameIndex = (0...(tamperedPayload.payload.count - name.count)).first { Array(tamperedPayload.payload[$0..<$0 + name.count]) == name }!
        tamperedPayload.payload[nameIndex] = UInt8(ascii: "P")
        add("tampered-payload", "One letter of the patient's name changed after signing.", plain(tamperedPayload.encoded), .badSignature)
        var tamperedSignature = try! COSESign1(decoding: TokenCodec.decode(plainVaccination))
        tamperedSignature.signature[10] ^= 0x01
        add("tampered-signature", "One bit of the signature flipped.", plain(tamperedSignature.encoded), .badSignature)
        var tamperedHeader = try! COSESign1(decoding: TokenCodec.decode(plainVaccination))
        tamperedHeader.protectedHeader = header(alg: .int(-8), kid: kidA, extra: [CBORMapEntry(.int(3), .text("x"))])
        tamperedHeader.protectedBytes = CBORWriter.encode(tamperedHeader.protectedHeader)
        add("tampered-header", "A content-type parameter added to the protected header after signing.", plain(tamperedHeader.encoded), .badSignature)
        var wrongKey = CredentialIssuer(key: TestKeys.issuerB).signedMessage(payload: payload)
        wrongKey.protectedBytes = CBORWriter.encode(header(alg: .int(-8), kid: kidA))
        add("wrong-key", "Claims issuer A and A's kid, but signed with issuer B's key.", plain(wrongKey.encoded), .badSignature)
        add("unknown-kid", "Signed by issuer B, whose key is not in the trust folder.",
            sign(claims(vaccination, key: TestKeys.issuerB, id: 8), key: TestKeys.issuerB), .unknownIssuer)
        var otherIssuer = claims(vaccination, id: 9)
        otherIssuer.issuer = "Somebody Else"
        add("issuer-kid-mismatch", "Issuer A's kid and signature, but iss names another issuer.", sign(otherIssuer), .unknownIssuer)
        add("expired", "Checked a day after exp.", validVaccination, .expired, at: "2027-01-02T00:00:00Z")
        add("not-yet-valid", "nbf is 30 days after the check.", sign(claims(vaccination, id: 10, notBefore: iat + 180 * 86_400)), .notYetValid)
        add("key-outside-window", "Issuer C's key signed on 1 March 2026, after its window closed at the end of 2025.",
            sign(claims(emergency, key: TestKeys.issuerC, id: 11, issuedAt: Timestamps.parse("2026-03-01T00:00:00Z")!), key: TestKeys.issuerC), .keyNotValid)
        add("type-not-allowed", "Issuer C may sign only emergency cards; this is a vaccination record.",
            sign(claims(vaccination, key: TestKeys.issuerC, id: 12, issuedAt: Timestamps.parse("2025-06-01T00:00:00Z")!), key: TestKeys.issuerC),
            .typeNotAllowed, at: "2025-07-01T00:00:00Z")
        add("wrong-algorithm-in-header", "Header says ES256 (-7) over a valid EdDSA signature; the trusted key is EdDSA.",
            withHeader(header(alg: .int(-7), kid: kidA), payload: payload), .algorithmMismatch)
        add("no-algorithm-in-header", "Header has no alg.", withHeader(header(alg: nil, kid: kidA), payload: payload), .algorithmMismatch)

        // Unusable input.
        add("truncated", "The valid vaccination token cut in half.", String(validVaccination.prefix(validVaccination.count / 2)), .malformed)
        add("bad-base45", "A character outside the Base45 alphabet.", "MS1:" + validVaccination.dropFirst(4).prefix(30) + "~" + validVaccination.dropFirst(35), .malformed)
        add("bad-base45-value", "A triplet whose value exceeds 65535 (':::').", "MS1::::" + validVaccination.dropFirst(7), .malformed)
        add("bad-prefix", "An EU DCC prefix on a MedSeal body.", "HC1:" + validVaccination.dropFirst(4), .malformed)
        add("no-prefix", "The body without any prefix.", String(validVaccination.dropFirst(4)), .malformed)
        add("empty-body", "The prefix alone.", "MS1:", .malformed)
        add("oversize", "5,000 characters: more than any QR code holds.", "MS1:" + String(repeating: "0", count: 4_996), .malformed)
        add("unknown-flags", "Flags byte 7.", "MS1:" + Base45.encode([7] + (try! TokenCodec.decode(plainVaccination))), .malformed)
        add("bad-cbor", "Plain form whose body is not CBOR (a reserved additional-information value).",
            "MS1:" + Base45.encode([0, 0x1C, 0x00, 0x01]), .malformed)
        add("not-cose-sign1", "A CBOR array that is not tagged 18.", plain(CBORWriter.encode(.array([.bytes([]), .map([]), .bytes([]), .bytes([])]))), .malformed)
        add("trailing-bytes", "Extra bytes after the COSE message.", plain((try! TokenCodec.decode(plainVaccination)) + [0x00]), .malformed)
        let bomb = Deflate.compress([UInt8](repeating: 0, count: 1_000_000), dictionary: CompressionDictionary.version1)
        add("decompression-bomb", "A DEFLATE stream that inflates to 1 MB.", "MS1:" + Base45.encode([1] + bomb + [UInt8](repeating: 0, count: 64)), .malformed)
        let corrupt = Array(TokenCodecAccess.compressedBody(validVaccination).prefix(20))
        add("deflate-truncated", "The compressed stream cut short.", "MS1:" + Base45.encode([1] + corrupt), .malformed)
        let claimsCBOR = claims(vaccination, id: 13).cbor
        guard case .map(let entries) = claimsCBOR else { fatalError() }
        var duplicated = CBORWriter.encode(.map(entries))
        // Re-encode with the issuer claim twice: the map header counts one more entry.
        duplicated[0] += 1
        duplicated.insert(contentsOf: CBORWriter.encode(.int(1)) + CBORWriter.encode(.text("MedSeal Test Issuer A")), at: 1)
        add("duplicate-map-keys", "Validly signed claims whose map holds iss twice.", signRaw(duplicated), .malformed)
        var unsorted = [UInt8]([0xA2]) + CBORWriter.encode(.int(6)) + CBORWriter.encode(.int(iat)) + CBORWriter.encode(.int(1)) + CBORWriter.encode(.text("MedSeal Test Issuer A"))
        unsorted[0] = 0xA2
        add("non-deterministic-cbor", "Validly signed claims whose keys are not in deterministic order.", signRaw(unsorted), .malformed)
        var noExpiry = entries.filter { $0.key != .int(4) }
        add("missing-exp", "Validly signed claims without exp.", signRaw(CBORWriter.encode(.map(noExpiry))), .malformed)
        noExpiry = entries + [CBORMapEntry(.int(99), .int(1))]
        add("unknown-claim", "Validly signed claims with an unknown claim 99.", signRaw(CBORWriter.encode(.map(noExpiry))), .malformed)
        var deep = CBOR.int(0)
        for _ in 0..<40 { deep = .array([deep]) }
        add("nesting-too-deep", "Validly signed claims with arrays nested 40 deep.",
            signRaw(CBORWriter.encode(.map(entries + [CBORMapEntry(.int(100), deep)]))), .malformed)
        let badDocument = entries.map { entry -> CBORMapEntry in
            guard entry.key == .int(-65_538), case .map(var fields) = entry.value else { return entry }
            fields = fields.map { $0.key == .int(2) ? CBORMapEntry(.int(2), .array([])) : $0 }
            return CBORMapEntry(entry.key, .map(fields))
        }
        add("invalid-document", "Validly signed, but the vaccination record has no doses.", signRaw(CBORWriter.encode(.map(badDocument))), .malformed)
        add("no-kid", "Protected header without a kid.", withHeader(header(alg: .int(-8), kid: nil), payload: payload), .malformed)
        // Added after the store cases so that earlier case numbers stay as published.
        let padding = VectorCase(name: "deflate-padding-not-zero", description: "Valid token whose last DEFLATE byte has a padding bit set: the same message in another text, refused.",
                                 token: paddingBitSet(validVaccination), at: checkAt, status: .malformed)
        // Added after it for the same reason: a scanner typing with Caps Lock on.
        let capsLock = VectorCase(name: "valid-caps-lock", description: "The whole token typed with Caps Lock on: every letter small, digits and symbols unchanged; read as its capitals.",
                                  token: validEmergency.lowercased(), at: checkAt, status: .valid)
        let mixedCase = VectorCase(name: "mixed-case", description: "One letter of the body small among capitals: no keyboard state types that, refused.",
                                   token: oneLetterSmall(validVaccination), at: checkAt, status: .malformed)
        let packed = packedCases(emergency: emergency, vaccination: vaccination, worldNames: worldNames, inputsFolder: inputsFolder)
        let presentations = PresentationVectorCases.build(emergency: emergency, inputsFolder: inputsFolder)
        // Added last so that no earlier case is renumbered: a body the fuzzer found, whose map
        // key steps run past the largest unsigned integer (it once stopped the unpacker).
        let keyStepOverflow = VectorCase(name: "packed-key-step-overflow", description: "A packed body (form 2) whose map key steps pass 2^64 - 1: refused, never a crash.",
                                         token: "MS1:" + Base45.encode([2] + fuzzFindingKeyStepOverflow), at: checkAt, status: .malformed)
        return cases + StoreVectorCases.build(vaccination: vaccination) + [padding, capsLock, mixedCase] + packed + presentations + [keyStepOverflow]
    }

    /// The packed body libFuzzer's `packed` target found (`.ci/fuzz/run`), as it found it.
    static let fuzzFindingKeyStepOverflow: [UInt8] = [30, 235, 162, 10, 169, 98, 147, 244, 80, 80, 80, 150, 150] + [UInt8](repeating: 255, count: 13) + [122]
        + [UInt8](repeating: 255, count: 45) + [80, 80] + [UInt8](repeating: 255, count: 8) + [6, 6, 6, 74, 54, 108, 184, 110, 213, 140, 0, 239, 223, 5, 162, 150, 150, 105, 2]

    /// Form 2 (packed with the clinical vocabulary), the form new credentials take: valid ones
    /// from the samples and from the corpus in five languages, and damaged ones.
    static func packedCases(emergency: CredentialDocument, vaccination: CredentialDocument, worldNames: CredentialDocument,
                            inputsFolder: String) -> [VectorCase] {
        var cases = [VectorCase]()
        func add(_ name: String, _ description: String, _ token: String, _ status: VerificationStatus) {
            cases.append(VectorCase(name: name, description: description, token: token, at: checkAt, status: status))
        }
        let packedEmergency = sign(claims(emergency, id: 40), form: .packed)
        let packedVaccination = sign(claims(vaccination, id: 41), form: .packed)
        add("packed-emergency", "Emergency summary in body form 2 (packed with the clinical vocabulary).", packedEmergency, .valid)
        add("packed-vaccination", "Two-dose vaccination record in body form 2.", packedVaccination, .valid)
        add("packed-non-latin-names", "Greek, Arabic and Chinese text in body form 2 (escaped scalars).", sign(claims(worldNames, id: 42), form: .packed), .valid)
        let corpus = inputsFolder + "/../corpus"
        for (file, type, id) in [("emergency/de-04.json", CredentialType.emergency, UInt8(43)), ("emergency/pt-01.json", .emergency, 44),
                                 ("vaccination/fr-03.json", .vaccination, 45), ("vaccination/es-02.json", .vaccination, 46)] {
            let record = document(corpus, file, type)
            add("packed-corpus-\(file.replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: ".json", with: ""))",
                "Corpus record \(file) in body form 2.", sign(claims(record, id: id), form: .packed), .valid)
        }
        var body = TokenCodecAccess.compressedBody(packedVaccination)
        body[body.count - 64 - 12] ^= 0x10  // inside the last dose, after the claims that name the issuer
        add("packed-bit-flipped", "One bit of the packed payload flipped: another message, whose signature fails (or which does not unpack).",
            "MS1:" + Base45.encode([2] + body), damaged([2] + body))
        let whole = TokenCodecAccess.compressedBody(packedVaccination)
        add("packed-truncated", "The packed payload cut short before its signature.", "MS1:" + Base45.encode([2] + whole.prefix(40) + whole.suffix(64)), .malformed)
        add("packed-extra-byte", "A byte after the packed payload, before the signature.",
            "MS1:" + Base45.encode([2] + whole.dropLast(64) + [0x00] + whole.suffix(64)), .malformed)
        var padded = whole
        padded[padded.count - 65] |= 0x01
        add("packed-padding-not-zero", "The last bit of the packed payload's last byte set.", "MS1:" + Base45.encode([2] + padded), damaged([2] + padded))
        return cases
    }
}

/// What a damaged body must give: malformed if it does not read as a message, else a bad
/// signature (it is not the message that was signed).
func damaged(_ body: [UInt8]) -> VerificationStatus {
    (try? TokenCodec.decode("MS1:" + Base45.encode(body))) == nil ? .malformed : .badSignature
}

/// The token with one unused (padding) bit of its DEFLATE stream's last byte set: a bit
/// that, if ignored, would let a second text carry the same signed message.
func paddingBitSet(_ token: String) -> String {
    let body = TokenCodecAccess.compressedBody(token)
    let stream = Array(body.dropLast(64)), signature = Array(body.suffix(64))
    let original = try! Deflate.decompress(stream[...], dictionary: CompressionDictionary.version1, allowingTrailingBytes: false, requiringZeroPadding: false).output
    for bit in (1...7).reversed() {
        var changed = stream
        changed[changed.count - 1] |= UInt8(1 << bit)
        guard changed != stream,
              let (output, _) = try? Deflate.decompress(changed[...], dictionary: CompressionDictionary.version1, allowingTrailingBytes: false, requiringZeroPadding: false),
              output == original else { continue }
        return "MS1:" + Base45.encode([1] + changed + signature)
    }
    fatalError("the stream's last byte has no padding bit; choose another input")
}

/// The token with the last capital letter of its body made small.
func oneLetterSmall(_ token: String) -> String {
    var characters = Array(token)
    let last = characters.indices.dropFirst(4).last { characters[$0].isUppercase }!
    characters[last] = Character(characters[last].lowercased())
    return String(characters)
}

/// Reads the DEFLATE part of a compressed token, for damaging it.
enum TokenCodecAccess {
    static func compressedBody(_ token: String) -> [UInt8] {
        Array((try! Base45.decode(token.dropFirst(4))).dropFirst())
    }
}
