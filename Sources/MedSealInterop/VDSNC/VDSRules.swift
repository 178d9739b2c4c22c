import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore

/// ICAO VDS-NC seals as a ``CredentialFormatRules`` conformance: JSON → the signer certificate
/// in the seal → the trusted country signing CAs (CSCA) that issued it (its chain, checked by
/// libcrypto) → ES256, fixed by the signer's P-256 key → the signature over the RFC 8785 form
/// of `data` → the seal's content; the signer's key usage and the CSCA's CRL as findings.
public struct VDSRules: CredentialFormatRules {
    public let trust: InteropTrust

    public init(trust: InteropTrust) { self.trust = trust }

    public struct Unverified: UnverifiedCredential {
        let seal: VDSSeal
        public var kid: [UInt8]? { nil }
        public var keyID: String? { seal.signer.subject }
        public var claimedIssuer: String? { seal.issuingCountry }
    }

    public func parse(_ text: String) throws(VerificationFailure) -> Unverified {
        do { return Unverified(seal: try VDSSeal(text: text)) } catch { throw VerificationFailure(.malformed, error.description) }
    }

    public func candidates(for credential: Unverified) throws(VerificationFailure) -> [X509Certificate] {
        let authorities: [X509Certificate]
        do { authorities = try trust.cscas().authorities } catch { throw VerificationFailure(.damagedStore, error.message, remedy: error.remedy) }
        let issuers = authorities.filter { credential.seal.signer.isIssued(by: $0) }
        guard !issuers.isEmpty else {
            throw VerificationFailure(.unknownIssuer, "the seal's signer certificate (\(credential.seal.signer.subject)) does not chain to a country signing CA trusted here (medseal-verify trust import-csca FILE)")
        }
        return issuers
    }

    public func agreesOnAlgorithm(_ credential: Unverified, with authority: X509Certificate) -> Bool {
        credential.seal.algorithm == "ES256" && credential.seal.signer.publicKey.kind == .p256
    }

    public func algorithmMismatch(_ credential: Unverified, candidates: [X509Certificate]) -> VerificationFailure {
        VerificationFailure(.algorithmMismatch, "the seal names algorithm \(credential.seal.algorithm), but its signer's \(credential.seal.signer.publicKey) key signs with ES256")
    }

    public func isSigned(_ credential: Unverified, by authority: X509Certificate) -> Bool {
        credential.seal.signer.publicKey.verifyES256(signature: credential.seal.signature, message: credential.seal.signed)
    }

    public func badSignature(_ credential: Unverified, candidates: [X509Certificate]) -> VerificationFailure {
        VerificationFailure(.badSignature, "signature does not match: this seal was changed or forged")
    }

    public func authenticate(_ credential: inout Unverified, signedBy authority: X509Certificate,
                             context: VerificationContext) throws(VerificationFailure) -> (credential: AuthenticCredential, findings: [VerificationReason]) {
        let seal = credential.seal
        let record: InteropRecord
        do { record = try seal.record() } catch { throw VerificationFailure(.malformed, "signed by \(seal.signer.subject), but its content is unreadable: \(error.description)") }
        let claims = CredentialClaims(issuer: seal.issuingCountry, issuedAt: seal.signer.notBefore, expiresAt: nil,
                                      credentialID: record.certificateID.map { Array($0.utf8) } ?? Array(OpenSSL.sha256(seal.signature).prefix(8)), document: .interop(record))
        var authentic = AuthenticCredential(format: .vdsNC, signer: ForeignSigner(kind: "ICAO VDS-NC signer", name: seal.signer.subject, keyWord: "CSCA", keyID: authority.subject), claims: claims)
        authentic.ruleInput = nil
        var findings = [VerificationReason]()
        if !seal.signer.extendedKeyUsages.isEmpty && !seal.signer.extendedKeyUsages.contains(VDSSeal.signerUsage) {
            findings.append(VerificationReason(.typeNotAllowed, "the signer certificate is not for VDS-NC seals (extended key usage \(VDSSeal.signerUsage) missing)"))
        }
        let now = context.nowSeconds
        if now < seal.signer.notBefore - context.clockSkew {
            findings.append(VerificationReason(.notYetValid, "the signer certificate is valid only from \(Timestamps.format(epochSeconds: seal.signer.notBefore))"))
        }
        let lists = (try? trust.cscas().revocationLists) ?? []
        if let crl = lists.first(where: { $0.isSigned(by: authority) }) {
            if crl.revokes(seal.signer) { findings.append(VerificationReason(.revoked, "the signer certificate is revoked by its CSCA's CRL")) }
            if let next = crl.nextUpdate, now > next {
                findings.append(.warning(.staleList, "the CRL of \(authority.subject) was due again on \(Timestamps.format(epochSeconds: next))", moment: crl.thisUpdate))
            }
        } else {
            findings.append(.warning(.noRevocationList, "no CRL of \(authority.subject) is imported here (medseal-verify trust import-csca CRL-FILE)"))
        }
        return (authentic, findings)
    }
}
