import MedSealEncoding

/// What a credential is about, across every format MedSeal reads.
public enum DocumentKind: String, Hashable, Sendable, Codable {
    case emergency
    case vaccination
    /// A laboratory or rapid test result (EU DCC `t`, SMART Health Card lab results).
    case testResult = "test-result"
    /// A certificate of recovery (EU DCC `r`).
    case recovery
}

/// The health content of a credential issued by another system (a SMART Health Card or an
/// EU Digital COVID Certificate), in MedSeal's terms: doses in the same shape as MedSeal's
/// vaccination records (so acceptance rules apply to them too), test results and
/// recoveries as the issuer wrote them.
public struct InteropRecord: Hashable, Sendable, Codable {
    public var kind: DocumentKind
    public var holder: Holder
    /// The disease or agent targeted, in words (`COVID-19`), when the format states it.
    public var disease: String?
    public var doses: [Dose]
    public var tests: [TestEntry]
    public var recoveries: [RecoveryEntry]
    /// The certificate's own identifier (an EU DCC's UVCI), when it has one.
    public var certificateID: String?
    /// The organisation the certificate names as its issuer, when it names one.
    public var certificateIssuer: String?

    public init(kind: DocumentKind, holder: Holder, disease: String? = nil, doses: [Dose] = [], tests: [TestEntry] = [],
                recoveries: [RecoveryEntry] = [], certificateID: String? = nil, certificateIssuer: String? = nil) {
        self.kind = kind
        self.holder = holder
        self.disease = disease
        self.doses = doses
        self.tests = tests
        self.recoveries = recoveries
        self.certificateID = certificateID
        self.certificateIssuer = certificateIssuer
    }
}

/// One test result, as the issuing system states it.
public struct TestEntry: Hashable, Sendable, Codable {
    /// What was tested (`SARS-CoV-2 NAAT (PCR)`, `Hemoglobin [LOINC 718-7]`).
    public var test: String
    /// The result in words (`not detected`, `13.2 g/dL`).
    public var result: String
    /// When the sample was taken or the result observed, as written.
    public var time: String?
    /// Testing centre or laboratory.
    public var centre: String?
    public var country: String?

    public init(test: String, result: String, time: String? = nil, centre: String? = nil, country: String? = nil) {
        self.test = test
        self.result = result
        self.time = time
        self.centre = centre
        self.country = country
    }
}

/// A recovery from a disease, as an EU DCC states it.
public struct RecoveryEntry: Hashable, Sendable, Codable {
    /// Date of the first positive test.
    public var firstPositive: String
    /// The period the issuer declares the recovery valid for.
    public var validFrom: String
    public var validUntil: String
    public var country: String?

    public init(firstPositive: String, validFrom: String, validUntil: String, country: String? = nil) {
        self.firstPositive = firstPositive
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.country = country
    }
}
