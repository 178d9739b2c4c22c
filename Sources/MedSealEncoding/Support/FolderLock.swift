import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive advisory lock on a folder (`flock` on a `.lock` file in it), so that two
/// processes changing the same store take turns instead of interleaving their writes.
/// The operating system releases it if the process dies.
public final class FolderLock {
    private let descriptor: Int32

    /// Waits until the lock on `folder` is ours.
    public init(folder: String) throws(UserError) {
        let path = folder + "/.lock"
        // Never through a symbolic link: a planted link (dangling or not) would make the lock
        // create or lock a file elsewhere.
        descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let reason = errno == ELOOP ? "\(path) is a symbolic link; remove it" : String(cString: strerror(errno))
            throw UserError(.io, "\(folder): cannot lock the store (\(reason))")
        }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(descriptor)
                throw UserError(.io, "\(folder): cannot lock the store (\(String(cString: strerror(errno))))")
            }
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// Runs `body` while holding the lock on `folder`.
    public static func withLock<T>(_ folder: String, _ body: () throws(UserError) -> T) throws(UserError) -> T {
        let lock = try FolderLock(folder: folder)
        defer { withExtendedLifetime(lock) {} }
        return try body()
    }
}
