import Foundation
import MedSealCLI
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

let router = CommandRouter(
    program: "medseal-verify",
    version: MedSeal.version,
    summary: "check a health credential's signature, issuer and validity, offline (MedSeal, SMART Health Cards, EU DCC, ICAO VDS-NC seals, WHO certificates)",
    commands: [
        VerifyCommand.command,
        TrustCommands.add, TrustCommands.addRoot, TrustCommands.list, TrustCommands.remove, TrustCommands.importBundle, TrustCommands.check,
        InteropTrustCommands.importSHC, InteropTrustCommands.importDCC, InteropTrustCommands.importRules, InteropTrustCommands.importDCCRevocation, InteropTrustCommands.importCSCA, InteropTrustCommands.importGDHCN,
        RevocationCommands.importList,
        ScanCommand.command, BatchCommand.command, AuditCommands.show, AuditCommands.check, AuditCommands.checkpoint, AuditCommands.prove,
        CertLogicCommand.eval,
        EmergencyAccessCommands.stationInit, EmergencyAccessCommands.importGrant, EmergencyAccessCommands.list,
    ],
    environment: [
        EnvironmentVariable("MEDSEAL_HOME", "The verifier's store is MEDSEAL_HOME/trust (unless --trust is given)."),
        EnvironmentVariable("XDG_DATA_HOME", "Without MEDSEAL_HOME, the store is XDG_DATA_HOME/medseal/trust, else ~/.local/share/medseal/trust."),
    ]
)
exit(router.run(Array(CommandLine.arguments.dropFirst())))
