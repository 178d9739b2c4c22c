import Foundation

/// Runs the tools a package is made with (swift, ldd, dpkg, strip, gzip).
enum Subprocess {
    /// The program's standard output; its standard error passes through to ours. A program
    /// that cannot start or exits with a status other than 0 is an error naming it.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], in folder: String? = nil, input: Data? = nil, allowFailure: Bool = false, quiet: Bool = false) throws(PackagingError) -> String {
        String(decoding: try output(program, arguments, in: folder, input: input, allowFailure: allowFailure, quiet: quiet), as: UTF8.self)
    }

    /// The program's standard output as bytes (``run(_:_:in:input:allowFailure:quiet:)``).
    static func output(_ program: String, _ arguments: [String], in folder: String? = nil, input: Data? = nil, allowFailure: Bool = false, quiet: Bool = false) throws(PackagingError) -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        let output = Pipe()
        process.standardOutput = output
        if quiet { process.standardError = FileHandle.nullDevice }
        let inputPipe = Pipe()
        if input != nil { process.standardInput = inputPipe }
        do { try process.run() } catch { throw PackagingError("cannot run \(program): \(error.localizedDescription)") }
        if let input {
            inputPipe.fileHandleForWriting.write(input)
            try? inputPipe.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus != 0 && !allowFailure {
            throw PackagingError("\(([program] + arguments).joined(separator: " ")) failed (exit status \(process.terminationStatus))")
        }
        return data
    }
}
