import Foundation
import MedSealEncoding
import MedSealModel

/// An ICAO Visible Digital Seal for non-constrained environments (VDS-NC, ICAO TR "VDS-NC",
/// 2021): JSON `{"data": {"hdr": {"t", "v", "is"}, "msg": {…}}, "sig": {"alg", "cer",
/// "sigvl"}}`. The signature (`sigvl`, raw r‖s, base64url) is over the UTF-8 bytes of the RFC
/// 8785 canonical form of `data`, by the signer certificate in `cer` (base64url DER), which must
/// chain to a trusted country signing CA. Types: `icao.vacc` (vaccination), `icao.test` (test).
public struct VDSSeal: Sendable {
    public let type: String
    public let issuingCountry: String
    public let message: LogicValue
    public let algorithm: String
    public let signer: X509Certificate
    public let signature: [UInt8]
    /// The bytes signed: the canonical form of `data`.
    public let signed: [UInt8]

    static let layer = "VDS-NC"
    /// The extended key usage of a VDS-NC signer certificate.
    public static let signerUsage = "2.23.136.1.1.14.2"

    /// Whether `text` looks like a seal (a JSON object with data and sig), from its first characters.
    public static func claims(_ text: Substring) -> Bool {
        let start = text.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\u{FEFF}" }
        return start.hasPrefix("{") && start.contains("\"sig\"") && start.contains("\"data\"")
    }

    public init(text: String) throws(FormatError) {
        guard text.utf8.count <= 16_384 else { throw FormatError(VDSSeal.layer, "more than 16 KiB: no seal's QR code holds that") }
        let value = try LogicValue(json: Array(text.utf8))
        guard case .object(let seal) = value, case .object(let data)? = seal["data"], case .object(let sig)? = seal["sig"],
              case .object(let header)? = data["hdr"], let message = data["msg"] else {
            throw FormatError(VDSSeal.layer, "not a VDS-NC seal: expected {data: {hdr, msg}, sig}")
        }
        guard case .string(let type)? = header["t"], ["icao.vacc", "icao.test"].contains(type) else {
            throw FormatError(VDSSeal.layer, "hdr.t must be icao.vacc or icao.test")
        }
        guard case .string(let country)? = header["is"], country.utf8.count == 3 else { throw FormatError(VDSSeal.layer, "hdr.is must be a country code of 3 letters") }
        guard case .string(let algorithm)? = sig["alg"], case .string(let certificate)? = sig["cer"], case .string(let value)? = sig["sigvl"] else {
            throw FormatError(VDSSeal.layer, "sig must hold alg, cer and sigvl")
        }
        guard let der = VDSSeal.base64url(certificate) else { throw FormatError(VDSSeal.layer, "sig.cer is not base64url") }
        guard let signature = VDSSeal.base64url(value) else { throw FormatError(VDSSeal.layer, "sig.sigvl is not base64url") }
        self.type = type
        self.issuingCountry = country
        self.message = message
        self.algorithm = algorithm
        self.signer = try X509Certificate(der: der)
        self.signature = signature
        self.signed = Array(LogicValue.object(data).canonicalJSON.utf8)
    }

    /// Base64url, with or without padding (seals in circulation carry it).
    static func base64url(_ text: String) -> [UInt8]? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/").replacingOccurrences(of: "=", with: "")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard).map(Array.init)
    }

    /// The seal's content in MedSeal's terms.
    public func record() throws(FormatError) -> InteropRecord {
        func text(_ value: LogicValue?) -> String? { if case .string(let text)? = value { return text } else { return nil } }
        func field(_ object: LogicValue, _ name: String) -> LogicValue? { if case .object(let members) = object { return members[name] } else { return nil } }
        guard let person = field(message, "pid"), let name = text(field(person, "n")) else { throw FormatError(VDSSeal.layer, "msg.pid.n (the holder's name) is missing") }
        let holder = Holder(name: name.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " "), birthDate: text(field(person, "dob")) ?? "")
        var record = InteropRecord(kind: type == "icao.vacc" ? .vaccination : .testResult, holder: holder, certificateID: text(field(message, "uvci")),
                                   certificateIssuer: issuingCountry)
        if type == "icao.vacc" {
            guard case .array(let events)? = field(message, "ve"), !events.isEmpty, events.count <= 20 else { throw FormatError(VDSSeal.layer, "msg.ve must list 1 to 20 vaccines") }
            for (index, event) in events.enumerated() {
                guard let code = text(field(event, "des")), case .array(let doses)? = field(event, "vd"), doses.count <= 20 else {
                    throw FormatError(VDSSeal.layer, "msg.ve[\(index)] needs des and vd")
                }
                record.disease = record.disease ?? text(field(event, "dis")).map { $0 == "RA01.0" ? "COVID-19" : $0 }
                for (number, dose) in doses.enumerated() {
                    guard let dateText = text(field(dose, "dvc")), let date = FullDate(dateText), case .integer(let sequence)? = field(dose, "seq"), (1...20).contains(sequence) else {
                        throw FormatError(VDSSeal.layer, "msg.ve[\(index)].vd[\(number)] needs dvc (a date) and seq (1 to 20)")
                    }
                    record.doses.append(Dose(vaccine: Coding(system: .icd11, code: code), product: text(field(event, "nam")), lot: text(field(dose, "lot")) ?? "",
                                             date: date, doseNumber: Int(sequence), country: text(field(dose, "ctr")) ?? issuingCountry, centre: text(field(dose, "adm"))))
                }
            }
        } else {
            guard let result = field(message, "tr") else { throw FormatError(VDSSeal.layer, "msg.tr (the test result) is missing") }
            let details = field(message, "sp")
            record.tests.append(TestEntry(test: text(field(result, "tc")) ?? "test", result: text(field(result, "r")) ?? "unknown",
                                          time: text(field(field(message, "dat") ?? .null, "sc")), centre: text(field(details ?? .null, "spn")), country: text(field(details ?? .null, "ctr"))))
        }
        return record
    }
}
