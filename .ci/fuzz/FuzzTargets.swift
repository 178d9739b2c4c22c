// libFuzzer entry point for every MedSeal decoder that sees untrusted bytes. Built by
// .ci/fuzz/run together with MedSealCore's sources (swiftc -sanitize=fuzzer,address); the
// target is chosen with MEDSEAL_FUZZ_TARGET. Not part of the package build.
import Foundation

enum FuzzTarget: String, CaseIterable {
    case token, base45, cbor, inflate, bundle, list, rule, png, document
}

let target = FuzzTarget(rawValue: ProcessInfo.processInfo.environment["MEDSEAL_FUZZ_TARGET"] ?? "") ?? .token
let fuzzKey = IssuerSigningKey(seed: Sodium.sha256(Array("MedSeal TEST ONLY issuer key A".utf8)), issuer: "MedSeal Test Issuer A",
                               notBefore: Date(timeIntervalSince1970: 1_735_689_600), notAfter: Date(timeIntervalSince1970: 1_893_456_000),
                               types: [.emergency, .vaccination])
let fuzzVerifier = Verifier(trust: TrustStore(keys: [fuzzKey.publicKey]))
let fuzzContext = VerificationContext(now: Date(timeIntervalSince1970: 1_780_272_000))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = count == 0 ? [] : Array(UnsafeRawBufferPointer(start: start, count: count))
    switch target {
    case .token: _ = fuzzVerifier.verify(String(decoding: bytes, as: UTF8.self), context: fuzzContext)
    case .base45: _ = try? Base45.decode(bytes)
    case .cbor:
        _ = try? CBORReader.decode(bytes, mode: .deterministic)
        _ = try? CBORReader.decode(bytes, mode: .lenient)
    case .inflate: _ = try? Deflate.decompress(bytes, dictionary: CompressionDictionary.version1)
    case .bundle: _ = try? TrustBundle.open(bytes)
    case .list: _ = try? RevocationList.open(bytes)
    case .rule: _ = try? AcceptanceRule(fileData: Data(bytes), name: "fuzz")
    case .png: _ = try? PNGDecoder.decode(bytes)
    case .document:
        _ = try? CredentialDocument.fromJSON(Data(bytes), type: .emergency)
        _ = try? CredentialDocument.fromJSON(Data(bytes), type: .vaccination)
    }
    return 0
}
