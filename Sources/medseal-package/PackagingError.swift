import Foundation

/// Why the package could not be made, in words for the person who ran the packager.
struct PackagingError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The files a package is laid out from, written as a package needs them.
enum PackageFiles {
    /// Writes `data` at `path` with `mode`, making the folders above it.
    static func write(_ data: Data, to path: String, mode: Int = 0o644) throws(PackagingError) {
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        } catch {
            throw PackagingError("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// The bytes of `path`.
    static func read(_ path: String) throws(PackagingError) -> Data {
        guard let data = FileManager.default.contents(atPath: path) else { throw PackagingError("cannot read \(path)") }
        return data
    }
}
