import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// Where the Templates folder (inputs, cards, rules) is.
enum TemplatesFolder {
    /// `$MEDSEAL_TEMPLATES`, else `Templates` in the working folder, else the installed ones
    /// (`../share/medseal/Templates` from the program, wherever it was copied), else the
    /// repository's (next to these sources, for a program run from its build folder).
    static func find() throws(UserError) -> String {
        let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let installed = (InstalledProgram.folder as NSString).deletingLastPathComponent + "/share/medseal/Templates"
        var candidates = [FileManager.default.currentDirectoryPath + "/Templates", installed, sourceRoot + "/Templates"]
        if let configured = ProcessInfo.processInfo.environment["MEDSEAL_TEMPLATES"], !configured.isEmpty { candidates.insert(configured, at: 0) }
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate + "/inputs/emergency.json") {
            return candidate
        }
        throw UserError(.usage, "cannot find the Templates folder; run from the repository, set MEDSEAL_TEMPLATES, or give --templates DIR")
    }
}

/// Where the running program is, found from the kernel (not from the command line, which may
/// be a bare name found on the PATH, or a symbolic link).
enum InstalledProgram {
    static let folder: String = {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return (path as NSString).deletingLastPathComponent
    }()

    /// The path of another program installed beside this one (`medseal-verify` beside `medseal`),
    /// or its bare name when it is not there.
    static func sibling(_ name: String) -> String {
        let path = folder + "/" + name
        return FileManager.default.isExecutableFile(atPath: path) ? path : name
    }
}
