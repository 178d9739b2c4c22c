import Foundation
import MedSealCLI
import MedSealCore

let router = CommandRouter(
    program: "medseal-verify",
    version: MedSeal.version,
    summary: "check a MedSeal credential's signature, issuer and validity, offline",
    commands: [
        VerifyCommand.command,
        TrustCommands.add, TrustCommands.addRoot, TrustCommands.list, TrustCommands.remove, TrustCommands.importBundle, TrustCommands.check,
        RevocationCommands.importList,
        ScanCommand.command, BatchCommand.command, AuditCommands.show, AuditCommands.check,
    ]
)
exit(router.run(Array(CommandLine.arguments.dropFirst())))
