import Foundation
import MedSealEncoding

extension CredentialIssuer {
    /// A holder-bound credential and the plain credential of the same record for its printed card.
    public struct HolderBound: Sendable {
        /// The holder's credential (token form 3), from which the holder makes presentations.
        public let token: String
        /// A plain credential of the same record, with the same id (revoking one revokes both),
        /// for the printed card a paramedic scans without the holder's help.
        public let cardToken: String
        public let claims: CredentialClaims
    }

    /// Signs `document` bound to `holderKey` (an Ed25519 public key): the safety floor in
    /// clear, every other part as a salted digest, the holder's key in `cnf`. Checked and
    /// timed as ``issue(_:now:lifetime:notBefore:credentialID:)`` is.
    public func issue(_ document: CredentialDocument, holderKey: [UInt8], now: Date = Date(), lifetime: Int64, notBefore: Date? = nil,
                      credentialID: [UInt8] = Sodium.randomBytes(CredentialClaims.credentialIDLength),
                      sealing: (sections: Set<WithholdableSection>, key: SealingKey)? = nil,
                      salt: () -> [UInt8] = { Sodium.randomBytes(Disclosure.saltLength) }) throws(UserError) -> HolderBound {
        let card = try issue(document, now: now, lifetime: lifetime, notBefore: notBefore, credentialID: credentialID, sealing: sealing)
        // What was sealed stays sealed: the parts are cut from the rest.
        let parts = WithholdableParts(card.claims.document, salt: salt)
        let payload = HolderBinding.payload(claims: card.claims, parts: parts, holderKey: holderKey)
        let message = signedMessage(payload: CBORWriter.encode(payload))
        let envelope = HolderEnvelope(kid: key.publicKey.kid, payload: payload, signature: message.signature, disclosures: parts.disclosures)
        return HolderBound(token: TokenCodec.encode(envelope), cardToken: card.token, claims: card.claims)
    }
}
