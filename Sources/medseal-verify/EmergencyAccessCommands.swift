import Foundation
import MedSealCLI
import MedSealEncoding
import MedSealModel
import MedSealStore

/// The station's sealing key and the emergency-access keys granted to it.
enum EmergencyAccessCommands {
    static let stationInit = Command(CommandSpec(
        ["station", "init"],
        summary: "Create this station's sealing key (station.key, mode 0600, and station.pub in the store), for the authority to seal an emergency-access grant to.",
        options: [StoreOption.trust, OptionSpec("name", "NAME", "The station's name (an ambulance, a dispatch centre).", required: true)],
        details: "Send station.pub to the authority; import the grant it returns with 'medseal-verify emergency-access import FILE'."
    )) { arguments, console in
        _ = try arguments.positionals(atMost: 0)
        let keys = EmergencyAccessKeys(store: StoreOption.store(arguments))
        guard !FileManager.default.fileExists(atPath: keys.stationSecretPath) else {
            throw UserError(.io, "\(keys.stationSecretPath) already exists; this station has its key (its public half is \(keys.stationPublicPath))")
        }
        let name = try arguments.required("name").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else { throw UserError(.usage, "--name must be 1 to 100 characters") }
        let station = try keys.station(creatingNamed: name)
        console.out(keys.stationPublicPath)
        console.error("Created the station key \(station.publicKey.kidHex) for '\(name)'. Send \(keys.stationPublicPath) to the authority for an emergency-access grant.")
        return 0
    }

    static let importGrant = Command(CommandSpec(
        ["emergency-access", "import"],
        summary: "Take in an emergency-access grant sealed to this station, so that --break-glass can open sealed items.",
        arguments: "GRANT",
        options: [StoreOption.trust]
    )) { arguments, console in
        guard let path = try arguments.positionals(atMost: 1).first else { throw UserError(.usage, "give the grant file") }
        let keys = EmergencyAccessKeys(store: StoreOption.store(arguments))
        let key = try keys.importGrant(try FileStore.read(path), name: path)
        console.out("emergency-access key \(key.kidHex) '\(key.name)', valid until \(Timestamps.format(key.notAfter))")
        return 0
    }

    static let list = Command(CommandSpec(
        ["emergency-access", "list"],
        summary: "List the emergency-access keys granted to this station.",
        options: [StoreOption.trust]
    )) { arguments, console in
        _ = try arguments.positionals(atMost: 0)
        let granted = try EmergencyAccessKeys(store: StoreOption.store(arguments)).granted()
        if granted.isEmpty { console.out("no emergency-access key: sealed items stay closed on this station") }
        for key in granted { console.out("\(key.kidHex)  \(key.name)  until \(Timestamps.format(key.notAfter))") }
        return 0
    }
}
