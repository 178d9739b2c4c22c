import Foundation
import Testing

/// Runs the package's built executables and system tools, as a user would.
enum Tool {
    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The folder holding the built `medseal` and `medseal-verify` (next to the test bundle).
    static let binaries: String = {
        let nextToTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        for folder in [nextToTests, root + "/.build/debug"] where FileManager.default.isExecutableFile(atPath: folder + "/medseal-verify") {
            return folder
        }
        return root + "/.build/debug"
    }()

    /// Runs a package executable by name.
    static func medseal(_ name: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Output {
        let path = binaries + "/" + name
        try #require(FileManager.default.isExecutableFile(atPath: path), "\(path) is not built; run swift build first")
        return try run(path, arguments, stdin: stdin, environment: environment)
    }

    /// Whether `unshare -n` can give a process a network namespace of its own (no network).
    static let canIsolateNetwork: Bool = (try? run("unshare", ["-n", "true"]).status) == 0

    /// Runs a package executable with no network at all (`unshare -n`): only loopback, down.
    /// Where namespaces are not allowed, it runs normally and the test records that.
    static func offline(_ name: String, _ arguments: [String]) throws -> Output {
        let path = binaries + "/" + name
        guard canIsolateNetwork else {
            withKnownIssue("unshare -n is not permitted here; ran \(name) with the network") { throw NetworkIsolationUnavailable() }
            return try run(path, arguments)
        }
        return try run("unshare", ["-n", path] + arguments)
    }

    struct NetworkIsolationUnavailable: Error {}

    /// Runs any program, found on PATH when `program` has no slash.
    static func run(_ program: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        if program.contains("/") {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [program] + arguments
        }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Decodes the QR code in an image with zbarimg; fails the test if zbar is missing.
    static func zbar(_ image: String) throws -> String {
        let result = try run("zbarimg", ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", image])
        try #require(result.status == 0, "zbarimg found no QR code in \(image): \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .newlines)
    }

    /// A new empty folder.
    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "medseal-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
}
