import MedSealEncoding
import MedSealModel

/// MedSeal's own tokens as a ``CredentialFormatRules`` conformance: prefix → Base45 → inflate
/// → COSE_Sign1 → the claims read (not yet trusted) → keys by kid within the claimed issuer
/// → EdDSA, fixed by the trusted key → the claims, moved into the authentic credential.
public struct MedSealTokenRules: CredentialFormatRules {
    public let trust: any TrustedKeyLookup

    public init(trust: any TrustedKeyLookup) { self.trust = trust }

    /// A token read, with its claims or their first problem (reported only once the signature
    /// verifies: then it is the issuer's error, not a forgery).
    public struct Unverified: UnverifiedCredential {
        let message: COSESign1
        /// The bytes the signature covers, built once for every key tried.
        let signed: [UInt8]
        let issuer: String
        var claims: Result<CredentialClaims, FormatError>
        /// A presentation's (or a holder's credential's) envelope, opened with what it reveals.
        let holder: (envelope: HolderEnvelope, opened: HolderBinding.Facts)?
        public let kid: [UInt8]?
        public var keyID: String? { nil }
        public var claimedIssuer: String? { issuer }
    }

    /// What stands in the claims' place while they are in an authentic credential.
    static let moved = FormatError("claims", "moved")

    public func parse(_ text: String) throws(VerificationFailure) -> Unverified {
        let message: COSESign1
        let reading: CredentialClaims.Reading
        var holder: (envelope: HolderEnvelope, opened: HolderBinding.Facts)?
        do {
            switch try TokenCodec.decodeContent(text) {
            case .message(let bytes):
                message = try COSESign1(decoding: bytes)
                reading = try CredentialClaims.read(message.payload)
            case .holderCredential(let envelope), .presentation(let envelope):
                // The issuer signed the holder-bound payload; the claims are read as a plain
                // token's, with the revealed parts in the document.
                message = envelope.issuerMessage
                let facts: HolderBinding.Facts
                (reading, facts) = try CredentialClaims.read(holderBound: envelope.payloadBytes, revealed: envelope.disclosures)
                holder = (envelope, facts)
            }
        } catch {
            throw VerificationFailure(.malformed, error.description)
        }
        guard let kid = message.kid, (1...64).contains(kid.count) else {
            throw VerificationFailure(.malformed, "COSE: the protected header has no kid")
        }
        return Unverified(message: message, signed: message.bytesToSign, issuer: reading.issuer, claims: reading.claims, holder: holder, kid: kid)
    }

    public func candidates(for credential: Unverified) throws(VerificationFailure) -> [IssuerKey] {
        let kid = credential.kid!
        do {
            let candidates = try trust.candidates(kid: kid, issuer: credential.issuer)
            guard candidates.isEmpty else { return candidates }
            let detail = try trust.knowsKid(kid) ? "the key \(ByteText.hex(kid)) is trusted, but not for issuer '\(credential.issuer)'" : "no trusted key has kid \(ByteText.hex(kid)) (issuer '\(credential.issuer)')"
            throw VerificationFailure(.unknownIssuer, "issuer not trusted on this computer: \(detail)", remedy: .importTrustBundle)
        } catch let error as UserError {
            throw VerificationFailure(.damagedStore, error.message, remedy: error.remedy)
        } catch let failure as VerificationFailure {
            throw failure
        } catch {
            throw VerificationFailure(.damagedStore, "\(error)")
        }
    }

    public func agreesOnAlgorithm(_ credential: Unverified, with key: IssuerKey) -> Bool {
        credential.message.claimsAlgorithm(key.algorithm)
    }

    public func algorithmMismatch(_ credential: Unverified, candidates: [IssuerKey]) -> VerificationFailure {
        let claimed = credential.message.claimedAlgorithm.map { $0.intValue.map(String.init) ?? $0.kindName } ?? "none"
        return VerificationFailure(.algorithmMismatch, "the header names algorithm \(claimed), but the trusted key uses \(candidates[0].algorithm.name) (\(candidates[0].algorithm.rawValue))")
    }

    public func isSigned(_ credential: Unverified, by key: IssuerKey) -> Bool {
        Sodium.ed25519Verify(credential.message.signature, message: credential.signed, publicKey: key.publicKey)
    }

    public func badSignature(_ credential: Unverified, candidates: [IssuerKey]) -> VerificationFailure {
        VerificationFailure(.badSignature, credential.holder == nil ? "signature does not match: this credential was changed or forged"
                            : "the issuer's signature does not match: the credential, or a part of it the patient revealed, was changed or forged")
    }

    /// The claims are moved into the credential, not copied (a copy retains every array and
    /// text of the document); ``restore(_:from:)`` gets them back for a rare next key.
    public func authenticate(_ credential: inout Unverified, signedBy key: IssuerKey, context: VerificationContext) throws(VerificationFailure) -> (credential: AuthenticCredential, findings: [VerificationReason]) {
        var claims = Result<CredentialClaims, FormatError>.failure(Self.moved)
        swap(&claims, &credential.claims)
        switch claims {
        case .success(let read):
            var authentic = AuthenticCredential(key: key, claims: read)
            if let holder = credential.holder { authentic.presentation = try presented(holder.envelope, holder.opened) }
            return (authentic, [])
        case .failure(let error):
            throw VerificationFailure(.malformed, "signed by \(credential.issuer), but its content is unreadable: \(error.description)")
        }
    }

    /// What the holder presented, once the issuer's signature verified (a revealed part that
    /// was changed fails that signature): refused when it is the holder's credential itself, or
    /// the holder's key did not sign it.
    func presented(_ envelope: HolderEnvelope, _ opened: HolderBinding.Facts) throws(VerificationFailure) -> PresentationFacts {
        guard envelope.keyBinding != nil, let binding = envelope.keyBindingBytes, let signature = envelope.holderSignature else {
            throw VerificationFailure(.notPresented, "a holder-bound credential is its holder's own file; verifiers accept only a presentation its holder signed (medseal present)")
        }
        let holderKid = IssuerKey.kid(for: opened.holderKey)
        guard Sodium.ed25519Verify(signature, message: envelope.bytesToSign(for: binding), publicKey: opened.holderKey) else {
            throw VerificationFailure(.notHolderSigned, "the presentation is not signed by the holder key the credential names (kid \(ByteText.hex(holderKid))): it was changed, or made by someone else")
        }
        let part = { (label: Int64) in envelope.disclosures.first { $0.label == label } }
        return PresentationFacts(holderKid: holderKid, revealed: opened.revealed.map { PartNames.name(of: $0, type: opened.type, part: part($0)) },
                                 withheld: opened.withheld.map { PartNames.name(of: $0, type: opened.type, part: nil) },
                                 floorProblems: opened.floorProblems, binding: envelope.keyBinding!)
    }

    public func restore(_ credential: inout Unverified, from result: VerificationResult) {
        if let claims = result.credential?.claims { credential.claims = .success(claims) }
    }
}
