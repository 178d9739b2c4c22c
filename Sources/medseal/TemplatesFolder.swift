import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// Where the Templates folder (inputs, cards, rules) is.
enum TemplatesFolder {
    /// `$MEDSEAL_TEMPLATES`, else `Templates` in the working folder, else the repository's
    /// (next to these sources).
    static func find() throws(UserError) -> String {
        let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        var candidates = [FileManager.default.currentDirectoryPath + "/Templates", sourceRoot + "/Templates"]
        if let configured = ProcessInfo.processInfo.environment["MEDSEAL_TEMPLATES"], !configured.isEmpty { candidates.insert(configured, at: 0) }
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate + "/inputs/emergency.json") {
            return candidate
        }
        throw UserError(.usage, "cannot find the Templates folder; run from the repository, set MEDSEAL_TEMPLATES, or give --templates DIR")
    }
}
