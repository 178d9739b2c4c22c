import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore

/// The JWS payload of a SMART Health Card: `iss`, `nbf`, optional `exp` (seconds, fractions
/// allowed) and `vc` with the FHIR bundle and optional revocation id `rid`.
public struct SHCPayload: Sendable {
    /// Largest payload after inflating.
    public static let maximumInflatedBytes = 1024 * 1024

    public let issuer: String
    /// `nbf` and `exp` exactly as written (fractional seconds).
    public let notBefore: Double
    public let expires: Double?
    /// `vc.rid`, the id the issuer's CRL names.
    public let revocationID: String?
    /// The checked JSON, read where it lies.
    let root: JSONElement

    /// How much of an unverified card's payload is inflated to name the issuer it claims.
    public static let claimedIssuerInflateLimit = 16 * 1024

    /// Inflates (to at most `limit` bytes) and parses the payload. Called only after the
    /// signature verified, except with a small `limit` to name an untrusted card's issuer.
    public init(compressed: [UInt8], limit: Int = SHCPayload.maximumInflatedBytes) throws(FormatError) {
        let json = try Deflate.decompress(compressed[...], limit: limit, allowingTrailingBytes: false, requiringZeroPadding: false).output
        do { root = try JSONTape(json).root } catch {
            throw FormatError("payload", JSONSyntax.message(for: Data(json)) ?? "not valid JSON (at byte \(error.offset): \(error.reason))")
        }
        guard root.kind == .object else { throw FormatError("payload", "not a JSON object") }
        guard let issuer = root["iss"]?.text, !issuer.isEmpty, issuer.utf8.count <= 2048 else {
            throw FormatError("payload", "iss is missing or not text")
        }
        self.issuer = issuer
        guard let nbf = Self.seconds(root["nbf"]) else { throw FormatError("payload", "nbf is missing or not a number") }
        notBefore = nbf
        if let value = root["exp"] {
            guard let exp = Self.seconds(value) else { throw FormatError("payload", "exp is not a number") }
            expires = exp
        } else {
            expires = nil
        }
        if let value = root["vc"]?["rid"] {
            guard let rid = value.text, (1...64).contains(rid.utf8.count) else { throw FormatError("payload", "vc.rid is not text") }
            revocationID = rid
        } else {
            revocationID = nil
        }
    }

    static func seconds(_ value: JSONElement?) -> Double? {
        guard let number = value?.double, number.isFinite, abs(number) < 1e12 else { return nil }
        return number
    }

    /// The FHIR bundle as MedSeal's record: the patient, immunizations as doses (CVX codes),
    /// and observations as test results.
    public func record() throws(FormatError) -> InteropRecord {
        guard let vc = root["vc"], let types = vc["type"], types.containsItem(where: { $0.isText("https://smarthealth.cards#health-card") }) else {
            throw FormatError("payload", "vc.type does not include https://smarthealth.cards#health-card")
        }
        guard let bundle = vc["credentialSubject"]?["fhirBundle"], bundle["resourceType"]?.isText("Bundle") == true,
              let entries = bundle["entry"], entries.kind == .array else {
            throw FormatError("FHIR", "vc.credentialSubject.fhirBundle is not a FHIR Bundle with entries")
        }
        var holder = Holder(name: "", birthDate: "")
        var doses = [Dose]()
        var tests = [TestEntry]()
        try entries.forEachItem { (index, entry) throws(FormatError) in
            guard let resource = entry["resource"], let type = resource["resourceType"], type.kind == .string else {
                throw FormatError("FHIR", "entry[\(index)] has no resource with a resourceType")
            }
            if type.isText("Immunization") {
                if let dose = try FHIRText.dose(resource, at: index) { doses.append(dose) }
            } else if type.isText("Patient") {
                holder = FHIRText.holder(resource)
            } else if type.isText("Observation") {
                tests.append(FHIRText.observation(resource))
            }
        }
        doses.sort { $0.date < $1.date }
        for index in doses.indices { doses[index].doseNumber = index + 1 }
        if !doses.isEmpty { return InteropRecord(kind: .vaccination, holder: holder, doses: doses, tests: tests) }
        guard !tests.isEmpty else { throw FormatError("FHIR", "the bundle holds no immunizations and no observations") }
        return InteropRecord(kind: .testResult, holder: holder, tests: tests)
    }
}

/// Readable text from the FHIR R4 resources SMART Health Cards carry.
enum FHIRText {
    static func text(_ item: JSONElement?) -> String? {
        guard let text = item?.text, !text.isEmpty else { return nil }
        return text
    }

    static func holder(_ patient: JSONElement) -> Holder {
        var name = ""
        if let first = patient["name"]?.first {
            let given = first["given"]?.items.compactMap { text($0) } ?? []
            name = (given + [text(first["family"])].compactMap { $0 }).joined(separator: " ")
            if name.isEmpty { name = text(first["text"]) ?? "" }
        }
        return Holder(name: name, birthDate: text(patient["birthDate"]) ?? "")
    }

    /// The first coding of a CodeableConcept.
    static func coding(_ concept: JSONElement?) -> (system: String, code: String, display: String?)? {
        guard let first = concept?["coding"]?.first, let system = text(first["system"]), let code = text(first["code"]) else { return nil }
        return (system, code, text(first["display"]))
    }

    /// A completed immunization as a dose; `nil` for one not done or entered in error.
    static func dose(_ immunization: JSONElement, at index: Int) throws(FormatError) -> Dose? {
        if let status = immunization["status"], !status.isText("completed"), status.isNonEmptyText { return nil }
        guard let code = coding(immunization["vaccineCode"]), let system = CodeSystem(name: code.system) else {
            throw FormatError("FHIR", "entry[\(index)]: the Immunization has no vaccineCode coding")
        }
        // The date part of the dateTime, read where it lies (an escaped text is made first).
        let occurrence = immunization["occurrenceDateTime"]
        let date = occurrence?.withPlainTextBytes { FullDate(utf8: UnsafeBufferPointer(rebasing: $0.prefix(10))) }
            ?? text(occurrence).flatMap { FullDate(String(decoding: $0.utf8.prefix(10), as: UTF8.self)) }
        guard let date else {
            throw FormatError("FHIR", "entry[\(index)]: the Immunization has no occurrenceDateTime date")
        }
        var centre: String?
        if let first = immunization["performer"]?.first { centre = text(first["actor"]?["display"]) }
        let product = system == .cvx ? VaccineNames.cvx[code.code] : code.display
        return Dose(vaccine: Coding(system: system, code: code.code), product: product, manufacturer: nil,
                    lot: text(immunization["lotNumber"]) ?? "", date: date, doseNumber: 1, country: "", centre: centre)
    }

    static func observation(_ observation: JSONElement) -> TestEntry {
        let code = coding(observation["code"])
        // "display [system code]", or the bracket alone when there is no display.
        let test = code.map { code in
            let bracket = "[\(CodeSystem(name: code.system)?.description ?? code.system) \(code.code)]"
            guard let display = code.display?.trimmingSpaces, !display.isEmpty else { return bracket }
            return display + " " + bracket
        } ?? "observation"
        var result = "—"
        if let quantity = observation["valueQuantity"], let value = quantity["value"] {
            let number = value.integer.map(String.init) ?? value.double.map { String($0) } ?? "?"
            result = number + (text(quantity["unit"]).map { " \($0)" } ?? "")
        } else if let concept = coding(observation["valueCodeableConcept"]) {
            result = concept.display ?? "\(concept.code)"
        } else if let value = text(observation["valueString"]) {
            result = value
        }
        var centre: String?
        if let first = observation["performer"]?.first { centre = text(first["display"]) }
        return TestEntry(test: test, result: result, time: text(observation["effectiveDateTime"]), centre: centre)
    }
}
