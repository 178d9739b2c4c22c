import Foundation
import MedSealCLI
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

let router = CommandRouter(
    program: "medseal",
    version: MedSeal.version,
    summary: "issue signed, expiring emergency cards and vaccination credentials, offline",
    commands: [KeyCommand.command, KeyCommand.grant, IssueCommand.command, PresentCommand.command, RevokeCommand.command, BundleCommand.command, CardCommand.command, QRCommand.command, DemoCommand.command],
    epilogue: """
    Exit status: 0 success; 2 usage error or invalid input (the message names the field);
    3 key problem (missing, malformed, too open, or not allowed to sign this); 4 file could not be read or written.
    """,
    environment: [
        EnvironmentVariable("MEDSEAL_TEMPLATES", "The Templates folder (input templates, card layouts, rules); otherwise Templates in the working folder, then ../share/medseal/Templates beside the program."),
    ]
)
exit(router.run(Array(CommandLine.arguments.dropFirst())))
