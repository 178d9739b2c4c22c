import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A read-only, memory-mapped file. Opening costs the same whatever the file's size; only
/// the pages that are read are loaded, so a verifier can look one entry up in a list of
/// millions without reading the rest.
public final class MappedFile: @unchecked Sendable {
    /// The file's bytes. Valid for the life of this object; never written.
    public let bytes: UnsafeRawBufferPointer
    private let base: UnsafeMutableRawPointer?

    /// Maps `path`, or answers `nil` when it does not exist.
    public init?(path: String) throws(UserError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw UserError(.io, "\(path): cannot be read (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw UserError(.io, "\(path): cannot be examined") }
        let size = Int(info.st_size)
        if size == 0 {
            base = nil
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let mapped, mapped != MAP_FAILED else { throw UserError(.io, "\(path): cannot be mapped into memory") }
        base = mapped
        bytes = UnsafeRawBufferPointer(start: mapped, count: size)
    }

    deinit {
        if let base { munmap(base, bytes.count) }
    }
}
