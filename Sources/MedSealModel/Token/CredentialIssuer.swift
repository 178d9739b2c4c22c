import Foundation
import MedSealEncoding

/// Signs health documents into MedSeal tokens.
public struct CredentialIssuer: Sendable {
    public let key: IssuerSigningKey

    public init(key: IssuerSigningKey) { self.key = key }

    /// A signed credential and what was put into it.
    public struct Issued: Sendable {
        public let token: String
        public let claims: CredentialClaims
    }

    /// Signs `document`, valid from `notBefore` (or now) for `lifetime` seconds.
    /// Refuses a document type the key may not sign, a moment outside the key's window, an
    /// expiry after the key's window ends (verifiers stop accepting the credential then, so
    /// the printed expiry would be false), and dates that lie in the future.
    ///
    /// With `sealing`, the chosen sections of an emergency summary are sealed to the
    /// emergency-access key instead of being signed in clear (``SealedItems``).
    public func issue(_ document: CredentialDocument, now: Date = Date(), lifetime: Int64, notBefore: Date? = nil,
                      credentialID: [UInt8] = Sodium.randomBytes(CredentialClaims.credentialIDLength),
                      sealing: (sections: Set<WithholdableSection>, key: SealingKey)? = nil) throws(UserError) -> Issued {
        let publicKey = key.publicKey
        guard let type = document.type else { throw UserError(.input, "MedSeal issues only its own emergency and vaccination documents") }
        guard publicKey.types.contains(type) else {
            throw UserError(.key, "this key may sign \(publicKey.types.map(\.rawValue).sorted().joined(separator: ", ")) credentials, not \(type.rawValue)")
        }
        guard now >= publicKey.notBefore, now <= publicKey.notAfter else {
            throw UserError(.key, "this key may sign only from \(Timestamps.format(publicKey.notBefore)) to \(Timestamps.format(publicKey.notAfter))")
        }
        try checkNoFutureDates(document, today: FullDate(epochSeconds: Timestamps.epochSeconds(now)))
        try checkShownAsWritten(document)
        let issuedAt = Timestamps.epochSeconds(now)
        let start = notBefore.map(Timestamps.epochSeconds)
        let (expiresAt, overflow) = (start ?? issuedAt).addingReportingOverflow(lifetime)
        let keyEnd = Timestamps.epochSeconds(publicKey.notAfter)
        guard !overflow, expiresAt <= keyEnd else {
            let longest = (keyEnd - (start ?? issuedAt)) / 86_400
            throw UserError(.input, "the credential would expire after this key's window ends (\(Timestamps.format(publicKey.notAfter))), and verifiers stop accepting it then: "
                            + (longest > 0 ? "make it expire in \(longest)d or less, or sign with a newer key" : "sign with a newer key"))
        }
        var claims = CredentialClaims(issuer: publicKey.issuer, issuedAt: issuedAt, notBefore: start,
                                      expiresAt: expiresAt, credentialID: credentialID, document: document)
        if let sealing {
            guard case .emergency(let summary) = document else { throw UserError(.usage, "only the sections of an emergency summary can be sealed") }
            guard now >= sealing.key.notBefore, now <= sealing.key.notAfter else {
                throw UserError(.key, "the emergency-access key \(sealing.key.kidHex) is valid only from \(Timestamps.format(sealing.key.notBefore)) to \(Timestamps.format(sealing.key.notAfter)): seal to its successor")
            }
            let (rest, sealed) = SealedItems.seal(sealing.sections, of: summary, to: sealing.key)
            guard let sealed else { throw UserError(.input, "the record has none of the sections to seal (\(sealing.sections.map(\.name).sorted().joined(separator: ", ")))") }
            claims.document = .emergency(rest)
            claims.sealed = sealed
        }
        return Issued(token: sign(payload: CBORWriter.encode(claims.cbor)), claims: claims)
    }

    /// Signs any payload bytes as a token under this key (used to build test vectors too).
    public func sign(payload: [UInt8], allowCompression: Bool = true) -> String {
        TokenCodec.encode(signedMessage(payload: payload).encoded, allowCompression: allowCompression)
    }

    /// Signs payload bytes as a token whose body has `form` (nil if the message cannot take
    /// it): how vectors pin the forms older tokens were issued in.
    public func sign(payload: [UInt8], as form: TokenCodec.BodyForm) -> String? {
        TokenCodec.encode(signedMessage(payload: payload).encoded, as: form)
    }

    /// The signed COSE_Sign1 message for `payload`, with `alg` EdDSA and this key's kid.
    public func signedMessage(payload: [UInt8]) -> COSESign1 {
        var message = COSESign1(algorithm: .edDSA, kid: key.publicKey.kid, payload: payload)
        message.signature = key.sign(message.bytesToSign)
        return message
    }

    /// Most line breaks the notes may hold (every other field is one line).
    public static let maximumNoteLineBreaks = 8

    /// Refuses text that a screen would not show as written: a line break in any field but
    /// the notes (which may hold ``maximumNoteLineBreaks``), and bidirectional embedding,
    /// override or isolate controls anywhere (they reorder what is shown). Verifiers show
    /// every field on one line whatever it holds; this keeps the issuer's own cards honest.
    private func checkShownAsWritten(_ document: CredentialDocument) throws(UserError) {
        guard let tree = try? JSONTape([UInt8](document.json())).root.foundationValue else { return }
        var checks = FieldChecks()
        func walk(_ value: Any, _ path: String) {
            switch value {
            case let object as [String: Any]:
                for key in object.keys.sorted() { walk(object[key]!, FieldChecks.path(path, key)) }
            case let items as [Any]:
                for (index, item) in items.enumerated() { walk(item, "\(path)[\(index)]") }
            case let text as String:
                let breaks = text.unicodeScalars.filter { [0x0A, 0x0D, 0x85, 0x2028, 0x2029].contains($0.value) }.count
                if path == "notes" {
                    checks.require(breaks <= Self.maximumNoteLineBreaks, path, "more than \(Self.maximumNoteLineBreaks) line breaks")
                } else {
                    checks.require(breaks == 0, path, "must be one line (no line breaks)")
                }
                let reordering = text.unicodeScalars.first { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) }
                checks.require(reordering == nil, path, "holds the bidirectional control \(reordering.map { TerminalText.visible($0.value) } ?? ""), which changes how the text is shown")
            default: break
            }
        }
        walk(tree, "")
        do { try checks.throwIfAny() } catch { throw UserError(.input, error.description) }
    }

    private func checkNoFutureDates(_ document: CredentialDocument, today: FullDate) throws(UserError) {
        var checks = FieldChecks()
        if let birthDate = document.holder.fullBirthDate { checks.require(birthDate <= today, "patient.birthDate", "\(birthDate) is in the future (today is \(today))") }
        if case .vaccination(let record) = document {
            for (index, dose) in record.doses.enumerated() {
                checks.require(dose.date <= today, "doses[\(index)].date", "\(dose.date) is in the future (today is \(today))")
            }
        }
        do { try checks.throwIfAny() } catch { throw UserError(.input, error.description) }
    }
}
