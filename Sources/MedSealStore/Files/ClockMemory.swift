import MedSealEncoding
import MedSealModel
import MedSealVerification

/// What the verifier remembers of time, to notice a clock that was set back: the newest
/// time vouched for by something it trusts (the issue times of imported bundles and lists)
/// and the last time it ran.
public struct ClockMemory: Hashable, Sendable {
    /// The newest signed issue time of an imported bundle or list, seconds since 1970.
    public var newestTrustedTime: Int64
    /// The last time the verifier ran, seconds since 1970 (recorded at most once an hour).
    public var lastRun: Int64

    static let magic = "MSSTATE1"
    static let repair = "delete it: the verifier will forget the latest time it has seen, and re-learn it from the next import"
    /// How stale the recorded last run may get before a run records itself again.
    static let recordingInterval: Int64 = 3_600

    public init(newestTrustedTime: Int64 = 0, lastRun: Int64 = 0) {
        self.newestTrustedTime = newestTrustedTime
        self.lastRun = lastRun
    }

    /// The latest moment the verifier knows has already happened.
    public var latestKnownTime: Int64 { max(newestTrustedTime, lastRun) }

    var fileBytes: [UInt8] {
        SealedFile.seal(CBORWriter.encode(.textMap([("newestTrustedTime", .int(newestTrustedTime)), ("lastRun", .int(lastRun))])), magic: Self.magic)
    }

    init(fileBytes: [UInt8], path: String) throws(UserError) {
        let payload = try SealedFile.open(fileBytes, magic: Self.magic, path: path, repair: Self.repair)
        do throws(FormatError) {
            let fields = try CBORFields(try CBORReader.decode(payload, layer: "verifier state"), layer: "verifier state", known: ["newestTrustedTime", "lastRun"])
            self.init(newestTrustedTime: try fields.time("newestTrustedTime"), lastRun: try fields.time("lastRun"))
        } catch {
            throw UserError(.damaged, "\(path) is damaged: \(error.description); \(Self.repair)")
        }
    }
}
