import Foundation
import MedSealEncoding
import MedSealModel

/// Code sizes on the record corpus (`Vectors/corpus/`): each record issued once, its message
/// written in body form 1 (DEFLATE, what MedSeal issued before) and form 2 (packed), side by
/// side: characters and QR version at error correction Q, and the share within the goals.
enum SizeBenchmark {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path + "/Vectors/corpus"

    static func run() {
        let now = Date()
        let key = IssuerSigningKey.generate(issuer: "Hospital Universitario de Prueba", notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(86_400 * 800))
        print("\nCode sizes on Vectors/corpus (characters / QR version at Q), form 1 (DEFLATE) and form 2 (packed):")
        for (type, goal) in [(CredentialType.emergency, 18), (.vaccination, 12)] {
            let folder = corpus + "/" + type.rawValue
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
            var versions1 = [Int](), versions2 = [Int]()
            for file in files {
                guard let data = FileManager.default.contents(atPath: folder + "/" + file),
                      let document = try? CredentialDocument.fromJSON(data, type: type),
                      let issued = try? CredentialIssuer(key: key).issue(document, now: now, lifetime: 86_400 * 365),
                      let message = try? TokenCodec.decode(issued.token),
                      let form1 = TokenCodec.encode(message, as: .deflated), let form2 = TokenCodec.encode(message, as: .packed),
                      let qr1 = try? QRCode(alphanumeric: form1), let qr2 = try? QRCode(alphanumeric: form2) else {
                    print("  \(type.rawValue)/\(file): could not be issued")
                    continue
                }
                versions1.append(qr1.version)
                versions2.append(qr2.version)
                let name = "\(type.rawValue)/\(file)".padding(toLength: 26, withPad: " ", startingAt: 0)
                print("  \(name) \(String(form1.count).leftPadded(5)) / V\(qr1.version)   \(String(form2.count).leftPadded(5)) / V\(qr2.version)")
            }
            func summary(_ versions: [Int]) -> String {
                let sorted = versions.sorted()
                guard !sorted.isEmpty else { return "none" }
                return "≤ V\(goal): \(sorted.filter { $0 <= goal }.count) of \(sorted.count), V\(sorted.first!)–V\(sorted.last!), median V\(sorted[sorted.count / 2])"
            }
            print("  \(type.rawValue): form 1 \(summary(versions1)); form 2 \(summary(versions2))")
        }
    }
}

extension String {
    /// The text right-aligned in `width` columns.
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
