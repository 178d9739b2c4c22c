import Foundation
import MedSealEncoding
import MedSealModel

/// The moment and tolerance a verification runs at.
public struct VerificationContext: Sendable {
    /// The moment to verify as of (now, or `--at`).
    public var now: Date
    /// How far clocks may disagree, in seconds, before a time check fails.
    public var clockSkew: Int64
    /// The audience a presentation must be made for (`--audience`), if any.
    public var audience: String?
    /// The challenge a presentation must answer (`--nonce`), if any.
    public var nonce: String?

    /// Five minutes: enough for unsynchronised laptop clocks, too little to matter for expiry.
    public static let defaultClockSkew: Int64 = 300

    public init(now: Date = Date(), clockSkew: Int64 = VerificationContext.defaultClockSkew) {
        self.now = now
        self.clockSkew = clockSkew
    }

    /// The moment, in whole seconds since 1970.
    public var nowSeconds: Int64 { Timestamps.epochSeconds(now) }
}

/// One check run over a credential whose signature verified. A policy answers `nil` when
/// the credential meets it, or the reason it does not. Adding a check means adding a type.
public protocol VerificationPolicy: Sendable {
    func check(_ credential: AuthenticCredential, in context: VerificationContext) -> VerificationReason?

    /// What this policy makes of a finding a credential format reported (a certificate's
    /// window, a missing CRL): the same finding, or one of another severity. Formats report
    /// what they see; policies alone decide how much it weighs, the same way for every format.
    func review(_ finding: VerificationReason) -> VerificationReason
}

extension VerificationPolicy {
    public func review(_ finding: VerificationReason) -> VerificationReason { finding }
}

/// The credential's `nbf`/`exp` window must contain the verification moment.
public struct ValidityPeriodPolicy: VerificationPolicy {
    public init() {}

    public func check(_ credential: AuthenticCredential, in context: VerificationContext) -> VerificationReason? {
        let claims = credential.claims
        let now = context.nowSeconds
        if let expiresAt = claims.expiresAt, now > expiresAt + context.clockSkew {
            return VerificationReason(.expired, "expired on \(HumanTime.describe(expiresAt)) (\(HumanTime.ago(now - expiresAt)))")
        }
        let start = claims.notBefore ?? claims.issuedAt
        if now + context.clockSkew < start {
            return VerificationReason(.notYetValid, "not valid until \(HumanTime.describe(start)) (in \(HumanTime.span(start - now)))")
        }
        return nil
    }
}

/// The key must have been inside its window when it signed the credential, and must still
/// be: when a key's window ends, what it signed is no longer trusted (key rotation).
public struct KeyWindowPolicy: VerificationPolicy {
    public init() {}

    public func check(_ credential: AuthenticCredential, in context: VerificationContext) -> VerificationReason? {
        // Other systems' keys carry their own windows, checked by their verifiers.
        guard let key = credential.key else { return nil }
        let issuedAt = credential.claims.issuedAt
        let from = Timestamps.epochSeconds(key.notBefore)
        let until = Timestamps.epochSeconds(key.notAfter)
        guard issuedAt + context.clockSkew >= from, issuedAt - context.clockSkew <= until else {
            return VerificationReason(.keyNotValid, "signed on \(HumanTime.describe(issuedAt)), outside the key's window \(HumanTime.describe(from)) to \(HumanTime.describe(until))")
        }
        guard context.nowSeconds - context.clockSkew <= until else {
            return VerificationReason(.keyNotValid, "the issuer's key \(key.kidHex) was trusted until \(HumanTime.describe(until)); what it signed is no longer accepted")
        }
        return nil
    }
}

/// The key must be allowed to sign this type of credential.
public struct CredentialTypePolicy: VerificationPolicy {
    public init() {}

    public func check(_ credential: AuthenticCredential, in context: VerificationContext) -> VerificationReason? {
        guard let key = credential.key, let type = credential.claims.document.type else { return nil }
        // A scan of the (one or two) types: a set lookup would hash the type's name.
        guard key.types.contains(where: { $0 == type }) else {
            return VerificationReason(.typeNotAllowed, "the issuer's key may not sign \(type.rawValue) credentials")
        }
        return nil
    }
}
