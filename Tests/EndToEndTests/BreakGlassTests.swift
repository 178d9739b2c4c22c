import Foundation
import Testing

/// The sealed tier through the real executables: the authority's emergency-access key, a
/// grant sealed to one ambulance's station key, a record whose sensitive sections are sealed,
/// a school that sees only that sealed items exist, and an ambulance that opens them only by
/// breaking the glass, with the opening in its audit log first.
@Suite("Break the glass end to end")
struct BreakGlassTests {
    struct World {
        let folder: String
        var ambulance: String { folder + "/ambulance" }
        var school: String { folder + "/school" }
        var issuerKey: String { folder + "/issuer/issuer.key" }
        var accessPublic: String { folder + "/authority/emergency-access.pub" }

        init() throws {
            folder = try Tool.temporaryFolder()
            try #require(try Tool.medseal("medseal", ["key", "new", "--issuer", "Klinikum Test", "--out", folder + "/issuer"]).status == 0)
            try #require(try Tool.medseal("medseal", ["key", "new", "--emergency-access", "--name", "Rettungsdienst Test", "--out", folder + "/authority"]).status == 0)
            for store in [ambulance, school] {
                try #require(try Tool.medseal("medseal-verify", ["trust", "add", "--trust", store, folder + "/issuer/issuer.pub"]).status == 0)
            }
            let station = try Tool.medseal("medseal-verify", ["station", "init", "--name", "RTW 4-83-1", "--trust", ambulance])
            try #require(station.status == 0, "\(station.stderr)")
            let grant = folder + "/rtw.grant"
            let granted = try Tool.medseal("medseal", ["key", "grant", "--emergency-key", folder + "/authority/emergency-access.key",
                                                       "--station", station.stdout.trimmingCharacters(in: .newlines), "--out", grant])
            try #require(granted.status == 0, "\(granted.stderr)")
            let imported = try Tool.medseal("medseal-verify", ["emergency-access", "import", "--trust", ambulance, grant])
            try #require(imported.status == 0, "\(imported.stderr)")
        }

        func issue(_ extra: [String], base: String) throws -> Tool.Output {
            try Tool.medseal("medseal", ["issue", "emergency", "--key", issuerKey, "--in", Tool.root + "/Vectors/corpus/emergency/de-05.json",
                                         "--out", folder + "/" + base] + extra)
        }
    }

    @Test func onlyAnEmergencyStationThatBreaksTheGlassSeesTheSealedItems() throws {
        let world = try World()
        let issued = try world.issue(["--seal", "conditions,notes", "--seal-to", world.accessPublic], base: "sealed")
        try #require(issued.status == 0, "\(issued.stderr)")
        let token = world.folder + "/sealed.token"
        // A school: valid, the floor shown, the sealed sections only said to exist.
        let school = try Tool.medseal("medseal-verify", ["--trust", world.school, "--json", "--file", token])
        try #require(school.status == 0, "\(school.stdout)")
        let report = try JSONSerialization.jsonObject(with: Data(school.stdout.utf8)) as! [String: Any]
        let document = try #require(report["document"] as? [String: Any])
        #expect(document["conditions"] == nil && document["notes"] == nil)
        #expect((report["sealed"] as? [String: Any])?["opened"] as? Bool == false)
        let schoolText = try Tool.medseal("medseal-verify", ["--trust", world.school, "--file", token])
        #expect(schoolText.stdout.contains("Sealed for emergency services") && schoolText.stdout.contains("not recorded, or sealed"), "\(schoolText.stdout)")
        // The school's store has no grant: breaking the glass there opens nothing.
        let attempt = try Tool.medseal("medseal-verify", ["--trust", world.school, "--break-glass", "--reason", "curious", "--operator", "Teacher", "--json", "--file", token])
        #expect(attempt.status == 0 && attempt.stderr.contains("holds no emergency-access key"))
        #expect(((try JSONSerialization.jsonObject(with: Data(attempt.stdout.utf8)) as! [String: Any])["document"] as? [String: Any])?["conditions"] == nil)
        // The ambulance without breaking the glass: closed too.
        let closed = try Tool.medseal("medseal-verify", ["--trust", world.ambulance, "--json", "--file", token])
        #expect(((try JSONSerialization.jsonObject(with: Data(closed.stdout.utf8)) as! [String: Any])["document"] as? [String: Any])?["conditions"] == nil)
        // Breaking the glass needs a reason and an operator.
        #expect(try Tool.medseal("medseal-verify", ["--trust", world.ambulance, "--break-glass", "--operator", "N. Weber", "--file", token]).status == 2)
        #expect(try Tool.medseal("medseal-verify", ["--trust", world.ambulance, "--break-glass", "--reason", "unresponsive", "--file", token]).status == 2)
        // The ambulance breaks the glass: opened, and recorded first.
        let opened = try Tool.medseal("medseal-verify", ["--trust", world.ambulance, "--break-glass", "--reason", "unresponsive after a fall", "--operator", "N. Weber", "--json", "--file", token])
        try #require(opened.status == 0, "\(opened.stdout) \(opened.stderr)")
        let openedReport = try JSONSerialization.jsonObject(with: Data(opened.stdout.utf8)) as! [String: Any]
        let openedDocument = try #require(openedReport["document"] as? [String: Any])
        #expect((openedDocument["conditions"] as? [Any])?.isEmpty == false && openedDocument["notes"] is String)
        #expect((openedReport["sealed"] as? [String: Any])?["operator"] as? String == "N. Weber")
        let log = try Tool.read(world.ambulance + "/audit.log")
        #expect(log.contains("\"mode\":\"break-glass\"") && log.contains("unresponsive after a fall") && log.contains("N. Weber"), "\(log)")
        #expect(!log.contains("Epilepsie") && !log.contains("Diabetes"), "no health data in the log")
        let checked = try Tool.medseal("medseal-verify", ["audit", "check", "--trust", world.ambulance])
        #expect(checked.status == 0, "\(checked.stdout) \(checked.stderr)")
    }

    @Test func anOpeningThatCannotBeRecordedDoesNotHappen() throws {
        let world = try World()
        try #require(try world.issue(["--seal", "conditions", "--seal-to", world.accessPublic], base: "sealed").status == 0)
        // A log whose folder is a plain file: no one, not even root, can write it.
        try "not a folder".write(toFile: world.folder + "/plain-file", atomically: true, encoding: .utf8)
        let unwritable = world.folder + "/plain-file/audit.log"
        let result = try Tool.medseal("medseal-verify", ["--trust", world.ambulance, "--break-glass", "--reason", "collapse", "--operator", "N. Weber",
                                                         "--audit", "--audit-log", unwritable, "--json", "--file", world.folder + "/sealed.token"])
        #expect(result.status == 4 && result.stderr.contains("NOT OPENED"), "\(result.stderr)")
        #expect(!result.stdout.contains("\"conditions\""))
    }

    @Test func theEmergencyAccessKeyReachesIssuersInTheRootSignedBundle() throws {
        let world = try World()
        let root = world.folder + "/root"
        try #require(try Tool.medseal("medseal", ["key", "new", "--root", "--issuer", "Gesundheitsamt Test", "--out", root]).status == 0)
        let issuers = world.folder + "/issuers"
        try FileManager.default.createDirectory(atPath: issuers, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: world.folder + "/issuer/issuer.pub", toPath: issuers + "/issuer.pub")
        let bundle = world.folder + "/authority.bundle"
        let created = try Tool.medseal("medseal", ["bundle", "create", "--key", root + "/root.key", "--issuers", issuers, "--emergency-access", world.accessPublic, "--out", bundle])
        try #require(created.status == 0, "\(created.stderr)")
        // The bundle holds the public half only: not the secret's seed.
        let secret = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: world.folder + "/authority/emergency-access.key"))) as! [String: Any]
        var seedText = (secret["seed"] as! String).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while seedText.count % 4 != 0 { seedText += "=" }
        let seed = try #require(Data(base64Encoded: seedText))
        #expect(try Data(contentsOf: URL(fileURLWithPath: bundle)).range(of: seed) == nil)
        // Issuers take the key from the bundle, checked against the root; without the root, or with another, no.
        #expect(try world.issue(["--seal", "notes", "--seal-to", bundle], base: "noroot").status == 2)
        let otherRoot = world.folder + "/other-root"
        try #require(try Tool.medseal("medseal", ["key", "new", "--root", "--issuer", "Someone", "--out", otherRoot]).status == 0)
        #expect(try world.issue(["--seal", "notes", "--seal-to", bundle, "--root", otherRoot + "/root.pub"], base: "wrongroot").status == 3)
        let issued = try world.issue(["--seal", "notes", "--seal-to", bundle, "--root", root + "/root.pub"], base: "frombundle")
        try #require(issued.status == 0, "\(issued.stderr)")
        // The ambulance opens what was sealed to the bundle's key; a verifier imports the same bundle for its issuer keys.
        let opened = try Tool.medseal("medseal-verify", ["--trust", world.ambulance, "--break-glass", "--reason", "fall", "--operator", "N. Weber", "--json", "--file", world.folder + "/frombundle.token"])
        #expect(((try JSONSerialization.jsonObject(with: Data(opened.stdout.utf8)) as! [String: Any])["document"] as? [String: Any])?["notes"] is String, "\(opened.stdout)")
        let verifier = world.folder + "/checkpoint"
        #expect(try Tool.medseal("medseal-verify", ["trust", "add-root", "--trust", verifier, root + "/root.pub"]).status == 0)
        #expect(try Tool.medseal("medseal-verify", ["trust", "import", "--trust", verifier, bundle]).status == 0)
        #expect(try Tool.medseal("medseal-verify", ["--trust", verifier, "--file", world.folder + "/frombundle.token"]).status == 0)
    }

    @Test func theSafetyFloorIsNeverSealed() throws {
        let world = try World()
        let floor = try world.issue(["--seal", "bloodType", "--seal-to", world.accessPublic], base: "floor")
        #expect(floor.status == 2 && floor.stderr.contains("never sealed"), "\(floor.stderr)")
        let noKey = try world.issue(["--seal", "notes"], base: "nokey")
        #expect(noKey.status == 2)
        // A holder-bound credential can carry sealed items too; its presentations keep them sealed.
        let holder = world.folder + "/patient"
        try #require(try Tool.medseal("medseal", ["key", "new", "--holder", "--out", holder]).status == 0)
        try #require(try world.issue(["--seal", "notes", "--seal-to", world.accessPublic, "--holder", holder + "/holder.pub"], base: "bound").status == 0)
        let made = try Tool.medseal("medseal", ["present", "--credential", world.folder + "/bound.token", "--holder-key", holder + "/holder.key",
                                                "--show", "conditions", "--out", world.folder + "/p"])
        try #require(made.status == 0, "\(made.stderr)")
        let opened = try Tool.medseal("medseal-verify", ["--trust", world.ambulance, "--break-glass", "--reason", "seizure", "--operator", "N. Weber", "--json", "--file", world.folder + "/p.token"])
        try #require(opened.status == 0, "\(opened.stdout)")
        let document = (try JSONSerialization.jsonObject(with: Data(opened.stdout.utf8)) as! [String: Any])["document"] as? [String: Any]
        #expect(document?["notes"] is String && document?["conditions"] != nil && document?["contacts"] == nil)
    }
}
