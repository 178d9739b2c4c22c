import Foundation
import MedSealCLI
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering
import MedSealInterop

/// `medseal-verify trust import-shc | import-dcc`: trust material of other systems.
enum InteropTrustCommands {
    /// What an import of other systems' trust material reports: each note on standard error,
    /// then its summary.
    static func summary(_ notes: [String], _ summary: String, _ console: Console) -> ImportSummary {
        for note in notes { console.error(note) }
        return ImportSummary(changed: true, message: summary)
    }

    static let importSHC = Command(CommandSpec(
        ["trust", "import-shc"],
        summary: "Trust a SMART Health Card issuer: its keys (jwks.json) and, optionally, its CRLs.",
        arguments: "ISS JWKS [CRL…]",
        options: [StoreOption.trust],
        details: """
        ISS is the issuer's iss (an https:// URL); JWKS its .well-known/jwks.json; each CRL a file from its
        .well-known/crl/ folder. Only EC P-256 ES256 signing keys whose kid is their RFC 7638 thumbprint are
        trusted; keys with use 'enc' are ignored. The JWKS replaces the issuer's previous keys. A CRL older than
        the stored one is rejected.
        \(TrustCommands.importStatuses)
        """
    )) { arguments, console in
        let positionals = try arguments.positionals(atLeast: 2, atMost: 1 + 1 + 64, else: "give the issuer (ISS), its JWKS file, and any CRL files")
        let jwks = try FileStore.read(positionals[1])
        var crls = [(name: String, data: Data)]()
        for path in positionals.dropFirst(2) { crls.append((path, try FileStore.read(path, limit: DecodingLimits.maximumRevocationFileBytes))) }
        let store = StoreOption.store(arguments)
        return try TrustCommands.reportImport(console) {
            let outcome = try SHCImport.run(store: store, issuer: positionals[0], jwks: jwks, crls: crls)
            return summary(outcome.notes, outcome.summary, console)
        }
    }

    static let importDCC = Command(CommandSpec(
        ["trust", "import-dcc"],
        summary: "Trust EU DCC document signing certificates from a folder of DER or PEM files.",
        arguments: "DIR",
        options: [StoreOption.trust, OptionSpec("add", nil, "Keep the certificates trusted before (default: the folder replaces them).")],
        details: """
        The folder (.der, .cer, .crt, .pem files) is taken as the whole trust list: certificates trusted before
        and not in it are no longer trusted, unless --add is given. Certificates with keys other than EC P-256
        or RSA of 2048 bits or more are skipped and named.
        \(TrustCommands.importStatuses)
        """
    )) { arguments, console in
        guard let folder = try arguments.positionals(atMost: 1).first else { throw UserError(.usage, "give the folder of certificates") }
        let store = StoreOption.store(arguments)
        return try TrustCommands.reportImport(console) {
            let outcome = try DCCImport.run(store: store, folder: folder, adding: arguments.has("add"))
            return summary(outcome.notes, outcome.summary, console)
        }
    }

    static let importRules = Command(CommandSpec(
        ["trust", "import-rules"],
        summary: "Import the EU DCC Gateway's business rules (CertLogic) and value sets from a folder, for --country.",
        arguments: "DIR",
        options: [StoreOption.trust],
        details: """
        Every JSON file under DIR that is a Gateway rule (Identifier, Type, Country, CertificateType, ValidFrom, ValidTo,
        Description, Logic) or a value set (valueSetId, valueSetValues) is taken in; other files are passed over. The
        import replaces the previous one whole, or, when one rule does not read or is not valid CertLogic, changes nothing.
        \(TrustCommands.importStatuses)
        """
    )) { arguments, console in
        guard let folder = try arguments.positionals(atMost: 1).first else { throw UserError(.usage, "give the folder of rules and value sets") }
        let store = StoreOption.store(arguments)
        return try TrustCommands.reportImport(console) {
            let imported = try GatewayRuleStore(store: store).importFolder(folder, now: Timestamps.epochSeconds(Date()))
            return ImportSummary(changed: true, message: "imported \(EnglishCount.of(imported.rules, "business rule")) of \(imported.countries.joined(separator: ", ")) and \(EnglishCount.of(imported.valueSets, "value set"))")
        }
    }

    static let importGDHCN = Command(CommandSpec(
        ["trust", "import-gdhcn"],
        summary: "Trust the document signing certificates of a WHO GDHCN trust list (DID documents) for WHO certificates in HCERT.",
        arguments: "FILE…",
        options: [StoreOption.trust],
        details: """
        Each FILE is a DID document (or a list of them) whose verificationMethod entries carry a certificate in
        publicKeyJwk.x5c and the kid as the method id's fragment, as the GDHCN publishes them. The certificates are added to
        those trusted for HCERT (EU DCC and WHO) and verified the same way.
        \(TrustCommands.importStatuses)
        """
    )) { arguments, console in
        let files = try arguments.positionals(atLeast: 1, atMost: 100, else: "give the DID document files of the trust list")
        let store = StoreOption.store(arguments)
        return try TrustCommands.reportImport(console) {
            let outcome = try DCCImport.runGDHCN(store: store, files: files)
            return summary(outcome.notes, outcome.summary, console)
        }
    }

    static let importCSCA = Command(CommandSpec(
        ["trust", "import-csca"],
        summary: "Trust country signing CAs (CSCA) for ICAO VDS-NC seals, and import their CRLs (DER or PEM files).",
        arguments: "FILE…",
        options: [StoreOption.trust],
        details: """
        Certificates must be CA certificates; a CRL must be signed by a trusted CSCA (give the CSCA first, or in the same
        command) and replaces an older CRL of that CSCA. A seal verifies when its signer certificate chains to a trusted
        CSCA; a signer its CSCA's CRL lists is revoked, and a CSCA without a current CRL gives a warning.
        \(TrustCommands.importStatuses)
        """
    )) { arguments, console in
        let files = try arguments.positionals(atLeast: 1, atMost: 100, else: "give the CSCA certificate and CRL files")
        let store = StoreOption.store(arguments)
        return try TrustCommands.reportImport(console) {
            ImportSummary(changed: true, message: try CSCATrustList.importFiles(files, store: store))
        }
    }

    static let importDCCRevocation = Command(CommandSpec(
        ["trust", "import-dcc-revocation"],
        summary: "Import EU DCC revocation lists (hashed, by document signing key) from JSON batch files or folders of them.",
        arguments: "FILE|DIR…",
        options: [StoreOption.trust],
        details: """
        A batch is {"kid": base64, "hashType": "UCI" | "COUNTRYCODEUCI" | "SIGNATURE", "entries": [{"hash": base64}, …],
        "expires": date-time, "country": CC}; a file may hold one batch or an array of them. The batches given for a
        signing key are taken as its whole list: they replace the one stored for that kid. Certificates whose hash is
        listed are then revoked.
        \(TrustCommands.importStatuses)
        """
    )) { arguments, console in
        let paths = try arguments.positionals(atLeast: 1, atMost: 1_000, else: "give the revocation batch files (or folders of them)")
        let store = StoreOption.store(arguments)
        return try TrustCommands.reportImport(console) {
            var files = [String]()
            for path in paths {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw UserError(.io, "\(path): no such file or folder") }
                if isFolder.boolValue {
                    files += ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".json") }.sorted().map { path + "/" + $0 }
                } else {
                    files.append(path)
                }
            }
            var byKid = [[UInt8]: (entries: [[UInt8]], expires: Int64?, digest: [UInt8])]()
            for file in files {
                let bytes = [UInt8](try FileStore.read(file, limit: DecodingLimits.maximumRevocationFileBytes))
                let value: LogicValue
                do throws(FormatError) { value = try LogicValue(json: bytes) } catch { throw UserError(.input, "\(file): not JSON: \(error.description)") }
                let batches: [LogicValue]
                if case .array(let items) = value { batches = items } else { batches = [value] }
                for item in batches {
                    let batch: DCCRevocation.Batch
                    do throws(FormatError) { batch = try DCCRevocation.Batch(item, name: file) } catch { throw UserError(.input, error.description) }
                    var held = byKid[batch.kid] ?? ([], nil, [])
                    held.entries += batch.hashes.map { DCCRevocation.entryHash(batch.type, $0) }
                    if let expires = batch.expires { held.expires = min(held.expires ?? expires, expires) }
                    held.digest = Sodium.sha256(held.digest + Sodium.sha256(bytes))
                    byKid[batch.kid] = held
                }
            }
            guard !byKid.isEmpty else { throw UserError(.input, "no revocation batch in \(paths.joined(separator: ", "))") }
            let now = Date()
            var changed = 0, total = 0
            for (kid, held) in byKid.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
                total += held.entries.count
                if try store.storeForeignRevocations(name: DCCRevocation.listName(kid: kid), hashes: held.entries, digest: held.digest,
                                                     nextUpdate: held.expires ?? Timestamps.epochSeconds(now) + 7 * 86_400, now: now) { changed += 1 }
            }
            return ImportSummary(changed: changed > 0, message: "EU DCC revocation: \(EnglishCount.of(total, "hash", "hashes")) for \(EnglishCount.of(byKid.count, "signing key")) (\(changed) list(s) changed)")
        }
    }

    /// The `trust list` lines about other systems' trust material.
    static func listing(_ store: VerifierStore, now: Date) throws(UserError) -> [String] {
        let shc = try SHCTrust.load(store)
        var lines = ["", "SMART Health Card issuers (\(shc.issuers.count)):"]
        for issuer in shc.issuers {
            lines.append("  \(issuer.iss)  imported \(StoreListing.day(issuer.importedAt))")
            for key in issuer.keys {
                let list = issuer.revocationList(kid: key.kid)
                let crl = list.map { "CRL version \($0.ctr), \(EnglishCount.of($0.entries.count, "entry", "entries"))" } ?? (key.crlVersion == nil ? "no CRL published" : "CRL version \(key.crlVersion!) published, NOT IMPORTED")
                lines.append("    key \(key.kid)  ES256  \(crl)")
            }
        }
        let dcc = try DCCTrustList.load(store)
        lines += ["", "EU DCC signing certificates (\(dcc.entries.count)):"]
        let nowSeconds = Timestamps.epochSeconds(now)
        for entry in dcc.entries {
            guard let certificate = try? X509Certificate(der: Array(entry.der)) else { continue }
            let ended = nowSeconds > certificate.notAfter ? "  (expired)" : ""
            lines.append("  kid \(entry.kid.base64EncodedString())  \(certificate.publicKey)  \(StoreListing.day(certificate.notBefore)) to \(StoreListing.day(certificate.notAfter))\(ended)  \(certificate.subject)  from \(entry.source)")
        }
        return lines
    }
}
