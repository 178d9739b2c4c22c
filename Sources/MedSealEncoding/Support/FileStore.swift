import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reading input files with a size cap, and writing files atomically (write to a temporary
/// file in the same folder, flush it to disk, rename it over the target, flush the folder),
/// so that a crash leaves either the old file or the new one, never half of either.
public enum FileStore {
    /// Reads a file of at most `limit` bytes; `-` reads standard input.
    public static func read(_ path: String, limit: Int = DecodingLimits.maximumInputFileBytes) throws(UserError) -> Data {
        if path == "-" {
            let data = try readAll(STDIN_FILENO, upTo: limit + 1, name: "standard input")
            guard data.count <= limit else { throw UserError(.input, "standard input is larger than the \(limit)-byte limit") }
            return data
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw UserError(.io, "\(path): no such file")
        }
        guard !isDirectory.boolValue else { throw UserError(.io, "\(path): is a folder, not a file") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw UserError(.io, "\(path): cannot be read (permission denied?)") }
        defer { try? handle.close() }
        let data = try readAll(handle.fileDescriptor, upTo: limit + 1, name: path)
        guard data.count <= limit else { throw UserError(.input, "\(path): larger than the \(limit)-byte limit") }
        return data
    }

    /// Everything a descriptor gives until its end, but at most `count` bytes: into one buffer
    /// of the file's size when it is a regular file (a 40 MB batch file is one copy from the
    /// page cache), else into a buffer that doubles as it fills.
    private static func readAll(_ descriptor: Int32, upTo count: Int, name: String) throws(UserError) -> Data {
        var status = stat()
        let size = fstat(descriptor, &status) == 0 && status.st_mode & S_IFMT == S_IFREG ? Int(status.st_size) : 0
        var data = Data(count: min(count, max(size + 1, 65_536)))
        var filled = 0
        while filled < count {
            if filled == data.count { data.count = min(count, data.count * 2) }
            let got = data.withUnsafeMutableBytes { buffer in Glibc.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled) }
            if got == 0 { break }
            if got < 0 {
                if errno == EINTR { continue }
                throw UserError(.io, "\(name): cannot be read (\(String(cString: strerror(errno))))")
            }
            filled += got
        }
        data.count = filled
        return data
    }

    /// The byte order mark that Windows editors and spreadsheets put at the start of UTF-8 text.
    public static let utf8ByteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The text of a file people write by hand or save from other programs (`-` for standard
    /// input), as UTF-8 without a leading byte order mark.
    public static func readText(_ path: String, limit: Int = DecodingLimits.maximumInputFileBytes) throws(UserError) -> String {
        let data = try read(path, limit: limit)
        return String(decoding: data.starts(with: utf8ByteOrderMark) ? data.dropFirst(3) : data[...], as: UTF8.self)
    }

    /// Writes `data` to `path` atomically, creating the file with `mode` permissions.
    public static func writeAtomically(_ data: Data, to path: String, mode: mode_t = 0o644) throws(UserError) {
        _ = try write(data, to: path, mode: mode, exclusive: false)
    }

    /// Writes `data` to a new file at `path` in one step that also checks that none is
    /// there: the whole file is written under a temporary name and then linked to `path`,
    /// which fails if `path` exists. Of two processes creating the same file at once,
    /// exactly one succeeds, and nobody ever sees the file half written. Answers `false`
    /// (writing nothing) when the file exists.
    public static func createExclusively(_ data: Data, at path: String, mode: mode_t = 0o600) throws(UserError) -> Bool {
        try write(data, to: path, mode: mode, exclusive: true)
    }

    /// Writes through a temporary file, then renames it over `path` or, when `exclusive`,
    /// links it to `path`; `false` when `exclusive` and the file exists.
    private static func write(_ data: Data, to path: String, mode: mode_t, exclusive: Bool) throws(UserError) -> Bool {
        let writer = try AtomicWriter(path: path, mode: mode)
        try writer.append(data)
        return try writer.commit(exclusive: exclusive)
    }

    /// A file written a piece at a time and put in place in one step: the pieces go to a
    /// temporary file in the same folder, which ``commit(exclusive:)`` flushes to disk and
    /// renames over the target (or links to it, refusing an existing file), then flushes the
    /// folder. Until then the target is untouched; a writer dropped without committing
    /// removes its temporary file.
    public final class AtomicWriter {
        let path: String
        private let temporary: String
        private let folder: String
        private let mode: mode_t
        private var descriptor: Int32
        private var failure: Int32 = 0

        public init(path: String, mode: mode_t = 0o644) throws(UserError) {
            let url = URL(fileURLWithPath: path)
            self.path = path
            self.mode = mode
            folder = url.deletingLastPathComponent().path
            temporary = folder + "/." + url.lastPathComponent + ".tmp-" + ByteText.hex(Sodium.randomBytes(6))
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            guard descriptor >= 0 else {
                let reason = errno == ENOENT && !FileManager.default.fileExists(atPath: folder) ? "the folder \(folder) does not exist" : String(cString: strerror(errno))
                throw UserError(.io, "\(path): cannot write (\(reason))")
            }
        }

        deinit {
            if descriptor >= 0 {
                close(descriptor)
                unlink(temporary)
            }
        }

        /// Appends `data` to the temporary file.
        public func append(_ data: Data) throws(UserError) {
            guard failure == 0, descriptor >= 0 else { throw error(failure) }
            data.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    offset += written
                }
            }
            if failure != 0 { throw error(failure) }
        }

        /// Flushes the file and puts it in place; `false` when `exclusive` and the target
        /// exists (nothing is written then).
        @discardableResult
        public func commit(exclusive: Bool = false) throws(UserError) -> Bool {
            guard descriptor >= 0 else { throw error(failure) }
            if failure == 0 && fsync(descriptor) != 0 { failure = errno }
            if failure == 0 && fchmod(descriptor, mode) != 0 { failure = errno }
            close(descriptor)
            descriptor = -1
            if failure == 0 && exclusive {
                // link(2) fails with EEXIST when the name is taken: check and create in one step.
                if link(temporary, path) != 0 { failure = errno }
                unlink(temporary)
                if failure == EEXIST { return false }
            } else if failure == 0 && rename(temporary, path) != 0 {
                failure = errno
            }
            guard failure == 0 else {
                unlink(temporary)
                throw error(failure)
            }
            let folderDescriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if folderDescriptor >= 0 {
                fsync(folderDescriptor)
                close(folderDescriptor)
            }
            return true
        }

        private func error(_ code: Int32) -> UserError {
            UserError(.io, "\(path): cannot write (\(String(cString: strerror(code == 0 ? EBADF : code))))")
        }
    }

    /// Creates a folder (and its parents) if it does not exist.
    public static func ensureFolder(_ path: String, mode: Int = 0o755) throws(UserError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: mode])
        } catch {
            throw UserError(.io, "\(path): cannot create folder (\(error.localizedDescription))")
        }
    }

    /// The permission bits of a file, or `nil` when it cannot be examined.
    public static func permissions(of path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o777
    }
}
