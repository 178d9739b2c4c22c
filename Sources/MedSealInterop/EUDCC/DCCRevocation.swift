import Foundation
import MedSealEncoding
import MedSealModel

/// EU DCC revocation as the EU distributes it: per document signing key (kid), lists of
/// hashes of revoked certificates, each the first 16 bytes of SHA-256 of one of
/// - `UCI`: the certificate identifier `ci` (UTF-8);
/// - `COUNTRYCODEUCI`: the issuing country (CWT claim 1) immediately followed by `ci`;
/// - `SIGNATURE`: the COSE signature (for ES256 only its first half, `r`; for RSA all of it).
/// The verifier keeps them in its revocation index, one list per kid.
public enum DCCRevocation {
    public enum HashType: String, CaseIterable, Sendable {
        case uci = "UCI"
        case countryCodeUCI = "COUNTRYCODEUCI"
        case signature = "SIGNATURE"

        var code: UInt8 {
            switch self {
            case .uci: return 1
            case .countryCodeUCI: return 2
            case .signature: return 3
            }
        }
    }

    static let hashLength = 16

    /// The hashes of one certificate, by type (a certificate without `ci` has only its signature's).
    public static func hashes(certificateID: String?, country: String?, signature: [UInt8], algorithm: Int64?) -> [(HashType, [UInt8])] {
        var hashes = [(HashType, [UInt8])]()
        if let certificateID {
            hashes.append((.uci, Array(Sodium.sha256(Array(certificateID.utf8)).prefix(hashLength))))
            hashes.append((.countryCodeUCI, Array(Sodium.sha256(Array(((country ?? "") + certificateID).utf8)).prefix(hashLength))))
        }
        let signed = algorithm == -7 ? Array(signature.prefix(signature.count / 2)) : signature
        hashes.append((.signature, Array(Sodium.sha256(signed).prefix(hashLength))))
        return hashes
    }

    /// The name under which the verifier's store keeps the list of signing key `kid`.
    public static func listName(kid: [UInt8]) -> String { "EU DCC revocation, kid " + Data(kid).base64EncodedString() }

    /// The 8-byte index entry of a hash of `type`.
    public static func entryHash(_ type: HashType, _ hash: [UInt8]) -> [UInt8] {
        Array(Sodium.sha256(Array("medseal-dcc-revocation/1".utf8) + [0, type.code] + hash).prefix(RevocationList.hashLength))
    }

    /// One batch as the EU distributes it, read from JSON: `{"kid": base64, "hashType":
    /// "UCI" | "COUNTRYCODEUCI" | "SIGNATURE", "entries": [{"hash": base64} | base64 …],
    /// "expires"?: date-time, "country"?: CC}`.
    public struct Batch: Sendable {
        public let kid: [UInt8]
        public let type: HashType
        public let hashes: [[UInt8]]
        /// Seconds since 1970, when given.
        public let expires: Int64?

        public init(_ value: LogicValue, name: String) throws(FormatError) {
            guard case .object(let fields) = value, case .string(let kidText)? = fields["kid"], let kid = Data(base64Encoded: kidText), !kid.isEmpty,
                  case .string(let typeText)? = fields["hashType"], let type = HashType(rawValue: typeText.uppercased()),
                  case .array(let items)? = fields["entries"] else {
                throw FormatError("DCC revocation", "\(name): a batch needs kid (base64), hashType (UCI, COUNTRYCODEUCI or SIGNATURE) and entries")
            }
            var hashes = [[UInt8]]()
            hashes.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                var text: String?
                if case .string(let plain) = item { text = plain }
                if case .object(let entry) = item, case .string(let hash)? = entry["hash"] { text = hash }
                // Base64 as the EU writes them; 32 hexadecimal digits as the worked examples do.
                let decoded = text.flatMap { Data(base64Encoded: $0).map(Array.init) }.flatMap { $0.count == DCCRevocation.hashLength ? $0 : nil }
                guard let hash = decoded ?? text.flatMap(ByteText.bytes(hex:)), hash.count == DCCRevocation.hashLength else {
                    throw FormatError("DCC revocation", "\(name): entry \(index + 1) is not a 16-byte hash (base64 or hex)")
                }
                hashes.append(hash)
            }
            self.kid = Array(kid)
            self.type = type
            self.hashes = hashes
            if case .string(let text)? = fields["expires"] {
                guard let time = LogicDateTime.parse(text) else { throw FormatError("DCC revocation", "\(name): expires is not a date-time") }
                expires = time / 1_000
            } else {
                expires = nil
            }
        }
    }
}
