import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

// Regenerates Vectors/ (keys, trust folder, dictionary, cases) deterministically:
//   swift run medseal-vectors [--out Vectors]
// Ed25519 signatures are deterministic and every time and id is fixed, so the output
// only changes when the format or the inputs change.

let arguments = Array(CommandLine.arguments.dropFirst())
let root: String
switch arguments.count {
case 0: root = "Vectors"
case 2 where arguments[0] == "--out": root = arguments[1]
default:
    FileHandle.standardError.write(Data("usage: medseal-vectors [--out DIR]\n".utf8))
    exit(2)
}

func write(_ data: Data, _ path: String, mode: mode_t = 0o644) {
    do {
        try FileStore.ensureFolder((root + "/" + path as NSString).deletingLastPathComponent)
        try FileStore.writeAtomically(data, to: root + "/" + path, mode: mode)
    } catch {
        FileHandle.standardError.write(Data("medseal-vectors: \(error)\n".utf8))
        exit(4)
    }
}

for (name, key, trusted) in TestKeys.all {
    write(key.fileData, "keys/\(name).key", mode: 0o600)
    write(key.publicKey.fileData, "keys/\(name).pub")
    if trusted { write(key.publicKey.fileData, "trust/\(name).pub") }
}
write(TestKeys.emergencyAccessX.fileData, "keys/emergency-access-x.key", mode: 0o600)
write(TestKeys.emergencyAccessX.publicKey.fileData, "keys/emergency-access-x.pub")
for (path, data) in StoreVectorCases.files() { write(data, path) }
write(Data((CompressionDictionary.version1.map { ByteText.hex([$0]) }.joined() + "\n").utf8), "format/dictionary-v1.hex")
for (path, text) in PackingVectorFiles.files() { write(Data(text.utf8), path) }

let cases = VectorCases.build(inputsFolder: root + "/inputs")
for (index, vector) in cases.enumerated() {
    let name = String(format: "%03d-%@", index + 1, vector.name)
    var object: [String: Any] = [
        "description": vector.description,
        "token": vector.token,
        "trust": vector.trust,
        "at": vector.at,
        "expected": [
            "valid": vector.status == .valid,
            "status": vector.status.rawValue,
            "exitStatus": vector.status == .valid ? 0 : (vector.status == .malformed ? 2 : 1),
            "warnings": vector.expectedWarnings.map(\.rawValue),
        ],
    ]
    if !vector.roots.isEmpty { object["roots"] = vector.roots }
    if !vector.imports.isEmpty {
        object["imports"] = vector.imports.map { ["kind": $0.kind.rawValue, "file": $0.file, "expected": $0.expected] }
    }
    if !vector.options.isEmpty { object["options"] = vector.options }
    var data = try! JSONWriter.data(object, pretty: true)
    data.append(0x0A)
    write(data, "cases/\(name).json")
}
print("wrote \(cases.count) cases, \(TestKeys.all.count) keys and the dictionary to \(root)/")
