import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// The text of `medseal-verify trust list`.
enum StoreListing {
    static func lines(_ store: VerifierStore, now: Date) throws(UserError) -> [String] {
        try store.requireExisting()
        let state = try store.trustState()
        let files = try store.fileKeys()
        let nowSeconds = Timestamps.epochSeconds(now)
        var lines = ["Store: \(store.folder)", "", "Roots (\(state.roots.count)):"]
        for root in state.roots {
            lines.append("  \(root.key.issuer)  kid \(root.key.kidHex)  \(window(root.key))  added \(day(root.updatedAt))")
            if let bundle = state.bundles.first(where: { $0.rootKid == root.key.kid }) {
                lines.append("    bundle #\(bundle.sequence) signed \(day(bundle.issuedAt)), imported \(day(bundle.importedAt))")
            }
        }
        let keys = files + state.keys
        lines += ["", "Issuer keys (\(keys.count)):"]
        for trusted in keys.sorted(by: { ($0.key.issuer, $0.key.kidHex) < ($1.key.issuer, $1.key.kidHex) }) {
            let key = trusted.key
            let expired = nowSeconds > key.windowSeconds.upperBound ? "  (window ended)" : ""
            lines.append("  \(key.issuer)  kid \(key.kidHex)  \(key.types.map(\.rawValue).sorted().joined(separator: ","))  \(window(key))\(expired)  \(trusted.source.description), updated \(day(trusted.updatedAt))")
        }
        let lists = try store.revocationLists()
        lines += ["", "Revocation lists (\(lists.count)):"]
        for list in lists {
            let due = nowSeconds > list.nextUpdate ? "OVERDUE by \(HumanTime.span(nowSeconds - list.nextUpdate))" : "next update \(day(list.nextUpdate))"
            lines.append("  \(list.issuer)  #\(list.sequence)  \(EnglishCount.of(list.count, "entry", "entries"))  signed \(day(list.issuedAt))  \(due)  imported \(day(list.importedAt))")
        }
        lines += try InteropTrustCommands.listing(store, now: now)
        if let clock = try store.clockMemory() {
            lines += ["", "Newest trusted time seen: \(clock.latestKnownTime > 0 ? HumanTime.describe(clock.latestKnownTime) : "none")"]
        }
        return lines
    }

    static func window(_ key: IssuerKey) -> String { "\(day(key.windowSeconds.lowerBound)) to \(day(key.windowSeconds.upperBound))" }

    static func day(_ seconds: Int64) -> String { String(Timestamps.format(Timestamps.date(epochSeconds: seconds)).prefix(10)) }
}
