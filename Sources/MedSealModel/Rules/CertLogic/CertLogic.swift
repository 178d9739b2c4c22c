import MedSealEncoding

/// The CertLogic evaluator (specification 1.3.3, `Vectors/interop/certlogic/specification/`):
/// a CertLogic expression evaluated on a data context gives a value, or an error for an
/// invalid expression or a type mismatch. Operations: `var`, `if`, `===`, `and`, `<`, `>`,
/// `<=`, `>=` (and their ternary forms), `in`, `+`, `!`, `plusTime`, `before`, `after`,
/// `not-before`, `not-after`, `dccDateOfBirth`, `reduce`, `extractFromUVCI`.
public enum CertLogic {
    /// Why an expression could not be evaluated.
    public struct EvaluationError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
        init(_ message: String) { self.message = message }
    }

    /// Deepest nesting evaluated (the JSON reader allows 64; rules use a handful).
    static let maximumDepth = 60

    /// Most operations one evaluation performs: a rule that would run longer (a `reduce` inside
    /// a `reduce` over long lists) is refused rather than left to hang a checkpoint.
    public static let maximumSteps = 1_000_000

    /// Evaluates `expression` on `data`.
    public static func evaluate(_ expression: LogicValue, data: LogicValue) throws(EvaluationError) -> LogicValue {
        var run = Run()
        return try run.evaluate(expression, data, depth: 0)
    }

    /// One evaluation, counting its steps.
    struct Run {
        var steps = 0

        mutating func evaluate(_ expression: LogicValue, _ data: LogicValue, depth: Int) throws(EvaluationError) -> LogicValue {
            guard depth < maximumDepth else { throw EvaluationError("expression nested deeper than \(maximumDepth) levels") }
            steps += 1
            guard steps <= maximumSteps else { throw EvaluationError("the evaluation takes more than \(maximumSteps) steps") }
            switch expression {
            case .null: throw EvaluationError("invalid CertLogic expression: null")
            case .bool, .integer, .string: return expression
            case .decimal(let number): throw EvaluationError("\(number) is a non-integer number")
            case .dateTime: return expression
            case .array(let items):
                var values = [LogicValue]()
                values.reserveCapacity(items.count)
                for item in items { values.append(try evaluate(item, data, depth: depth + 1)) }
                return .array(values)
            case .object(let members):
                guard members.count == 1, let (operation, operand) = members.first else {
                    throw EvaluationError("expression object must have exactly one key, but it has \(members.count)")
                }
                if operation == "var" { return try access(operand, in: data) }
                guard case .array(let operands) = operand else { throw EvaluationError("operation not of the form { \"<operator>\": [ <values...> ] }") }
                return try apply(operation, operands, data, depth: depth + 1)
            }
        }

        /// `{"var": path}`: drills into `data` along the path's period-separated fragments.
        func access(_ path: LogicValue, in data: LogicValue) throws(EvaluationError) -> LogicValue {
            guard case .string(let text) = path else { throw EvaluationError("not of the form { \"var\": \"<path>\" }") }
            if text.isEmpty { return data }
            var current = data
            for fragment in text.split(separator: ".", omittingEmptySubsequences: false) {
                switch current {
                case .object(let members): current = members[String(fragment)] ?? .null
                case .array(let items):
                    guard let index = Int(fragment), index >= 0, index < items.count else { return .null }
                    current = items[index]
                default: return .null
                }
            }
            return current
        }

        mutating func apply(_ operation: String, _ operands: [LogicValue], _ data: LogicValue, depth: Int) throws(EvaluationError) -> LogicValue {
            func count(_ allowed: ClosedRange<Int>) throws(EvaluationError) {
                guard allowed.contains(operands.count) else {
                    throw EvaluationError("an \"\(operation)\" operation takes \(allowed.lowerBound == allowed.upperBound ? "\(allowed.lowerBound)" : "\(allowed.lowerBound) to \(allowed.upperBound)") operands, not \(operands.count)")
                }
            }
            func value(_ index: Int) throws(EvaluationError) -> LogicValue { try self.evaluate(operands[index], data, depth: depth) }
            switch operation {
            case "if":
                try count(3...3)
                guard let guardValue = try value(0).truthiness else { throw EvaluationError("the guard of an \"if\" is neither truthy nor falsy") }
                return try value(guardValue ? 1 : 2)
            case "===":
                try count(2...2)
                return .bool(try value(0) == value(1))
            case "and":
                guard operands.count >= 2 else { throw EvaluationError("an \"and\" operation takes at least 2 operands") }
                var last = LogicValue.null
                for index in operands.indices {
                    last = try value(index)
                    guard let truth = last.truthiness else { throw EvaluationError("an operand of \"and\" is neither truthy nor falsy: \(last.json)") }
                    if !truth { return last }
                }
                return last
            case "!":
                try count(1...1)
                guard let truth = try value(0).truthiness else { throw EvaluationError("the operand of \"!\" is neither truthy nor falsy") }
                return .bool(!truth)
            case "<", ">", "<=", ">=":
                try count(2...3)
                var numbers = [Int64]()
                for index in operands.indices {
                    guard case .integer(let number) = try value(index) else { throw EvaluationError("all operands of \"\(operation)\" must be integers") }
                    numbers.append(number)
                }
                return .bool(CertLogic.chain(numbers, operation))
            case "before", "after", "not-before", "not-after":
                try count(2...3)
                var times = [Int64]()
                for index in operands.indices {
                    guard case .dateTime(let time) = try value(index) else { throw EvaluationError("all operands of \"\(operation)\" must be date-times") }
                    times.append(time)
                }
                let comparison = ["before": "<", "after": ">", "not-before": ">=", "not-after": "<="][operation]!
                return .bool(CertLogic.chain(times, comparison))
            case "in":
                try count(2...2)
                let item = try value(0)
                guard case .array(let items) = try value(1) else { throw EvaluationError("the second operand of \"in\" must be an array") }
                return .bool(items.contains(item))
            case "+":
                try count(2...2)
                guard case .integer(let left) = try value(0), case .integer(let right) = try value(1) else {
                    throw EvaluationError("both operands of \"+\" must be integers")
                }
                let (sum, overflow) = left.addingReportingOverflow(right)
                guard !overflow else { throw EvaluationError("\"+\" overflows") }
                return .integer(sum)
            case "plusTime":
                try count(3...3)
                guard case .string(let text) = try value(0) else { throw EvaluationError("the first operand of \"plusTime\" must be a date(-time) string") }
                guard case .integer(let amount) = operands[1] else { throw EvaluationError("the second operand of \"plusTime\" must be an integer literal") }
                guard case .string(let unitName) = operands[2], let unit = LogicDateTime.Unit(rawValue: unitName) else {
                    throw EvaluationError("the third operand of \"plusTime\" must be \"year\", \"month\", \"day\" or \"hour\"")
                }
                guard let time = LogicDateTime.parse(text) else { throw EvaluationError("\"\(text)\" is not a date or date-time CertLogic reads") }
                return .dateTime(LogicDateTime.adding(amount, unit, to: time))
            case "dccDateOfBirth":
                try count(1...1)
                guard case .string(let text) = try value(0), let time = LogicDateTime.dateOfBirth(text) else {
                    throw EvaluationError("the operand of \"dccDateOfBirth\" must be a date of birth (YYYY, YYYY-MM or YYYY-MM-DD)")
                }
                return .dateTime(time)
            case "reduce":
                try count(3...3)
                let list = try value(0)
                var accumulator = try value(2)
                switch list {
                case .null: return accumulator
                case .array(let items):
                    for item in items {
                        accumulator = try evaluate(operands[1], .object(["current": item, "accumulator": accumulator, "data": data]), depth: depth)
                    }
                    return accumulator
                default: throw EvaluationError("the first operand of \"reduce\" must be an array or null")
                }
            case "extractFromUVCI":
                try count(2...2)
                guard case .integer(let index) = try value(1) else { throw EvaluationError("the second operand of \"extractFromUVCI\" must be an integer") }
                switch try value(0) {
                case .null: return .null
                case .string(let text): return CertLogic.extract(fragment: index, from: text).map(LogicValue.string) ?? .null
                default: throw EvaluationError("the first operand of \"extractFromUVCI\" must be a string or null")
                }
            default:
                throw EvaluationError("unrecognised operator: \"\(operation)\"")
            }
        }

    }

    /// `a op b` (and `b op c` in the ternary form).
    static func chain(_ values: [Int64], _ operation: String) -> Bool {
        func holds(_ a: Int64, _ b: Int64) -> Bool {
            switch operation {
            case "<": return a < b
            case ">": return a > b
            case "<=": return a <= b
            default: return a >= b
            }
        }
        return zip(values, values.dropFirst()).allSatisfy { holds($0.0, $0.1) }
    }

    /// Fragment `index` of a UCI, split at `/`, `#` and `:`, without an opening `URN:UVCI:`.
    static func extract(fragment index: Int64, from text: String) -> String? {
        var fragments = text.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "#" || $0 == ":" }.map(String.init)
        if fragments.count >= 2, fragments[0] == "URN", fragments[1] == "UVCI" { fragments.removeFirst(2) }
        guard index >= 0, index < fragments.count else { return nil }
        return fragments[Int(index)]
    }
}
