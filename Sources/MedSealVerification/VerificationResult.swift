import Foundation
import MedSealEncoding
import MedSealModel

/// Why a credential is or is not valid, as a stable code for machines.
public enum VerificationStatus: String, Hashable, Sendable, Codable {
    case valid
    /// The text is not a well-formed MedSeal token (exit status 2).
    case malformed
    /// No trusted key has the token's kid for its issuer.
    case unknownIssuer = "unknown-issuer"
    /// The header names an algorithm other than the trusted key's.
    case algorithmMismatch = "algorithm-mismatch"
    /// The signature does not verify: the token was changed or forged.
    case badSignature = "bad-signature"
    case expired
    case notYetValid = "not-yet-valid"
    /// The key signed the credential outside the key's validity window.
    case keyNotValid = "key-not-valid"
    /// The key may not sign this type of credential.
    case typeNotAllowed = "type-not-allowed"
    /// The issuer's revocation list names the credential as withdrawn.
    case revoked
    /// The issuer's revocation list says a newer credential replaces this one.
    case superseded
    /// The issuer's cached revocation list is past its next update (a warning, or a
    /// failure under `--max-list-age` / `--require-fresh-lists`).
    case staleList = "stale-list"
    /// No revocation list of the issuer is cached (a warning, or a failure when fresh lists
    /// are required).
    case noRevocationList = "no-revocation-list"
    /// No business rules of the destination (`--country`) are imported, or they are old (a
    /// warning, or a failure when fresh lists are required).
    case noRules = "no-rules"
    case staleRules = "stale-rules"
    /// The computer's clock is earlier than a time the verifier has already seen.
    case clockSetBack = "clock-set-back"
    /// A file of the verifier's store is damaged (exit status 3).
    case damagedStore = "damaged-store"
    /// Authentic and valid, but it does not meet the acceptance rule it was checked against.
    case ruleNotMet = "rule-not-met"
    /// A holder-bound credential shown as it is, not in a presentation its holder signed.
    case notPresented = "not-presented"
    /// A presentation not signed by the holder key its credential names.
    case notHolderSigned = "not-holder-signed"
    /// A presentation past the end its holder gave it (or made to outlast its credential).
    case presentationExpired = "presentation-expired"
    /// A presentation made for another audience than the one the verifier requires.
    case wrongAudience = "wrong-audience"
    /// A presentation that does not answer the verifier's challenge.
    case wrongNonce = "wrong-nonce"
    /// A presentation whose challenge was already answered once here (a replay).
    case nonceReused = "nonce-reused"
    /// A credential that lets its holder withhold critical facts (the safety floor).
    case criticalWithheld = "critical-withheld"
}

/// Whether a reason makes the credential not valid, or only deserves attention.
public enum VerificationSeverity: String, Hashable, Sendable {
    case failure
    case warning
}

/// One reason a verification failed (or, for warnings, deserves attention).
public struct VerificationReason: Hashable, Sendable {
    public var status: VerificationStatus
    public var message: String
    public var severity: VerificationSeverity
    /// What the person can do about it, worded by the command line (``Remedy``).
    public var remedy: Remedy?
    /// The moment the reason is about, when it has one (a stale list's issue time), for
    /// saying it in the person's language ("issued 12 days ago").
    public var moment: Int64?

    public init(_ status: VerificationStatus, _ message: String, severity: VerificationSeverity = .failure, remedy: Remedy? = nil, moment: Int64? = nil) {
        self.status = status
        self.message = message
        self.severity = severity
        self.remedy = remedy
        self.moment = moment
    }

    /// A reason that is reported but does not make the credential invalid.
    public static func warning(_ status: VerificationStatus, _ message: String, remedy: Remedy? = nil, moment: Int64? = nil) -> VerificationReason {
        VerificationReason(status, message, severity: .warning, remedy: remedy, moment: moment)
    }
}

/// The systems whose credentials MedSeal verifies.
public enum CredentialFormat: String, Hashable, Sendable, Codable {
    case medseal
    case smartHealthCard = "smart-health-card"
    case euDCC = "eu-dcc"
    case vdsNC = "icao-vds-nc"
}

/// Another system's signer, kept as its parts and put into words only when shown: a
/// verification whose result is never printed formats nothing.
public struct ForeignSigner: Sendable {
    /// What signed (`"EU DCC signing certificate"`), or empty.
    public let kind: String
    /// Whose key it is: the issuer, or the certificate's subject.
    public let name: String
    /// The key's id as the format writes it, and the word for it (`key`, `kid`).
    public let keyWord: String
    public let keyID: String

    public init(kind: String = "", name: String, keyWord: String, keyID: String) {
        self.kind = kind
        self.name = name
        self.keyWord = keyWord
        self.keyID = keyID
    }

    /// `SMART issuer (key 3Kfdg…)`, `EU DCC signing certificate CN=… (kid dEdl…)`.
    public var description: String { (kind.isEmpty ? "" : kind + " ") + "\(name) (\(keyWord) \(keyID))" }
}

/// A credential whose signature verified under a trusted key.
public struct AuthenticCredential: Sendable {
    public let format: CredentialFormat
    /// The MedSeal issuer key; `nil` for other systems' credentials.
    public let key: IssuerKey?
    /// Another system's signer (MedSeal's is written from its key when asked).
    private let foreignSigner: ForeignSigner?
    public let claims: CredentialClaims
    /// What its holder chose to show, when it is a presentation (its claims then hold only
    /// the revealed parts).
    public var presentation: PresentationFacts?
    /// Who opened the sealed items by breaking the glass, and why, when they were opened
    /// (the claims then hold them).
    public var brokenGlass: (operatorName: String, reason: String)?
    /// What a destination's business rules (CertLogic) read: the certificate as signed (an
    /// EU DCC's `hcert`, turned into JSON values only when rules are applied), its kind
    /// (`Vaccination`, `Test`, `Recovery`) and its issuing country.
    public var ruleInput: (payload: CBOR, kind: String, issuingCountry: String?)?
    /// Where another system's revocation of this credential would be stored (an EU DCC's
    /// three hashes, under its signing key).
    public var revocationLookup: ForeignRevocationLookup?

    /// Who signed, in words: the issuer and the key's id (for other systems, as they spell it).
    public var signer: String {
        guard let key else { return foreignSigner?.description ?? "" }
        return "\(key.issuer) (\(key.kidHex))"
    }

    /// A MedSeal credential signed by `key`.
    public init(key: IssuerKey, claims: CredentialClaims) {
        self.format = .medseal
        self.key = key
        self.foreignSigner = nil
        self.claims = claims
    }

    /// Another system's credential, signed by `signer`.
    public init(format: CredentialFormat, signer: ForeignSigner, claims: CredentialClaims) {
        self.format = format
        self.key = nil
        self.foreignSigner = signer
        self.claims = claims
    }
}

/// Where another system's revocation of a credential is kept in the verifier's store: the
/// list's name, and the index entries to look for, computed only when that list exists (a
/// verifier with no such list hashes nothing).
public struct ForeignRevocationLookup: Sendable {
    public let list: String
    public let entries: @Sendable () -> [[UInt8]]

    public init(list: String, entries: @escaping @Sendable () -> [[UInt8]]) {
        self.list = list
        self.entries = entries
    }
}

/// The outcome of verifying one token, with every reason it is not valid.
public struct VerificationResult: Sendable {
    /// Every failed check; empty when valid.
    public var reasons: [VerificationReason]
    /// What deserves attention without making the credential invalid (a stale revocation
    /// list, a clock that seems set back).
    public var warnings: [VerificationReason] = []
    /// The kid from the token's header, when it could be read.
    public var kid: [UInt8]?
    /// The key id as the credential's own system writes it (a SMART Health Card's
    /// thumbprint, an EU DCC's base64 kid), when that is not MedSeal's hex.
    public var keyID: String?
    /// The issuer the token claims, when it could be read.
    public var claimedIssuer: String?
    /// The credential, only when its signature verified under a trusted key.
    public var credential: AuthenticCredential?
    /// The outcome of each acceptance rule, for authentic credentials.
    public var ruleOutcomes: [RuleOutcome] = []

    public var isValid: Bool { reasons.isEmpty && credential != nil }

    /// The first reason's status, or `valid`.
    public var status: VerificationStatus { reasons.first?.status ?? .valid }

    /// Whether the text could not be read as a token at all.
    public var isMalformed: Bool { status == .malformed }

    /// A result with one failure and no authentic credential.
    public static func failure(_ status: VerificationStatus, _ message: String, kid: [UInt8]? = nil, issuer: String? = nil,
                               remedy: Remedy? = nil) -> VerificationResult {
        VerificationResult(reasons: [VerificationReason(status, message, remedy: remedy)], kid: kid, claimedIssuer: issuer, credential: nil)
    }
}
