import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealInterop

/// ICAO VDS-NC seals of the Australian Passport Office's reader libraries
/// (`Vectors/interop/vds-nc/`), through the library: the RFC 8785 form, the chain to the
/// Australian CSCA, the signature, the CRL, and the seal read into MedSeal's terms.
@Suite("ICAO VDS-NC seals")
struct VDSNCTests {
    static let folder = InteropFixtures.vectors + "/vds-nc"

    static func store(withCRL: Bool = true) throws -> VerifierStore {
        let store = VerifierStore(folder: try InteropFixtures.temporaryFolder())
        var files = [folder + "/au-csca.der"]
        if withCRL { files.append(folder + "/au-crl.der") }
        _ = try CSCATrustList.importFiles(files, store: store)
        return store
    }

    static func verify(_ file: String, store: VerifierStore, at: String = "2021-11-01T00:00:00Z") throws -> VerificationResult {
        try InteropFixtures.verifier(store).verify(try InteropFixtures.read(folder + "/" + file), context: VerificationContext(now: Timestamps.parse(at)!))
    }

    @Test func theValidSealsVerifyAndTheAlteredOnesDoNot() throws {
        let store = try VDSNCTests.store()
        for file in ["validVDSJson.json", "ios-validVDSJson.json"] {
            let result = try VDSNCTests.verify(file, store: store)
            #expect(result.isValid && result.warnings.isEmpty, "\(file): \(result.reasons) \(result.warnings)")
            #expect(result.credential?.format == .vdsNC)
            guard case .interop(let record)? = result.credential?.claims.document else { Issue.record("no record"); continue }
            #expect(record.kind == .vaccination && !record.doses.isEmpty && record.disease == "COVID-19")
        }
        let john = try VDSNCTests.verify("validVDSJson.json", store: store)
        guard case .interop(let record)? = john.credential?.claims.document else { return }
        #expect(record.holder.name == "CITIZEN JOHN" && record.holder.birthDate == "2004-03-20" && record.certificateID == "VB0009990025")
        #expect(record.doses.map(\.product) == ["AstraZeneca Vaxzevria", "Moderna Spikevax"] && record.doses.map(\.doseNumber) == [1, 2])
        for file in ["invalidVDSJson.json", "ios-invalidVDSJson.json"] {
            #expect(try VDSNCTests.verify(file, store: store).status == .badSignature, "\(file)")
        }
        #expect(try VDSNCTests.verify("nonVDSJson.json", store: store).status == .malformed)
    }

    @Test func theCSCAAndItsCRLDecide() throws {
        // Without the CSCA the signer is not trusted; without its CRL, a warning; past the CRL's next update, a stale warning.
        let empty = VerifierStore(folder: try InteropFixtures.temporaryFolder())
        #expect(try VDSNCTests.verify("validVDSJson.json", store: empty).status == .unknownIssuer)
        let noCRL = try VDSNCTests.verify("validVDSJson.json", store: try VDSNCTests.store(withCRL: false))
        #expect(noCRL.isValid && noCRL.warnings.map(\.status) == [.noRevocationList])
        let stale = try VDSNCTests.verify("validVDSJson.json", store: try VDSNCTests.store(), at: "2022-06-01T00:00:00Z")
        #expect(stale.isValid && stale.warnings.map(\.status) == [.staleList])
        // A CRL of an authority not trusted is refused, a non-CA certificate too.
        let other = VerifierStore(folder: try InteropFixtures.temporaryFolder())
        #expect(throws: UserError.self) { try CSCATrustList.importFiles([VDSNCTests.folder + "/au-crl.der"], store: other) }
    }

    @Test func theCanonicalFormIsRFC8785s() throws {
        // RFC 8785 §3.2.2 and §3.2.3: names sorted by UTF-16 code units, escapes as ECMAScript's.
        let value = try LogicValue(json: Array(#"{"b": [1, "\u000f\n\"é"], "a": {"€": 1, "\r": 2, "1": 3, "ö": 4}, "c": 4.5, "d": 1e21, "e": 1.0e-7}"#.utf8))
        #expect(value.canonicalJSON == #"{"a":{"\r":2,"1":3,"ö":4,"€":1},"b":[1,"\u000f\n\"é"],"c":4.5,"d":1e+21,"e":1e-7}"#)
    }
}
