import MedSealEncoding

/// Facts about this build of MedSeal.
public enum MedSeal {
    /// The toolkit's version.
    public static let version = "0.1.0"
    /// The token format this build issues and reads.
    public static let tokenFormat = "MS1"
}
