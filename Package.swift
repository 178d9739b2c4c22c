// swift-tools-version:6.0
import PackageDescription

/// Every layer of the library, for the front ends and tests.
let layers: [Target.Dependency] = ["MedSealEncoding", "MedSealModel", "MedSealVerification", "MedSealStore", "MedSealRendering"]

let package = Package(
    name: "MedSeal",
    products: [
        .library(name: "MedSeal", targets: ["MedSealEncoding", "MedSealModel", "MedSealVerification", "MedSealStore", "MedSealRendering", "MedSealInterop"]),
        .executable(name: "medseal", targets: ["medseal"]),
        .executable(name: "medseal-verify", targets: ["medseal-verify"]),
    ],
    targets: [
        // C libraries from Debian, each wrapped by exactly one Swift file.
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

        // The layers, each depending only on those above it here (the compiler refuses the
        // other direction): encoding → model → verification → store → rendering → command line.
        //
        // Bytes and text: CBOR, JSON, Base45, DEFLATE, PNG and QR images, files, times, errors,
        // and the C wrappers (libsodium, zlib, libqrencode, libzbar).
        .target(name: "MedSealEncoding", dependencies: ["CSodium", "CQREncode", "CZlib", "CZbar"]),
        // What is signed and shown: records, claims, COSE tokens, keys, revocation lists,
        // acceptance rules, disclosure profiles, phrases in five languages.
        .target(name: "MedSealModel", dependencies: ["MedSealEncoding"]),
        // The one verification engine: formats, policies, verdicts. No files, no store.
        .target(name: "MedSealVerification", dependencies: ["MedSealEncoding", "MedSealModel"]),
        // The verifier's state on disk: trust store, revocation index, clock memory, audit log.
        .target(name: "MedSealStore", dependencies: ["MedSealEncoding", "MedSealModel", "MedSealVerification"]),
        // What people read: record and verdict text, SVG and PNG cards from templates.
        .target(name: "MedSealRendering", dependencies: ["MedSealEncoding", "MedSealModel", "MedSealVerification"]),
        // SMART Health Cards and EU Digital COVID Certificates: the only code that uses libcrypto.
        .target(name: "MedSealInterop", dependencies: ["MedSealEncoding", "MedSealModel", "MedSealVerification", "MedSealStore", "CCrypto"]),
        // The command router shared by the two front ends: options, usage, exit statuses, hints.
        .target(name: "MedSealCLI", dependencies: layers),

        .executableTarget(name: "medseal", dependencies: layers + ["MedSealCLI"]),
        .executableTarget(name: "medseal-verify", dependencies: layers + ["MedSealInterop", "MedSealCLI"]),
        // Throughput figures (run with `swift run -c release medseal-bench`).
        .executableTarget(name: "medseal-bench", dependencies: layers + ["MedSealInterop"]),
        // Builds the Debian package (run with `swift run -c release medseal-package --out DIR`).
        .executableTarget(name: "medseal-package"),
        // Regenerates the conformance vectors in Vectors/ from fixed keys and inputs.
        .executableTarget(name: "medseal-vectors", dependencies: layers),

        .testTarget(name: "UnitTests", dependencies: layers),
        .testTarget(name: "EndToEndTests", dependencies: layers),
        .testTarget(name: "InteropTests", dependencies: layers + ["MedSealInterop", "MedSealCLI"]),
    ],
    swiftLanguageModes: [.v6]
)
