import Foundation

/// The two programs built for installing: release configuration, the Swift standard library
/// and Foundation linked in statically, so they run without a Swift toolchain.
struct ReleaseBuild {
    /// The programs a package installs.
    static let programs = ["medseal", "medseal-verify"]

    /// The package's source folder (holding Package.swift).
    let sourceRoot: String

    /// Builds the programs and returns the folder they are in.
    func run() throws(PackagingError) -> String {
        for program in ReleaseBuild.programs {
            FileHandle.standardError.write(Data("building \(program) (release, Swift standard library linked statically)…\n".utf8))
            try Subprocess.run("swift", ["build", "-c", "release", "--static-swift-stdlib", "--product", program], in: sourceRoot)
        }
        return try Subprocess.run("swift", ["build", "-c", "release", "--static-swift-stdlib", "--show-bin-path"], in: sourceRoot)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
