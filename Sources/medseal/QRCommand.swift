import Foundation
import MedSealCLI
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// `medseal qr`: draws a token's QR code as PNG, SVG or terminal text.
enum QRCommand {
    static let command = Command(CommandSpec(
        ["qr"],
        summary: "Draw a token's QR code as PNG, SVG or in the terminal.",
        options: [
            OptionSpec("in", "FILE", "The token file (its first line); - reads standard input.", required: true),
            OptionSpec("format", "FORMAT", "png, svg or terminal.", required: true),
            OptionSpec("out", "FILE", "Where to write the image (required for png; svg goes to standard output without it)."),
            Options.errorCorrectionLevel,
            OptionSpec("scale", "PIXELS", "Pixels per module in PNG output (default 8)."),
        ]
    )) { arguments, console in
        _ = try arguments.positionals(atMost: 0)
        let token = try TokenFile.read(try arguments.required("in"))
        let code = try QRCode(alphanumeric: token, errorCorrection: try Options.errorCorrection(arguments))
        let format = try arguments.required("format")
        let out = arguments.value("out")
        switch format {
        case "png":
            guard let out else { throw UserError(.usage, "--format png needs --out FILE") }
            let scaleText = arguments.value("scale") ?? "8"
            guard let scale = Int(scaleText), (1...40).contains(scale) else { throw UserError(.usage, "--scale must be a whole number from 1 to 40") }
            try FileStore.writeAtomically(PNGEncoder.encode(code, scale: scale), to: out)
        case "svg":
            let svg = SVGRenderer.document(code)
            if let out { try FileStore.writeAtomically(Data(svg.utf8), to: out) } else { console.out(svg, terminator: "") }
        case "terminal":
            let text = TerminalRenderer.render(code, colour: ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
            if let out { try FileStore.writeAtomically(Data(text.utf8), to: out) } else { console.out(text, terminator: "") }
            // A code wider than the window wraps, and a wrapped code does not scan.
            if out == nil, let columns = console.columns, TerminalRenderer.width(code) > columns {
                console.error("Warning: the code is \(TerminalRenderer.width(code)) columns wide and this terminal \(columns); lines wrap and it will not scan. Widen the window or make the font smaller, or use --format png.")
            }
        default:
            throw UserError(.usage, "--format '\(format)' is not png, svg or terminal")
        }
        console.error(CredentialFiles.describe(code, token: token) + (out.map { "; wrote \($0)" } ?? ""))
        return 0
    }
}
