import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification

/// Adding and removing single keys and roots. Each change is one atomic rewrite of the
/// index, made with the store locked.
extension VerifierStore {
    /// Trusts an issuer key (or updates the window and types of one already added). A key
    /// whose issuer's name looks like another trusted issuer's, without being the same name
    /// (``IssuerName``), is refused: it could sign cards that pass for that issuer's.
    public func add(_ key: IssuerKey, now: Date = Date()) throws -> ImportSummary {
        guard key.role == .issuer else {
            throw UserError(.usage, "this is a root key, which signs trust bundles, not an issuer key", remedy: .addRootKey)
        }
        return try changing {
            var state = try trustState()
            let entry = TrustedKey(key: key, source: .added, updatedAt: Timestamps.epochSeconds(now))
            let existing = state.keys.firstIndex { $0.source == .added && $0.key.kid == key.kid && $0.key.issuer == key.issuer }
            if let existing, state.keys[existing].key == key {
                return ImportSummary(changed: false, message: "already trusted: \(describe(key))")
            }
            if let existing { state.keys[existing] = entry } else { state.keys.append(entry) }
            let others = state.keys.map(\.key) + (try fileKeys()).map(\.key)
            if let twin = others.first(where: { $0.issuer != key.issuer && IssuerName.skeleton($0.issuer) == IssuerName.skeleton(key.issuer) }) {
                throw UserError(.input, "'\(key.issuer)' looks the same as '\(twin.issuer)', an issuer already trusted (kid \(twin.kidHex)), but is a different name: a card signed by this key could pass for that issuer's. Not added; if this really is that issuer, its key file must spell the name exactly the same way")
            }
            try write(state)
            return ImportSummary(changed: true, message: "\(existing == nil ? "trusted" : "updated"): \(describe(key))")
        }
    }

    /// Trusts a root key, whose bundles `trust import` will then accept.
    public func addRoot(_ key: IssuerKey, now: Date = Date()) throws -> ImportSummary {
        guard key.role == .root else {
            throw UserError(.usage, "this is an issuer key, not a root key", remedy: .addIssuerKey)
        }
        return try changing {
            var state = try trustState()
            let entry = TrustedKey(key: key, source: .added, updatedAt: Timestamps.epochSeconds(now))
            if let existing = state.roots.firstIndex(where: { $0.key.kid == key.kid }) {
                guard state.roots[existing].key != key else { return ImportSummary(changed: false, message: "already a trusted root: \(describe(key))") }
                state.roots[existing] = entry
            } else {
                state.roots.append(entry)
            }
            try write(state)
            return ImportSummary(changed: true, message: "trusted root: \(describe(key))")
        }
    }

    /// Stops trusting what has this kid: keys added one by one, `.pub` files in the folder,
    /// or a root together with the keys of its bundle. A key that only a bundle lists cannot
    /// be removed alone; a newer bundle without it removes it.
    public func remove(kid: [UInt8]) throws -> ImportSummary {
        try changing {
            var state = try trustState()
            var removed = [String]()
            if let root = state.roots.first(where: { $0.key.kid == kid }) {
                state.roots.removeAll { $0.key.kid == kid }
                let bundleKeys = state.keys.filter { $0.source == .bundle(rootKid: kid) }.count
                state.keys.removeAll { $0.source == .bundle(rootKid: kid) }
                state.bundles.removeAll { $0.rootKid == kid }
                removed.append("root \(describe(root.key)) and the \(bundleKeys) key(s) of its bundle")
            }
            for added in state.keys where added.source == .added && added.key.kid == kid { removed.append(describe(added.key)) }
            state.keys.removeAll { $0.source == .added && $0.key.kid == kid }
            for file in try fileKeys() where file.key.kid == kid {
                guard case .file(let name) = file.source else { continue }
                guard unlink(folder + "/" + name) == 0 else { throw UserError(.io, "\(folder)/\(name): cannot be removed") }
                removed.append("\(describe(file.key)) (file \(name))")
            }
            guard !removed.isEmpty else {
                if let listed = state.keys.first(where: { $0.key.kid == kid }), case .bundle(let root) = listed.source {
                    throw UserError(.usage, "\(describe(listed.key)) comes from the bundle of root \(ByteText.hex(root)); import a newer bundle without it, or remove the root")
                }
                throw UserError(.usage, "no trusted key or root has kid \(ByteText.hex(kid))", remedy: .listTrust)
            }
            try write(state)
            return ImportSummary(changed: true, message: "removed " + removed.joined(separator: "; "))
        }
    }

    func describe(_ key: IssuerKey) -> String { "'\(key.issuer)' kid \(key.kidHex)" }
}
