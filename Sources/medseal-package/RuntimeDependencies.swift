import Foundation

/// The Debian packages a built program needs at run time: each shared library it loads
/// (as `ldd` resolves them), the package that holds it (`dpkg -S`), and at least the version
/// installed here.
enum RuntimeDependencies {
    /// Libraries that would mean the Swift runtime was not linked in.
    static let swiftRuntime = ["libswift", "libFoundation", "lib_FoundationICU", "libdispatch", "libBlocksRuntime"]

    /// The shared libraries `binary` loads, directly or through others, as `ldd` finds them.
    static func libraries(of binary: String) throws(PackagingError) -> [(name: String, path: String)] {
        let output = try Subprocess.run("ldd", [binary])
        var found = [(name: String, path: String)]()
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ").map { $0.trimmingCharacters(in: .whitespaces) }
            if line.contains("not found") {
                throw PackagingError("\(binary) needs a library that is not installed: \(line.trimmingCharacters(in: .whitespaces))")
            } else if let arrow = fields.firstIndex(of: "=>"), arrow + 1 < fields.count, fields[arrow + 1].hasPrefix("/") {
                found.append((fields[0], fields[arrow + 1]))
            } else if let first = fields.first, first.hasPrefix("/") {
                found.append(((first as NSString).lastPathComponent, first))
            }
        }
        return found
    }

    /// The libraries `binary` names itself (its `NEEDED` entries), which are what it depends
    /// on; the libraries those load are their packages' business.
    static func directLibraries(of binary: String, loading loaded: [(name: String, path: String)]) throws(PackagingError) -> [String] {
        let needed = Set(try Subprocess.run("objdump", ["-p", binary]).split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ")
            return fields.count == 2 && fields[0] == "NEEDED" ? String(fields[1]) : nil
        })
        return loaded.filter { needed.contains($0.name) }.map(\.path)
    }

    /// Refuses a binary that loads the Swift runtime from a toolchain.
    static func requireStaticSwift(_ binary: String, loading loaded: [(name: String, path: String)]) throws(PackagingError) {
        if let dynamic = loaded.map(\.path).first(where: { path in swiftRuntime.contains { (path as NSString).lastPathComponent.hasPrefix($0) } }) {
            throw PackagingError("\(binary) loads \(dynamic): the Swift runtime was not linked statically")
        }
    }

    /// `Depends:` entries, such as `libsodium23 (>= 1.0.18)`, for the libraries, sorted.
    static func debianDepends(_ libraries: [String]) throws(PackagingError) -> [String] {
        var packages = Set<String>()
        for library in libraries {
            packages.insert(try owner(of: library))
        }
        var entries = [String]()
        for package in packages.sorted() {
            let version = try Subprocess.run("dpkg-query", ["-W", "-f=${Version}", package]).trimmingCharacters(in: .whitespacesAndNewlines)
            entries.append(version.isEmpty ? package : "\(package) (>= \(upstream(version)))")
        }
        return entries
    }

    /// The package holding a library, looked up by its path, its real path, and the same
    /// path with and without the `/usr` of a merged-/usr system.
    static func owner(of library: String) throws(PackagingError) -> String {
        let real = (try? FileManager.default.destinationOfSymbolicLink(atPath: library)).map { target in
            target.hasPrefix("/") ? target : ((library as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target)
        }
        var candidates = [library] + (real.map { [$0] } ?? [])
        for path in candidates {
            candidates.append(path.hasPrefix("/usr/") ? String(path.dropFirst(4)) : "/usr" + path)
        }
        for path in candidates {
            let answer = (try? Subprocess.run("dpkg", ["-S", path], quiet: true)) ?? ""
            if let line = answer.split(separator: "\n").first, let colon = line.firstIndex(of: ":") {
                // "libsodium23:amd64: /usr/lib/…" → "libsodium23"
                return String(line[..<colon])
            }
        }
        throw PackagingError("no Debian package holds \(library), which the programs load")
    }

    /// A Debian version without its Debian revision: `1:1.2.13.dfsg-1+b1` → `1:1.2.13.dfsg`.
    static func upstream(_ version: String) -> String {
        guard let dash = version.lastIndex(of: "-") else { return version }
        return String(version[..<dash])
    }
}
