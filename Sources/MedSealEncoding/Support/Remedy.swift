/// What the person can do next about an error or a verdict, named but not worded: the
/// library does not know which program, command or flag the person is using, so the command
/// line words it (MedSealCLI's `CommandHints`). Messages say what is wrong; a remedy says
/// which repair applies.
public enum Remedy: String, Sendable, Hashable, CaseIterable {
    /// See which keys and roots the verifier trusts.
    case listTrust = "list-trust"
    /// Name a trust folder, or create one by trusting an issuer key.
    case giveTrustFolder = "give-trust-folder"
    /// Trust an issuer key.
    case addIssuerKey = "add-issuer-key"
    /// Trust a root key (roots sign trust bundles).
    case addRootKey = "add-root-key"
    /// Import the trust bundle that lists the issuer (never: trust the key a card brings).
    case importTrustBundle = "import-trust-bundle"
    /// Check the audit log from its first entry.
    case checkAuditLog = "check-audit-log"
    /// Import the issuer's revocation list (none is on this computer).
    case importRevocationList = "import-revocation-list"
    /// Import the issuer's revocation list again (the stored copy is damaged).
    case reimportRevocationList = "reimport-revocation-list"
    /// Rebuild the compiled trust index from the roots, keys and bundles.
    case rebuildTrustIndex = "rebuild-trust-index"
    /// Import a SMART Health Card issuer's keys together with its CRL.
    case importSHCIssuer = "import-shc-issuer"
    /// Import the EU DCC signing certificates of a trust list.
    case importDCCSigners = "import-dcc-signers"
    /// Import a SMART Health Card issuer's or EU DCC signers' files again (stored copy damaged).
    case reimportInteropTrust = "reimport-interop-trust"
    /// Verify a file that holds several credentials with the option that checks each.
    case verifyEachInFile = "verify-each-in-file"
}
