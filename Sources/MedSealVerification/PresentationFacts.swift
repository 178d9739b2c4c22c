import MedSealEncoding
import MedSealModel

/// What a presentation says beyond its credential: what its holder revealed and withheld,
/// and the terms the holder signed (until when, for whom, in answer to which challenge).
public struct PresentationFacts: Sendable, Hashable {
    /// The kid of the holder's key (`cnf`).
    public var holderKid: [UInt8]
    /// The revealed and withheld parts, by name (sections, or vaccines).
    public var revealed: [String]
    public var withheld: [String]
    /// Why the credential lets its holder hide critical facts, if it does.
    public var floorProblems: [String]
    public var binding: KeyBinding

    public init(holderKid: [UInt8], revealed: [String], withheld: [String], floorProblems: [String], binding: KeyBinding) {
        self.holderKid = holderKid
        self.revealed = revealed
        self.withheld = withheld
        self.floorProblems = floorProblems
        self.binding = binding
    }
}
