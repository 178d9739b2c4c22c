/// A JSON input document being repaired so that decoding can go on past a problem and find
/// the next one (``CBORValueDecoder/decode(_:from:check:)``). The repairs are only for finding
/// problems: a repaired document is never used.
struct InputRepair {
    /// One step of a field path: a member name or a list index.
    enum Step: Equatable {
        case member(String)
        case index(Int)
    }

    /// The document as repaired so far.
    private(set) var tree: CBOR
    /// Paths whose problems have been reported or repaired: a later problem there is a
    /// consequence (a bad value left out is then "missing").
    private var mended = Set<String>()
    /// List entries set aside: a problem at the list (it became empty) or inside them is a
    /// consequence too.
    private var setAside = [String]()
    /// For each field whose value was replaced, how many stand-ins were tried.
    private var standInsTried = [String: Int]()

    /// Values that most fields accept, tried in turn in place of a bad value so that decoding
    /// goes on past it (a date, a plain word, a blood type, a language, numbers, a flag).
    static let standIns: [CBOR] = [.text("2000-01-01"), .text("x"), .text("A+"), .text("en"), .unsigned(1), .unsigned(0), .bool(false)]

    init(_ tree: CBOR) {
        self.tree = tree
    }

    /// Whether any repair was made.
    var isMended: Bool { !mended.isEmpty }

    /// Whether a problem at `path` may come from the repairs rather than from the input.
    func caused(_ path: String) -> Bool {
        mended.contains(path) || setAside.contains { entry in
            entry == path || entry.hasPrefix(path + "[") || path.hasPrefix(entry + ".") || path.hasPrefix(entry + "[") || path.isEmpty
        }
    }

    /// Repairs the document past `problem`; false when it cannot (decoding must stop).
    /// `misspelt` are the fields decoding had not read, each with the name it likely means.
    mutating func mend(_ problem: FieldError, misspelt: [(path: String, suggestion: String?)]) -> Bool {
        let steps = InputRepair.steps(problem.path)
        let alreadyMended = mended.contains(problem.path)
        mended.insert(problem.path)
        guard let last = steps.last else { return false }
        // A bad value (or a stand-in that was refused too) gives way to the next stand-in.
        let tried = standInsTried[problem.path] ?? 0
        if problem.message != "missing (required)" || tried > 0, tried < InputRepair.standIns.count,
           let replaced = InputRepair.changing(tree, at: steps[...], { value in value == InputRepair.standIns[tried] ? nil : InputRepair.standIns[tried] }) {
            standInsTried[problem.path] = tried + 1
            tree = replaced
            return true
        }
        if problem.message == "missing (required)", case .member(let name) = last {
            // A misspelling beside it is read under the name it means.
            let parent = InputRepair.describe(steps.dropLast())
            if let typo = misspelt.first(where: { $0.suggestion == name && InputRepair.describe(InputRepair.steps($0.path).dropLast()) == parent }),
               case .member(let typed)? = InputRepair.steps(typo.path).last,
               let renamed = InputRepair.renaming(tree, at: Array(steps.dropLast()), from: typed, to: name) {
                tree = renamed
                return true
            }
        } else if !alreadyMended, case .member = last, let removed = InputRepair.removing(tree, at: steps) {
            // A bad value is left out: decoding goes on if the field is optional.
            tree = removed
            return true
        }
        // Otherwise the list entry holding the problem is set aside.
        guard let entry = steps.lastIndex(where: { if case .index = $0 { return true } else { return false } }),
              let cleared = InputRepair.settingAside(tree, at: Array(steps[...entry])) else { return false }
        setAside.append(InputRepair.describe(steps[...entry]))
        tree = cleared
        return true
    }

    /// `doses[1].vaccine.code` as steps.
    static func steps(_ path: String) -> [Step] {
        var steps = [Step]()
        var name = ""
        var index: String?
        for character in path {
            switch character {
            case "." where index == nil:
                if !name.isEmpty { steps.append(.member(name)) }
                name = ""
            case "[" where index == nil:
                if !name.isEmpty { steps.append(.member(name)) }
                name = ""
                index = ""
            case "]" where index != nil:
                steps.append(Int(index!).map(Step.index) ?? .member(index!))
                index = nil
            default:
                if index != nil { index!.append(character) } else { name.append(character) }
            }
        }
        if !name.isEmpty { steps.append(.member(name)) }
        return steps
    }

    /// Steps written back as a path.
    static func describe<S: Sequence>(_ steps: S) -> String where S.Element == Step {
        var text = ""
        for step in steps {
            switch step {
            case .member(let name): text += text.isEmpty ? name : "." + name
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    /// `tree` with the value at `steps` changed by `change`; nil when there is no such value
    /// or `change` changes nothing.
    static func changing(_ tree: CBOR, at steps: ArraySlice<Step>, _ change: (CBOR) -> CBOR?) -> CBOR? {
        guard let step = steps.first else { return change(tree) }
        switch (step, tree) {
        case (.member(let name), .map(var entries)):
            guard let index = entries.firstIndex(where: { $0.key == .text(name) }),
                  let changed = changing(entries[index].value, at: steps.dropFirst(), change) else { return nil }
            entries[index] = CBORMapEntry(entries[index].key, changed)
            return .map(entries)
        case (.index(let index), .array(var items)) where items.indices.contains(index):
            guard let changed = changing(items[index], at: steps.dropFirst(), change) else { return nil }
            items[index] = changed
            return .array(items)
        default:
            return nil
        }
    }

    /// `tree` without the member at `steps`.
    static func removing(_ tree: CBOR, at steps: [Step]) -> CBOR? {
        guard case .member(let name)? = steps.last else { return nil }
        return changing(tree, at: steps.dropLast()[...]) { parent in
            guard case .map(let entries) = parent, entries.contains(where: { $0.key == .text(name) }) else { return nil }
            return .map(entries.filter { $0.key != .text(name) })
        }
    }

    /// `tree` with the member `from` of the object at `steps` named `to`.
    static func renaming(_ tree: CBOR, at steps: [Step], from: String, to: String) -> CBOR? {
        changing(tree, at: steps[...]) { object in
            guard case .map(let entries) = object, !entries.contains(where: { $0.key == .text(to) }),
                  let index = entries.firstIndex(where: { $0.key == .text(from) }) else { return nil }
            var renamed = entries
            renamed[index] = CBORMapEntry(.text(to), entries[index].value)
            return .map(renamed)
        }
    }

    /// `tree` with the list entry at `steps` set aside (`undefined`, which decoding skips).
    static func settingAside(_ tree: CBOR, at steps: [Step]) -> CBOR? {
        changing(tree, at: steps[...]) { entry in entry == .undefined ? nil : .undefined }
    }
}
