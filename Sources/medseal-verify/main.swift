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
    summary: "check a health credential's signature, issuer and validity, offline (MedSeal, SMART Health Cards, EU DCC)",
    commands: [
        VerifyCommand.command,
        TrustCommands.add, TrustCommands.addRoot, TrustCommands.list, TrustCommands.remove, TrustCommands.importBundle, TrustCommands.check,
        InteropTrustCommands.importSHC, InteropTrustCommands.importDCC, InteropTrustCommands.importRules, InteropTrustCommands.importDCCRevocation, InteropTrustCommands.importCSCA, InteropTrustCommands.importGDHCN,
        RevocationCommands.importList,
        ScanCommand.command, BatchCommand.command, AuditCommands.show, AuditCommands.check, AuditCommands.checkpoint, AuditCommands.prove,
        CertLogicCommand.eval,
        EmergencyAccessCommands.stationInit, EmergencyAccessCommands.importGrant, EmergencyAccessCommands.list,
    ]
)
exit(router.run(Array(CommandLine.arguments.dropFirst())))
