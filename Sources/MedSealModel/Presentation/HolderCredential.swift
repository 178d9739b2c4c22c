import Foundation
import MedSealEncoding

/// A holder-bound credential as its holder keeps it (token form 3), read without checking
/// its signature (the holder's own file), and the presentations made from it.
public struct HolderCredential: Sendable {
    public let envelope: HolderEnvelope
    /// The claims with every part revealed.
    public let claims: CredentialClaims
    public let holderKey: [UInt8]
    /// Every withholdable part's label, in order.
    public let labels: [Int64]

    /// Longest and shortest time a presentation may be valid for.
    public static let longestPresentation: Int64 = 90 * 86_400
    public static let shortestPresentation: Int64 = 60

    public init(token: String) throws(FormatError) {
        guard case .holderCredential(let envelope) = try TokenCodec.decodeContent(token) else {
            throw FormatError("token", "not a holder-bound credential (medseal issue … --holder DIR/holder.pub makes one)")
        }
        let (reading, facts) = try CredentialClaims.read(holderBound: envelope.payloadBytes, revealed: envelope.disclosures)
        self.envelope = envelope
        self.claims = try reading.claims.get()
        self.holderKey = facts.holderKey
        self.labels = facts.revealed + facts.withheld
    }

    /// The name of a withholdable part: a section name, or a vaccine's name.
    public func name(of label: Int64) -> String {
        PartNames.name(of: label, type: claims.document.type ?? .emergency, part: envelope.disclosures.first { $0.label == label })
    }

    /// The labels `--show` names: sections of an emergency summary (the floor's own names are
    /// accepted and change nothing: it is always shown), vaccines of a vaccination record
    /// (by name, product or code), or `all`. Refuses a name that is none of them.
    public func labels(showing names: [String]) throws(UserError) -> Set<Int64> {
        var chosen = Set<Int64>()
        for raw in names {
            let name = raw.trimmingCharacters(in: .whitespaces)
            if name.lowercased() == "all" { chosen.formUnion(labels); continue }
            switch claims.document {
            case .emergency:
                if SafetyFloor.sections.contains(where: { $0.name.lowercased() == name.lowercased() }) { continue }
                guard let section = WithholdableSection(name: name) else {
                    let known = (WithholdableSection.allCases.map(\.name) + SafetyFloor.sections.dropFirst().map(\.name)).joined(separator: ", ")
                    throw UserError(.usage, "--show '\(name)' is not a section of an emergency summary (\(known), or all)")
                }
                if labels.contains(section.rawValue) { chosen.insert(section.rawValue) }
            default:
                let matching = labels.filter { label in PartNames.vaccine(envelope.disclosures.first { $0.label == label }, matches: name) }
                guard !matching.isEmpty else {
                    throw UserError(.usage, "--show '\(name)' names no vaccine of this record (it holds \(labels.map(self.name(of:)).joined(separator: ", ")), or all)")
                }
                chosen.formUnion(matching)
            }
        }
        return chosen
    }

    /// A presentation revealing `labels`, valid from `now` for `lifetime` seconds (never past
    /// the credential's expiry), for `audience` and in answer to `nonce` when given, signed with
    /// the holder's key.
    public func present(revealing labels: Set<Int64>, now: Date = Date(), lifetime: Int64, audience: String? = nil, nonce: String? = nil,
                        holderKey key: IssuerSigningKey) throws(UserError) -> String {
        guard key.publicKey.publicKey == holderKey else {
            throw UserError(.key, "this holder key is not the one the credential is bound to (kid \(ByteText.hex(IssuerKey.kid(for: holderKey))))")
        }
        if case .vaccination = claims.document, labels.isEmpty {
            throw UserError(.usage, "a presentation of a vaccination record must show at least one vaccine's doses (--show NAME)")
        }
        guard (HolderCredential.shortestPresentation...HolderCredential.longestPresentation).contains(lifetime) else {
            throw UserError(.usage, "a presentation is valid for 1 minute to 90 days (--valid-for), not \(HumanTime.span(lifetime))")
        }
        for (text, option) in [(audience, "audience"), (nonce, "nonce")] {
            if let text, text.isEmpty || text.utf8.count > KeyBinding.maximumTextLength {
                throw UserError(.usage, "--\(option) must be 1 to \(KeyBinding.maximumTextLength) bytes")
            }
        }
        let issuedAt = Timestamps.epochSeconds(now)
        let expiresAt = issuedAt + lifetime
        if let end = claims.expiresAt, expiresAt > end {
            let left = end - issuedAt
            throw UserError(.usage, left > 60
                ? "the presentation would outlast the credential, which expires \(Timestamps.format(Timestamps.date(epochSeconds: end))): make it valid for \(HolderCredential.durationOption(left)) or less (--valid-for)"
                : "the credential has expired (\(Timestamps.format(Timestamps.date(epochSeconds: end)))): ask the issuer for a new one")
        }
        let binding = KeyBinding(audience: audience, nonce: nonce, issuedAt: issuedAt, expiresAt: expiresAt)
        return TokenCodec.encode(envelope.presentation(revealing: labels, binding: binding, sign: key.sign))
    }
}

extension HolderCredential {
    /// At most `seconds`, as `--valid-for` takes it: whole days, hours or minutes.
    static func durationOption(_ seconds: Int64) -> String {
        if seconds >= 86_400 { return "\(seconds / 86_400)d" }
        if seconds >= 3_600 { return "\(seconds / 3_600)h" }
        return "\(max(1, seconds / 60))m"
    }
}

/// What verifiers and holders call a credential's withholdable parts.
public enum PartNames {
    /// A section's name, or the name of the vaccine whose doses `part` holds; a withheld
    /// vaccine (no part) is "doses of another vaccine".
    public static func name(of label: Int64, type: CredentialType, part: Disclosure?) -> String {
        switch type {
        case .emergency: return WithholdableSection(rawValue: label)?.name ?? "part \(label)"
        case .vaccination:
            guard let dose = firstDose(part) else { return "doses of another vaccine" }
            return VaccineNames.name(of: dose.vaccine) ?? dose.product ?? "\(dose.vaccine.system) \(dose.vaccine.code)"
        }
    }

    static func firstDose(_ part: Disclosure?) -> Dose? {
        part?.list(of: Dose.self)?.first
    }

    /// Whether the doses in `part` are of the vaccine `name` names: its code, product or
    /// name, or the first words of its name ("COVID-19" for "COVID-19 (mRNA)"), in any case.
    static func vaccine(_ part: Disclosure?, matches name: String) -> Bool {
        guard let dose = firstDose(part) else { return false }
        let wanted = name.lowercased()
        let named = VaccineNames.name(of: dose.vaccine)?.lowercased()
        if [dose.vaccine.code.lowercased(), dose.product?.lowercased(), named].contains(wanted) { return true }
        guard let named, named.hasPrefix(wanted) else { return false }
        let next = named.dropFirst(wanted.count).first
        return next == " " || next == "(" || next == ","
    }
}
