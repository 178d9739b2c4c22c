import Foundation
import MedSealCLI
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// `medseal-verify revocation import`: caches an issuer's signed revocation list.
enum RevocationCommands {
    static let importList = Command(CommandSpec(
        ["revocation", "import"],
        summary: "Import an issuer's signed revocation list (accepted only from a trusted issuer, and only if newer).",
        arguments: "LIST",
        options: [StoreOption.trust],
        details: TrustCommands.importStatuses
    )) { arguments, console in
        let path = try TrustCommands.singleFile(arguments)
        let bytes = [UInt8](try FileStore.read(path, limit: DecodingLimits.maximumRevocationFileBytes))
        let store = StoreOption.store(arguments)
        return try TrustCommands.reportImport(console) { try store.importRevocationList(bytes) }
    }
}
