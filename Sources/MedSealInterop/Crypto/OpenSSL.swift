import CCrypto
import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore

/// libcrypto (OpenSSL) behind safe Swift values: P-256 and RSA public keys, ES256 and
/// PS256 signature checks, and the few facts of an X.509 certificate a verifier needs.
/// This is the only file that calls libcrypto, and only other systems' credentials
/// (SMART Health Cards, EU DCC) use it; MedSeal's own credentials stay on libsodium.
public enum OpenSSL {
    /// The DER prefix of a P-256 SubjectPublicKeyInfo, up to the uncompressed point:
    /// SEQUENCE { SEQUENCE { id-ecPublicKey, prime256v1 }, BIT STRING { 0x04 … } }.
    static let p256InfoPrefix: [UInt8] = [
        0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01, 0x06, 0x08, 0x2A,
        0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04,
    ]

    /// SHA-256 through libcrypto (for hashing certificates and JWK thumbprints).
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        _ = SHA256(bytes, bytes.count, &digest)
        return digest
    }

    /// What is wrong with the form of an ES256 signature, for the verdict, or `nil` when it has
    /// the 64-byte `r ‖ s` form JWS and COSE require. A DER-encoded signature (what some
    /// signers write by mistake) is named as such: it is refused, never converted.
    public static func es256FormProblem(_ signature: [UInt8]) -> String? {
        guard signature.count != 64 else { return nil }
        if signature.first == 0x30, (8...72).contains(signature.count) {
            return "its signature is DER-encoded (\(signature.count) bytes), not the 64-byte r‖s form ES256 requires"
        }
        return "its signature is \(signature.count) bytes, not the 64 bytes of an ES256 signature"
    }

    /// The DER encoding of an ECDSA signature given as the fixed-size `r ‖ s` that JOSE and
    /// COSE use, or `nil` when it is not 64 bytes.
    static func derSignature(rawP256 signature: [UInt8]) -> [UInt8]? {
        guard signature.count == 64 else { return nil }
        func integer(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
            var value = Array(bytes.drop(while: { $0 == 0 }))
            if value.isEmpty || value[0] & 0x80 != 0 { value.insert(0, at: 0) }
            return [0x02, UInt8(value.count)] + value
        }
        let body = integer(signature[0..<32]) + integer(signature[32..<64])
        return [0x30, UInt8(body.count)] + body
    }
}

/// A P-256 or RSA public key of another system, held by libcrypto. Verification only reads
/// the key, which libcrypto allows from several threads at once.
public final class ForeignPublicKey: @unchecked Sendable, CustomStringConvertible {
    /// The kinds of key other systems' credentials use.
    public enum Kind: Hashable, Sendable {
        case p256
        case rsa(bits: Int)
    }

    private let key: OpaquePointer
    public let kind: Kind
    /// For a P-256 key, a verification context set up once (libcrypto finds the algorithm
    /// and reads the key here, not at every signature) and copied for each verification, as
    /// `openssl speed` verifies; libcrypto only reads it while copying, from any thread.
    private let preparedVerification: OpaquePointer?

    private init(key: OpaquePointer) throws(FormatError) {
        self.key = key
        let base = EVP_PKEY_get_base_id(key)
        if base == EVP_PKEY_EC {
            var name = [CChar](repeating: 0, count: 64)
            var length = 0
            guard EVP_PKEY_get_group_name(key, &name, name.count, &length) == 1,
                  String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self) == "prime256v1" else {
                EVP_PKEY_free(key)
                throw FormatError("key", "an EC key on a curve other than P-256")
            }
            guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key, nil), EVP_PKEY_verify_init(context) == 1 else {
                EVP_PKEY_free(key)
                ERR_clear_error()
                throw FormatError("key", "libcrypto cannot verify with this P-256 key")
            }
            preparedVerification = context
            kind = .p256
        } else if base == EVP_PKEY_RSA {
            let bits = Int(EVP_PKEY_get_bits(key))
            guard bits >= 2048 else {
                EVP_PKEY_free(key)
                throw FormatError("key", "an RSA key of \(bits) bits (at least 2048 are required)")
            }
            kind = .rsa(bits: bits)
            preparedVerification = nil
        } else {
            EVP_PKEY_free(key)
            throw FormatError("key", "neither a P-256 nor an RSA key")
        }
    }

    deinit {
        EVP_PKEY_CTX_free(preparedVerification)
        EVP_PKEY_free(key)
    }

    /// A P-256 key from its two 32-byte coordinates (a JWK's `x` and `y`). libcrypto refuses
    /// a point that is not on the curve.
    public static func p256(x: [UInt8], y: [UInt8]) throws(FormatError) -> ForeignPublicKey {
        guard x.count == 32, y.count == 32 else { throw FormatError("key", "P-256 coordinates must be 32 bytes each") }
        return try subjectPublicKeyInfo(OpenSSL.p256InfoPrefix + x + y)
    }

    /// A key from its DER SubjectPublicKeyInfo.
    public static func subjectPublicKeyInfo(_ der: [UInt8]) throws(FormatError) -> ForeignPublicKey {
        let parsed: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_PUBKEY(nil, &cursor, buffer.count)
        }
        ERR_clear_error()
        guard let parsed else { throw FormatError("key", "not a valid public key (or a point off the curve)") }
        return try ForeignPublicKey(key: parsed)
    }

    fileprivate static func adopting(_ key: OpaquePointer) throws(FormatError) -> ForeignPublicKey {
        try ForeignPublicKey(key: key)
    }

    public var description: String {
        switch kind {
        case .p256: return "EC P-256"
        case .rsa(let bits): return "RSA \(bits)"
        }
    }

    /// Whether `signature` (raw `r ‖ s`) is an ES256 signature of `message` by this key.
    public func verifyES256(signature: [UInt8], message: [UInt8]) -> Bool {
        guard let preparedVerification, let der = OpenSSL.derSignature(rawP256: signature),
              let context = EVP_PKEY_CTX_dup(preparedVerification) else { return false }
        defer {
            EVP_PKEY_CTX_free(context)
            ERR_clear_error()
        }
        let digest = OpenSSL.sha256(message)
        return EVP_PKEY_verify(context, der, der.count, digest, digest.count) == 1
    }

    /// Whether `signature` is a PS256 (RSASSA-PSS, SHA-256, MGF1-SHA-256, 32-byte salt)
    /// signature of `message` by this key.
    public func verifyPS256(signature: [UInt8], message: [UInt8]) -> Bool {
        guard case .rsa = kind else { return false }
        return verifyPSS(signature, message: message)
    }

    private func verifyPSS(_ signature: [UInt8], message: [UInt8]) -> Bool {
        guard let context = EVP_MD_CTX_new() else { return false }
        defer {
            EVP_MD_CTX_free(context)
            ERR_clear_error()
        }
        var keyContext: OpaquePointer?
        guard EVP_DigestVerifyInit(context, &keyContext, EVP_sha256(), nil, key) == 1,
              EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) == 1,
              EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, 32) == 1,
              EVP_PKEY_CTX_set_rsa_mgf1_md(keyContext, EVP_sha256()) == 1 else { return false }
        return EVP_DigestVerify(context, signature, signature.count, message, message.count) == 1
    }
}

/// The facts of an X.509 certificate a DCC verifier uses: its DER bytes, validity window,
/// subject, extended key usages and public key.
public struct X509Certificate: Sendable {
    public let der: [UInt8]
    /// `notBefore` and `notAfter`, seconds since 1970.
    public let notBefore: Int64
    public let notAfter: Int64
    /// The subject's common name, organisation and country (`CN=…, O=…, C=AT`).
    public let subject: String
    /// The subject's country (`C`), when it names one.
    public let country: String?
    /// The extended key usage OIDs in dotted form; empty when the extension is absent.
    public let extendedKeyUsages: [String]
    public let publicKey: ForeignPublicKey

    /// Reads a DER certificate.
    public init(der: [UInt8]) throws(FormatError) {
        let parsed: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            let certificate = d2i_X509(nil, &cursor, buffer.count)
            // The whole input must be the one certificate.
            if certificate != nil, let cursor, cursor != buffer.baseAddress! + buffer.count {
                X509_free(certificate)
                return nil
            }
            return certificate
        }
        ERR_clear_error()
        guard let certificate = parsed else { throw FormatError("certificate", "not a DER X.509 certificate") }
        defer { X509_free(certificate) }
        guard let from = X509Certificate.seconds(X509_get0_notBefore(certificate)),
              let until = X509Certificate.seconds(X509_get0_notAfter(certificate)) else {
            throw FormatError("certificate", "unreadable validity dates")
        }
        guard let key = X509_get_pubkey(certificate) else { throw FormatError("certificate", "no readable public key") }
        self.publicKey = try ForeignPublicKey.adopting(key)
        self.der = der
        self.notBefore = from
        self.notAfter = until
        let name = X509_get_subject_name(certificate)
        country = X509Certificate.entry(name, NID_countryName)
        subject = [(NID_commonName, "CN"), (NID_organizationName, "O"), (NID_countryName, "C")].compactMap { nid, label in
            X509Certificate.entry(name, nid).map { "\(label)=\($0)" }
        }.joined(separator: ", ")
        var usages = [String]()
        var critical: Int32 = 0
        if let extensionValue = X509_get_ext_d2i(certificate, NID_ext_key_usage, &critical, nil) {
            let stack = OpaquePointer(extensionValue)
            for index in 0..<max(0, OPENSSL_sk_num(stack)) {
                guard let object = OPENSSL_sk_value(stack, index) else { continue }
                var text = [CChar](repeating: 0, count: 128)
                let length = OBJ_obj2txt(&text, Int32(text.count), OpaquePointer(object), 1)
                if length > 0 && Int(length) < text.count {
                    usages.append(String(decoding: text.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
                }
            }
            EXTENDED_KEY_USAGE_free(stack)
        }
        ERR_clear_error()
        extendedKeyUsages = usages
    }

    /// The first entry of kind `nid` in an X.509 name, as UTF-8 text.
    private static func entry(_ name: OpaquePointer?, _ nid: Int32) -> String? {
        guard let name else { return nil }
        let index = X509_NAME_get_index_by_NID(name, nid, -1)
        guard index >= 0, let entry = X509_NAME_get_entry(name, index), let data = X509_NAME_ENTRY_get_data(entry) else { return nil }
        var buffer: UnsafeMutablePointer<UInt8>?
        let length = ASN1_STRING_to_UTF8(&buffer, data)
        guard length >= 0, let buffer else { return nil }
        defer { CRYPTO_free(buffer, nil, 0) }
        return String(decoding: UnsafeBufferPointer(start: buffer, count: Int(length)), as: UTF8.self)
    }

    private static func seconds(_ time: UnsafePointer<ASN1_TIME>?) -> Int64? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Int64(timegm(&parts))
    }
}

extension X509Certificate {
    /// Runs `body` with the certificate parsed by libcrypto (freed after).
    fileprivate static func parsed<T>(_ der: [UInt8], _ body: (OpaquePointer) -> T?) -> T? {
        let certificate: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_X509(nil, &cursor, buffer.count)
        }
        defer { ERR_clear_error() }
        guard let certificate else { return nil }
        defer { X509_free(certificate) }
        return body(certificate)
    }

    /// Whether `issuer` issued this certificate: its subject is this one's issuer (and key
    /// identifiers agree) and its key verifies this certificate's signature.
    public func isIssued(by issuer: X509Certificate) -> Bool {
        X509Certificate.parsed(der) { subject in
            X509Certificate.parsed(issuer.der) { authority -> Bool in
                guard X509_check_issued(authority, subject) == X509_V_OK, let key = X509_get_pubkey(authority) else { return false }
                defer { EVP_PKEY_free(key) }
                return X509_verify(subject, key) == 1
            }
        } ?? false
    }

    /// Whether this is a CA certificate (basic constraints CA:TRUE).
    public var isCertificateAuthority: Bool {
        X509Certificate.parsed(der) { X509_check_ca($0) > 0 } ?? false
    }
}

/// A certificate revocation list (X.509 CRL) of a certificate authority, checked by libcrypto.
public struct X509RevocationList: Sendable {
    public let der: [UInt8]
    /// `thisUpdate` and `nextUpdate` (when given), seconds since 1970.
    public let thisUpdate: Int64
    public let nextUpdate: Int64?

    public init(der: [UInt8]) throws(FormatError) {
        var times: (Int64, Int64?)?
        _ = X509RevocationList.parsed(der) { crl -> Bool in
            guard let this = X509RevocationList.seconds(X509_CRL_get0_lastUpdate(crl)) else { return false }
            times = (this, X509_CRL_get0_nextUpdate(crl).flatMap { X509RevocationList.seconds($0) })
            return true
        }
        guard let times else { throw FormatError("CRL", "not a DER X.509 certificate revocation list") }
        self.der = der
        thisUpdate = times.0
        nextUpdate = times.1
    }

    fileprivate static func parsed<T>(_ der: [UInt8], _ body: (OpaquePointer) -> T?) -> T? {
        let crl: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            let parsed = d2i_X509_CRL(nil, &cursor, buffer.count)
            if parsed != nil, let cursor, cursor != buffer.baseAddress! + buffer.count {
                X509_CRL_free(parsed)
                return nil
            }
            return parsed
        }
        defer { ERR_clear_error() }
        guard let crl else { return nil }
        defer { X509_CRL_free(crl) }
        return body(crl)
    }

    private static func seconds(_ time: UnsafePointer<ASN1_TIME>) -> Int64? {
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Int64(timegm(&parts))
    }

    /// Whether `authority` issued and signed this list.
    public func isSigned(by authority: X509Certificate) -> Bool {
        X509RevocationList.parsed(der) { crl in
            X509Certificate.parsed(authority.der) { certificate -> Bool in
                guard X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(certificate)) == 0, let key = X509_get_pubkey(certificate) else { return false }
                defer { EVP_PKEY_free(key) }
                return X509_CRL_verify(crl, key) == 1
            }
        } ?? false
    }

    /// Whether this list names `certificate` as revoked.
    public func revokes(_ certificate: X509Certificate) -> Bool {
        X509RevocationList.parsed(der) { crl in
            X509Certificate.parsed(certificate.der) { subject -> Bool in
                var entry: OpaquePointer?
                return X509_CRL_get0_by_cert(crl, &entry, subject) == 1
            }
        } ?? false
    }
}
