// libFuzzer entry point for every MedSeal decoder that sees untrusted bytes. Built by
// .ci/fuzz/run together with the sources of MedSealCore and MedSealInterop (swiftc
// -sanitize=fuzzer,address); the target is chosen with MEDSEAL_FUZZ_TARGET. Not part of the
// package build.
import Foundation

enum FuzzTarget: String, CaseIterable {
    case token, base45, cbor, claims, inflate, packed, presentation, certlogic, vdsnc, bundle, list, rule, png, document
    case shc, dcc, cose, x509, jwks
    case terminal, csv, time, json
}

let target = FuzzTarget(rawValue: ProcessInfo.processInfo.environment["MEDSEAL_FUZZ_TARGET"] ?? "") ?? .token
let fuzzKey = IssuerSigningKey(seed: Sodium.sha256(Array("MedSeal TEST ONLY issuer key A".utf8)), issuer: "MedSeal Test Issuer A",
                               notBefore: Date(timeIntervalSince1970: 1_735_689_600), notAfter: Date(timeIntervalSince1970: 1_893_456_000),
                               types: [.emergency, .vaccination])
let fuzzVerifier = Verifier(trust: TrustStore(keys: [fuzzKey.publicKey]))
let fuzzContext = VerificationContext(now: Date(timeIntervalSince1970: 1_780_272_000))

/// A store trusting the SMART Health Card example issuer (with its CRL) and the EU DCC test
/// certificates given in MEDSEAL_FUZZ_DCC_CERTIFICATES, so that forms of those systems reach
/// the signature check and beyond.
let fuzzInterop: CredentialVerifier = {
    let environment = ProcessInfo.processInfo.environment
    let store = VerifierStore(folder: NSTemporaryDirectory() + "medseal-fuzz-store-\(getpid())")
    let shc = "Vectors/interop/shc"
    if let jwks = try? Data(contentsOf: URL(fileURLWithPath: shc + "/issuer.jwks.public.json")),
       let crl = try? Data(contentsOf: URL(fileURLWithPath: shc + "/issuer/.well-known/crl/3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s.json")) {
        _ = try? SHCImport.run(store: store, issuer: "https://spec.smarthealth.cards/examples/issuer", jwks: jwks, crls: [("crl", crl)])
    }
    if let folder = environment["MEDSEAL_FUZZ_DCC_CERTIFICATES"] { _ = try? DCCImport.run(store: store, folder: folder, adding: false) }
    try? FileManager.default.createDirectory(atPath: store.folder, withIntermediateDirectories: true)
    let base = Verifier(trust: TrustStore(keys: [fuzzKey.publicKey]), policies: Verifier.policies(revocations: RevocationLists(store: store)))
    return CredentialVerifier(medseal: base, store: store)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = count == 0 ? [] : Array(UnsafeRawBufferPointer(start: start, count: count))
    switch target {
    case .token:
        let text = String(decoding: bytes, as: UTF8.self)
        _ = fuzzVerifier.verify(text, context: fuzzContext)
        // Through the format chooser too, which reads text typed through other keyboard layouts.
        _ = fuzzInterop.verify(text, context: fuzzContext)
    case .base45:
        _ = try? Base45.decode(bytes)
        // As a scanner types it (Caps Lock read as capitals): any bytes, valid UTF-8 or not.
        _ = try? Base45.decodeTyped(Substring(decoding: bytes, as: UTF8.self).utf8)
    case .cbor:
        _ = try? CBORReader.decode(bytes, mode: .deterministic)
        _ = try? CBORReader.decode(bytes, mode: .lenient)
    case .claims:
        // A signed payload as the verifier reads it, and each document type on its own.
        if let reading = try? CredentialClaims.read(bytes), case .success(let claims) = reading.claims { _ = claims.document.holder }
        _ = try? CredentialDocument.fromCompact(bytes, type: .emergency)
        _ = try? CredentialDocument.fromCompact(bytes, type: .vaccination)
    case .inflate: _ = try? Deflate.decompress(bytes, dictionary: CompressionDictionary.version1)
    case .packed:
        // A packed body (form 2) as the verifier reads it; what unpacks must be deterministic CBOR.
        if let message = try? PackedMessage.unpack(Array(bytes)) {
            precondition(message.count <= DecodingLimits.maximumInflatedBytes + 200)
            _ = try? COSESign1(decoding: message)
        }
    case .presentation:
        // A holder-bound credential or presentation body (flags 3 or 4 first), read as the
        // verifier reads it: the envelope in place, the claims with the revealed parts, the
        // bytes the holder signed.
        guard let flags = bytes.first, flags == 3 || flags == 4 else { break }
        if let envelope = try? HolderEnvelope(packed: Array(bytes), from: 1, presentation: flags == 4) {
            precondition(envelope.payloadBytes.count <= DecodingLimits.maximumInflatedBytes + 64 * 18)
            if let (reading, facts) = try? CredentialClaims.read(holderBound: envelope.payloadBytes, revealed: envelope.disclosures),
               case .success(let claims) = reading.claims {
                _ = claims.document.holder
                precondition(facts.revealed.count == envelope.disclosures.count)
            }
            if let binding = envelope.keyBindingBytes { _ = envelope.bytesToSign(for: binding) }
        }
    case .certlogic:
        // A rule and its data from one input (split at the first zero byte): validated, then
        // evaluated; never a crash, never unbounded work.
        let parts = bytes.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
        if let rule = try? LogicValue(json: Array(parts[0])) {
            _ = CertLogicValidator.issues(rule)
            let data = parts.count > 1 ? ((try? LogicValue(json: Array(parts[1]))) ?? .null) : .null
            _ = try? CertLogic.evaluate(rule, data: data)
            _ = try? GatewayRule(rule, name: "fuzz")
        }
    case .vdsnc:
        // A VDS-NC seal as text: parsed, canonicalised, read into a record.
        if let seal = try? VDSSeal(text: String(decoding: bytes, as: UTF8.self)) { _ = try? seal.record() }
    case .bundle: _ = try? TrustBundle.open(bytes)
    case .list: _ = try? RevocationList.open(bytes)
    case .rule: _ = try? AcceptanceRule(fileData: Data(bytes), name: "fuzz")
    case .png: _ = try? PNGDecoder.decode(bytes)
    case .document:
        _ = try? CredentialDocument.fromJSON(Data(bytes), type: .emergency)
        _ = try? CredentialDocument.fromJSON(Data(bytes), type: .vaccination)
    case .shc, .dcc:
        let text = String(decoding: bytes, as: UTF8.self)
        _ = fuzzInterop.verifyEach(text, context: fuzzContext)
        if target == .shc, let credentials = try? SHCText.credentials(text) {
            for jws in credentials { _ = try? SHCPayload(compressed: SHCJWS(jws).compressedPayload).record() }
        }
    case .cose:
        if let message = try? DCCMessage(decoding: bytes) { _ = message.kid; _ = message.bytesToSign }
        _ = try? DCCPayload(decoding: bytes)
        _ = try? DCCPayload.healthCertificate(bytes)
    case .x509:
        _ = try? X509Certificate(der: bytes)
        _ = try? ForeignPublicKey.subjectPublicKeyInfo(bytes)
    case .jwks:
        var notes = [String]()
        if let keys = try? SHCImport.readKeys(Data(bytes), notes: &notes) { _ = try? SHCImport.readList(Data(bytes), name: "fuzz", keys: keys) }
    case .terminal:
        // Whatever text comes in, a line holds nothing a terminal obeys, and output only line
        // feeds, tabs, the bell and colour sequences.
        let text = String(decoding: bytes, as: UTF8.self)
        precondition(!TerminalText.line(text).unicodeScalars.contains { TerminalText.isUnsafe($0.value) }, "a control character passed TerminalText.line")
        let output = Array(TerminalText.output(text).unicodeScalars)
        for (index, scalar) in output.enumerated() where TerminalText.isUnsafe(scalar.value) {
            precondition([0x0A, 0x09, 0x07].contains(scalar.value) || (scalar.value == 0x1B && index + 1 < output.count && output[index + 1] == "["), "TerminalText.output let through \(scalar.value)")
        }
        let escaped = JSONText.escapingInvisible(JSONText.quoted(text))
        precondition(!escaped.unicodeScalars.contains { TerminalText.isUnsafe($0.value) }, "escapingInvisible left a control character")
    case .csv:
        // No cell starts with what a spreadsheet runs, and a quoted cell is quoted whole.
        let text = String(decoding: bytes, as: UTF8.self)
        for separator: Character in [",", ";", "\t"] {
            let cell = CSVCell.text(text, separator: separator)
            // Bytes, not Characters: a prepended mark (U+0600–U+0605) joins the closing quote
            // into one Character, though the bytes end with the quote as they must.
            let bytes = Array(cell.utf8), quoted = bytes.first == 0x22
            let unquoted = quoted ? bytes.dropFirst() : bytes[...]
            precondition(unquoted.first.map { !CSVCell.formulaStarts.contains($0) } ?? true, "a CSV cell starts a formula")
            if quoted { precondition(bytes.last == 0x22 && bytes.count >= 2, "an unbalanced quoted cell") }
        }
    case .json:
        // The one reader: every accepted text is walked whole, and the tree view and the
        // syntax scanner that names errors agree with it on what is JSON.
        let tape = try? JSONTape(bytes)
        if let tape { _ = tape.root.foundationValue }
        precondition((tape != nil) == ((try? JSONReader.parse(bytes)) != nil), "the tape and the tree disagree")
        if tape != nil { precondition(JSONSyntax.firstProblem(in: bytes) == nil, "the tape accepts what the syntax scanner refuses") }
    case .time:
        // Times from a signed token, any 64-bit values, through the real reader and every
        // policy and verdict text: nothing may overflow.
        guard bytes.count >= 32 else { return 0 }
        func int(_ at: Int) -> Int64 { bytes[at..<at + 8].reduce(0) { $0 << 8 | Int64($1) } }
        let payload = CBORWriter.encode(.map([CBORMapEntry(.int(1), .text("MedSeal Test Issuer A")), CBORMapEntry(.int(4), .int(int(0))),
                                              CBORMapEntry(.int(5), .int(int(8))), CBORMapEntry(.int(6), .int(int(16))),
                                              CBORMapEntry(.int(7), .bytes([1, 2, 3, 4]))]))
        let now = Timestamps.date(epochSeconds: int(24) % 400_000_000_000)
        let token = CredentialIssuer(key: fuzzKey).sign(payload: payload)
        let result = fuzzVerifier.verify(token, context: VerificationContext(now: now, clockSkew: Int64(bytes[0]) * 1_000))
        let words = VerdictText(now: Timestamps.epochSeconds(now))
        _ = words.headline(result) + words.details(result).joined()
        _ = Timestamps.format(epochSeconds: int(8) % 300_000_000_000)
        _ = Timestamps.epochSeconds(Date(timeIntervalSince1970: Double(bitPattern: UInt64(bitPattern: int(16)))))
    }
    return 0
}
