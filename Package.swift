// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "MedSeal",
    products: [
        .library(name: "MedSealCore", targets: ["MedSealCore"]),
        .executable(name: "medseal", targets: ["medseal"]),
        .executable(name: "medseal-verify", targets: ["medseal-verify"]),
    ],
    targets: [
        // C libraries from Debian, each wrapped by exactly one Swift file in MedSealCore.
        .systemLibrary(name: "CSodium", path: "Sources/CSodium", pkgConfig: "libsodium",
                       providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "CQREncode", path: "Sources/CQREncode", pkgConfig: "libqrencode",
                       providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZbar", path: "Sources/CZbar", pkgConfig: "zbar",
                       providers: [.apt(["libzbar-dev"])]),
        // libcrypto (OpenSSL): only for other systems' P-256 and RSA signatures and X.509.
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),

        // All of MedSeal's logic: codecs, crypto, credential model, trust, verification, rendering.
        .target(name: "MedSealCore", dependencies: ["CSodium", "CQREncode", "CZlib", "CZbar"]),
        // SMART Health Cards and EU Digital COVID Certificates: the only code that uses libcrypto.
        .target(name: "MedSealInterop", dependencies: ["MedSealCore", "CCrypto"]),
        // A small command router shared by the two front ends.
        .target(name: "MedSealCLI", dependencies: ["MedSealCore"]),

        .executableTarget(name: "medseal", dependencies: ["MedSealCore", "MedSealCLI"]),
        .executableTarget(name: "medseal-verify", dependencies: ["MedSealCore", "MedSealInterop", "MedSealCLI"]),
        // Throughput figures (run with `swift run -c release medseal-bench`).
        .executableTarget(name: "medseal-bench", dependencies: ["MedSealCore", "MedSealInterop"]),
        // Regenerates the conformance vectors in Vectors/ from fixed keys and inputs.
        .executableTarget(name: "medseal-vectors", dependencies: ["MedSealCore"]),

        .testTarget(name: "MedSealCoreTests", dependencies: ["MedSealCore"]),
        .testTarget(name: "EndToEndTests", dependencies: ["MedSealCore"]),
        .testTarget(name: "InteropTests", dependencies: ["MedSealCore", "MedSealInterop", "MedSealCLI"]),
    ],
    swiftLanguageModes: [.v6]
)
