import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore

/// The CWT claims of an EU DCC and the health certificate (`hcert`, claim -260, key 1)
/// inside, read into MedSeal's terms. Times may be integers or floats; `exp` and `iat`
/// are required. Exactly one kind of entry (`v`, `t` or `r`) must be present.
public struct DCCPayload: Sendable {
    /// The issuing country (claim 1), when present.
    public let country: String?
    public let issuedAt: Int64
    /// `exp` (claim 4): required in an EU DCC; a WHO certificate may leave it out.
    public let expiresAt: Int64?
    public let record: InteropRecord
    /// The health certificate as it was signed, for business rules.
    public let healthCertificate: CBOR
    /// `EU DCC`, or `WHO DVC` for a WHO Digital Vaccination Certificate.
    public let scheme: String

    static let hcertClaim = CBOR.int(-260)
    /// The code system of EU vaccine product codes.
    static let productSystem = CodeSystem(name: "eu-product")!

    public init(decoding bytes: [UInt8]) throws(FormatError) {
        let claims = try CBORReader.decode(bytes, mode: .lenient, layer: "CWT")
        guard case .map = claims else { throw FormatError("CWT", "the payload is a \(claims.kindName), not a claims map") }
        if let value = claims[.int(1)] {
            guard case .text(let country) = value else { throw FormatError("CWT", "iss (1) is not text") }
            self.country = country
        } else {
            country = nil
        }
        issuedAt = try Self.time(claims[.int(6)], "iat (6)")
        guard let container = claims[Self.hcertClaim] else { throw FormatError("CWT", "no health certificate (claim -260)") }
        if let dvc = container[.int(-6)], container[.int(1)] == nil {
            // A WHO Digital Vaccination Certificate (the ICVP structure), as the GDHCN validator reads it.
            expiresAt = try claims[.int(4)].map { item throws(FormatError) in try Self.time(item, "exp (4)") }
            record = try WHOVaccinationCertificate.record(dvc, country: country)
            healthCertificate = dvc
            scheme = "WHO DVC"
            return
        }
        expiresAt = try Self.time(claims[.int(4)], "exp (4)")
        guard let hcert = container[.int(1)] else { throw FormatError("hcert", "claim -260 holds no certificate under key 1 (EU DCC) or -6 (WHO)") }
        record = try Self.record(hcert)
        healthCertificate = hcert
        scheme = "EU DCC"
    }

    /// The issuing country the claims name (claim 1, in capitals), read from a payload whose
    /// signature is not yet checked: only to choose which keys to try. `nil` when the
    /// payload is unreadable or names none, or something other than 2 or 3 ASCII letters.
    static func claimedCountry(_ payload: [UInt8]) -> String? {
        guard let claims = try? CBORReader.decode(payload, mode: .lenient, layer: "CWT"), case .text(let country)? = claims[.int(1)],
              (2...3).contains(country.utf8.count), country.utf8.allSatisfy({ (0x41...0x5A).contains($0 & 0xDF) }) else { return nil }
        return country.uppercased()
    }

    /// The health certificate alone (the `hcert` map, as test data gives it), read into
    /// MedSeal's terms.
    public static func healthCertificate(_ bytes: [UInt8]) throws(FormatError) -> InteropRecord {
        try record(try CBORReader.decode(bytes, mode: .lenient, layer: "hcert"))
    }

    /// A NumericDate as an integer or a float (seconds since 1970).
    static func time(_ value: CBOR?, _ name: String) throws(FormatError) -> Int64 {
        switch value {
        case nil: throw FormatError("CWT", "\(name) is missing")
        case .float(let seconds)?:
            guard seconds.isFinite, abs(seconds) < 1e12 else { throw FormatError("CWT", "\(name) is not a usable time") }
            return Int64(seconds.rounded(.down))
        case let item?:
            guard let seconds = item.intValue, abs(seconds) < 1_000_000_000_000 else { throw FormatError("CWT", "\(name) is a \(item.kindName), not a time") }
            return seconds
        }
    }

    /// `path` is made only for a message: most certificates need none.
    static func text(_ map: CBOR, _ key: String, required: Bool = true, _ path: @autoclosure () -> String) throws(FormatError) -> String? {
        guard let value = map[.text(key)] else {
            if required { throw FormatError("hcert", "\(path()).\(key) is missing") }
            return nil
        }
        guard case .text(let text) = value, text.utf8.count <= 256 else { throw FormatError("hcert", "\(path()).\(key) is not text (of at most 256 bytes)") }
        return text
    }

    static func record(_ hcert: CBOR) throws(FormatError) -> InteropRecord {
        guard case .map = hcert else { throw FormatError("hcert", "the certificate is a \(hcert.kindName), not a map") }
        _ = try text(hcert, "ver", "hcert")
        guard let names = hcert[.text("nam")], case .map = names else { throw FormatError("hcert", "nam (names) is missing or not a map") }
        let family = try text(names, "fn", required: false, "nam")
        let given = try text(names, "gn", required: false, "nam")
        let standardFamily = try text(names, "fnt", "nam") ?? ""
        let standardGiven = try text(names, "gnt", required: false, "nam")
        let name = [given ?? standardGiven, family ?? standardFamily].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        let birthDate = try text(hcert, "dob", "hcert") ?? ""
        // A date may carry a time after it (early certificates wrote 1964-08-12T00:00:00); a
        // month or day of 00 means unknown (1963-00-00), and is shown as written.
        let dateBytes = birthDate.utf8
        let day = dateBytes.count > 10 && dateBytes.dropFirst(10).first == UInt8(ascii: "T") ? String(decoding: dateBytes.prefix(10), as: UTF8.self) : birthDate
        let holder = Holder(name: name, birthDate: day)
        guard birthDate.isEmpty || holder.birthDateRange != nil else {
            throw FormatError("hcert", "dob '\(birthDate)' is not a date (YYYY-MM-DD, YYYY-MM or YYYY, with 00 for an unknown month or day)")
        }
        // Some issuers write the kinds they do not use as empty lists (`"t": [], "r": []`).
        let present = ["v", "t", "r"].filter { key in
            guard let value = hcert[.text(key)] else { return false }
            if case .array(let items) = value, items.isEmpty { return false }
            return true
        }
        guard present.count == 1, let key = present.first else {
            throw FormatError("hcert", present.isEmpty ? "no vaccination (v), test (t) or recovery (r) entry" : "more than one kind of entry (v, t, r)")
        }
        let kind: DocumentKind = key == "v" ? .vaccination : key == "t" ? .testResult : .recovery
        guard case .array(let entries)? = hcert[.text(key)], (1...20).contains(entries.count) else {
            throw FormatError("hcert", "\(key) must be an array of 1 to 20 entries")
        }
        var record = InteropRecord(kind: kind, holder: holder)
        for (index, entry) in entries.enumerated() {
            guard case .map = entry else { throw FormatError("hcert", "\(key)[\(index)] is not a map") }
            record.disease = try text(entry, "tg", "\(key)[\(index)]").map { DCCValueSets.name($0, in: DCCValueSets.diseases) }
            record.certificateID = try text(entry, "ci", "\(key)[\(index)]")
            record.certificateIssuer = try text(entry, "is", "\(key)[\(index)]")
            let country = try text(entry, "co", "\(key)[\(index)]")
            switch kind {
            case .vaccination: record.doses.append(try dose(entry, "\(key)[\(index)]", country: country ?? ""))
            case .testResult: record.tests.append(try test(entry, "\(key)[\(index)]", country: country))
            default: record.recoveries.append(try recovery(entry, "\(key)[\(index)]", country: country))
            }
        }
        return record
    }

    static func count(_ entry: CBOR, _ key: String, _ path: @autoclosure () -> String) throws(FormatError) -> Int {
        // Certificates in circulation carry 0 too; it is shown as signed.
        guard let value = entry[.text(key)]?.intValue, (0...99).contains(value) else { throw FormatError("hcert", "\(path()).\(key) is missing or not a number from 0 to 99") }
        return Int(value)
    }

    static func date(_ entry: CBOR, _ key: String, _ path: @autoclosure () -> String) throws(FormatError) -> FullDate {
        guard let text = try text(entry, key, path()), let date = FullDate(String(decoding: text.utf8.prefix(10), as: UTF8.self)) else {
            throw FormatError("hcert", "\(path()).\(key) is not a date")
        }
        return date
    }

    static func dose(_ entry: CBOR, _ path: @autoclosure () -> String, country: String) throws(FormatError) -> Dose {
        let product = try text(entry, "mp", path()) ?? ""
        let manufacturer = try text(entry, "ma", path()) ?? ""
        return Dose(vaccine: Coding(system: Self.productSystem, code: product),
                    product: DCCValueSets.vaccineProducts[product], manufacturer: DCCValueSets.name(manufacturer, in: DCCValueSets.manufacturers),
                    lot: "", date: try date(entry, "dt", path()), doseNumber: try count(entry, "dn", path()), seriesDoses: try count(entry, "sd", path()),
                    country: country)
    }

    static func test(_ entry: CBOR, _ path: @autoclosure () -> String, country: String?) throws(FormatError) -> TestEntry {
        let type = try text(entry, "tt", path()) ?? ""
        var test = DCCValueSets.name(type, in: DCCValueSets.testTypes)
        if let name = try text(entry, "nm", required: false, path()) { test += " — \(name)" }
        if let device = try text(entry, "ma", required: false, path()) { test += " [device \(device)]" }
        let result = try text(entry, "tr", path()) ?? ""
        return TestEntry(test: test, result: DCCValueSets.name(result, in: DCCValueSets.testResults), time: try text(entry, "sc", path()),
                         centre: try text(entry, "tc", required: false, path()), country: country)
    }

    static func recovery(_ entry: CBOR, _ path: @autoclosure () -> String, country: String?) throws(FormatError) -> RecoveryEntry {
        RecoveryEntry(firstPositive: try date(entry, "fr", path()).description, validFrom: try date(entry, "df", path()).description,
                      validUntil: try date(entry, "du", path()).description, country: country)
    }
}
