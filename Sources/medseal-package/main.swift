import Foundation

// `swift run -c release medseal-package --out DIR`: builds medseal and medseal-verify with the
// Swift runtime linked in and writes DIR/medseal_<version>_<arch>.deb. It uses none of the
// library's modules, so that building it does not build the library a second time.

let help = """
Build the Debian package of medseal and medseal-verify (DIR/medseal_<version>_<arch>.deb).

Usage: medseal-package --out DIR

Options:
  --out DIR  Folder for the package (created if needed).
  --help     Show this help.

Builds both programs in release with the Swift standard library and Foundation linked statically (no Swift
toolchain is needed to run them), and packages them with Templates/ in /usr/share/medseal/Templates, manual
pages and bash and zsh completions written by the programs themselves ('manual', 'completion'), and Depends
on the Debian packages of the libraries they name. Needs dpkg-deb, ldd, gzip, and objdump and strip (binutils).
The version is the one 'medseal --version' prints.
Install with: apt-get install ./DIR/medseal_<version>_<arch>.deb
Exit status: 0 written; 2 usage error; 4 a build step or tool failed.
"""

/// The value of `--out`, or nil after printing why there is none (`--help` prints the help).
func outputFolder(_ arguments: [String]) -> (folder: String?, status: Int32) {
    if arguments == ["--help"] || arguments == ["-h"] { print(help); return (nil, 0) }
    var folder: String?
    var index = 0
    while index < arguments.count {
        let argument = arguments[index]
        if argument == "--out", index + 1 < arguments.count, folder == nil {
            folder = arguments[index + 1]
            index += 2
        } else if argument.hasPrefix("--out="), folder == nil {
            folder = String(argument.dropFirst(6))
            index += 1
        } else {
            FileHandle.standardError.write(Data("medseal-package: error: unexpected '\(argument)'\nUsage: medseal-package --out DIR\n".utf8))
            return (nil, 2)
        }
    }
    guard let folder, !folder.isEmpty else {
        FileHandle.standardError.write(Data("medseal-package: error: give --out DIR, the folder for the package\nUsage: medseal-package --out DIR\n".utf8))
        return (nil, 2)
    }
    return (folder.hasPrefix("/") ? folder : FileManager.default.currentDirectoryPath + "/" + folder, 0)
}

let (folder, status) = outputFolder(Array(CommandLine.arguments.dropFirst()))
guard let folder else { exit(status) }
do {
    let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    let binaries = try ReleaseBuild(sourceRoot: sourceRoot).run()
    let version = try Subprocess.run(binaries + "/medseal", ["--version"]).split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
    guard !version.isEmpty, version.first!.isNumber else { throw PackagingError("medseal --version gave no version") }
    let architecture = try Subprocess.run("dpkg", ["--print-architecture"]).trimmingCharacters(in: .whitespacesAndNewlines)
    let package = DebianPackage(version: version, architecture: architecture, binaries: binaries, sourceRoot: sourceRoot)
    let staging = NSTemporaryDirectory() + "medseal-package-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: staging) }
    print(try package.build(staging: staging, out: folder))
} catch let error as PackagingError {
    FileHandle.standardError.write(Data("medseal-package: error: \(error.description)\n".utf8))
    exit(4)
} catch {
    FileHandle.standardError.write(Data("medseal-package: error: \(error)\n".utf8))
    exit(4)
}
