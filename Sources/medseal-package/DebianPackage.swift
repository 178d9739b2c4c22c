import Foundation

/// A Debian binary package of MedSeal: the two programs, their templates, manual pages and
/// shell completions, laid out as Debian expects and built with `dpkg-deb`.
struct DebianPackage {
    let version: String
    let architecture: String
    /// Where the built programs are.
    let binaries: String
    let sourceRoot: String

    /// The file name Debian gives the package: `medseal_<version>_<arch>.deb`.
    var fileName: String { "medseal_\(version)_\(architecture).deb" }

    /// Lays the package out in `staging` and builds `out/fileName`; returns its path.
    func build(staging: String, out: String) throws(PackagingError) -> String {
        try? FileManager.default.removeItem(atPath: staging)
        var libraries = [String]()
        for program in ReleaseBuild.programs {
            let installed = "\(staging)/usr/bin/\(program)"
            try copy("\(binaries)/\(program)", to: installed, mode: 0o755)
            try Subprocess.run("strip", ["--strip-unneeded", installed])
            let loaded = try RuntimeDependencies.libraries(of: installed)
            try RuntimeDependencies.requireStaticSwift(installed, loading: loaded)
            libraries += try RuntimeDependencies.directLibraries(of: installed, loading: loaded)
            // The manual page and completions come from the program's own command declarations.
            let manual = try Subprocess.run(installed, ["manual"])
            try write(try gzip(Data(manual.utf8)), to: "\(staging)/usr/share/man/man1/\(program).1.gz")
            try write(Data(try Subprocess.run(installed, ["completion", "bash"]).utf8), to: "\(staging)/usr/share/bash-completion/completions/\(program)")
            try write(Data(try Subprocess.run(installed, ["completion", "zsh"]).utf8), to: "\(staging)/usr/share/zsh/vendor-completions/_\(program)")
        }
        try copyTree("\(sourceRoot)/Templates", to: "\(staging)/usr/share/medseal/Templates")
        try write(Data(copyright.utf8), to: "\(staging)/usr/share/doc/medseal/copyright")
        let depends = try RuntimeDependencies.debianDepends(libraries)
        try write(Data(control(depends: depends, installedKiB: installedSize(staging)).utf8), to: "\(staging)/DEBIAN/control")
        do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch { throw PackagingError("cannot make \(out): \(error.localizedDescription)") }
        let package = "\(out)/\(fileName)"
        try Subprocess.run("dpkg-deb", ["--root-owner-group", "-Zxz", "--build", staging, package])
        return package
    }

    /// The `DEBIAN/control` file.
    func control(depends: [String], installedKiB: Int) -> String {
        """
        Package: medseal
        Version: \(version)
        Architecture: \(architecture)
        Maintainer: MedSeal developers <medseal@localhost>
        Installed-Size: \(installedKiB)
        Depends: \(depends.joined(separator: ", "))
        Section: utils
        Priority: optional
        Description: offline signed emergency health cards and credential verifier
         medseal issues signed, expiring emergency health summaries and vaccination
         credentials as compact text tokens, QR codes and printable cards.
         medseal-verify checks them, and SMART Health Cards, EU Digital COVID
         Certificates, ICAO VDS-NC seals and WHO certificates, against cached issuer
         keys, revocation lists and business rules, with no network at all.

        """
    }

    /// `usr/share/doc/medseal/copyright` in Debian's machine-readable format.
    var copyright: String {
        """
        Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
        Upstream-Name: MedSeal
        Source: the MedSeal source tree

        Files: *
        Copyright: MedSeal developers
        License: Apache-2.0
         On Debian systems, the full text of the Apache License, Version 2.0, is in
         /usr/share/common-licenses/Apache-2.0.

        """
    }

    /// The size of the installed files, in KiB as Debian counts it.
    func installedSize(_ staging: String) -> Int {
        var total = 0
        let enumerator = FileManager.default.enumerator(atPath: staging)
        while let relative = enumerator?.nextObject() as? String {
            guard !relative.hasPrefix("DEBIAN") else { continue }
            let attributes = try? FileManager.default.attributesOfItem(atPath: "\(staging)/\(relative)")
            if attributes?[.type] as? FileAttributeType == .typeRegular {
                total += ((attributes?[.size] as? Int ?? 0) + 1023) / 1024
            } else {
                total += 1
            }
        }
        return total
    }

    func gzip(_ data: Data) throws(PackagingError) -> Data {
        // -n: no name or time in the header, so the same page gives the same bytes.
        let compressed = try Subprocess.output("gzip", ["-9n"], input: data)
        guard !compressed.isEmpty else { throw PackagingError("gzip gave no output") }
        return compressed
    }

    func write(_ data: Data, to path: String, mode: Int = 0o644) throws(PackagingError) {
        try PackageFiles.write(data, to: path, mode: mode)
    }

    func copy(_ source: String, to destination: String, mode: Int) throws(PackagingError) {
        guard FileManager.default.fileExists(atPath: source) else { throw PackagingError("\(source) was not built") }
        try write(try PackageFiles.read(source), to: destination, mode: mode)
    }

    /// Copies a folder's files (not its symbolic links or hidden files), 0644 each.
    func copyTree(_ source: String, to destination: String) throws(PackagingError) {
        guard let enumerator = FileManager.default.enumerator(atPath: source) else { throw PackagingError("cannot read \(source)") }
        while let relative = enumerator.nextObject() as? String {
            guard !(relative as NSString).lastPathComponent.hasPrefix(".") else { continue }
            let path = "\(source)/\(relative)"
            if (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType == .typeRegular {
                try write(try PackageFiles.read(path), to: "\(destination)/\(relative)")
            }
        }
    }
}
