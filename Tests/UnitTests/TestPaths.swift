import Foundation

/// Where the repository's data folders are, found from this source file.
enum TestPaths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let vectors = root + "/Vectors"
    static let templates = root + "/Templates"
}
