import MedSealEncoding

/// Static checks of a CertLogic expression before it is evaluated (the specification's
/// validation suite): what is wrong, with the expression it is wrong in.
public enum CertLogicValidator {
    public struct Issue: Hashable, Sendable {
        public let expression: LogicValue
        public let message: String
    }

    static let operations: [String: ClosedRange<Int>] = [
        "if": 3...3, "===": 2...2, "and": 2...Int.max, "<": 2...3, ">": 2...3, "<=": 2...3, ">=": 2...3, "in": 2...2, "+": 2...2,
        "!": 1...1, "plusTime": 3...3, "before": 2...3, "after": 2...3, "not-before": 2...3, "not-after": 2...3,
        "dccDateOfBirth": 1...1, "reduce": 3...3, "extractFromUVCI": 2...2,
    ]

    /// Every issue found in `expression`, outermost first; empty when it is valid.
    public static func issues(_ expression: LogicValue) -> [Issue] {
        var found = [Issue]()
        check(expression, into: &found, depth: 0)
        return found
    }

    static func check(_ expression: LogicValue, into found: inout [Issue], depth: Int) {
        func issue(_ message: String) { found.append(Issue(expression: expression, message: message)) }
        guard depth < CertLogic.maximumDepth else { return issue("expression nested too deep") }
        switch expression {
        case .null: issue("invalid CertLogic expression")
        case .decimal(let number): issue("\(LogicValue.decimal(number).json) is a non-integer number")
        case .bool, .integer, .string, .dateTime: break
        case .array(let items): for item in items { check(item, into: &found, depth: depth + 1) }
        case .object(let members):
            guard members.count == 1, let (operation, operand) = members.first else {
                return issue("expression object must have exactly one key, but it has \(members.count)")
            }
            if operation == "var" {
                guard case .string(let path) = operand else { return issue("not of the form { \"var\": \"<path>\" }") }
                if !path.isEmpty && path.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
                    issue("data access path doesn't have a valid format: \(path)")
                }
                return
            }
            guard case .array(let operands) = operand else { return issue("operation not of the form { \"<operator>\": [ <values...> ] }") }
            guard let arity = operations[operation] else { return issue("unrecognised operator: \"\(operation)\"") }
            if !arity.contains(operands.count) { issue("an \"\(operation)\" operation must have \(arity.upperBound == Int.max ? "at least \(arity.lowerBound)" : "\(arity)") operands, not \(operands.count)") }
            if operation == "plusTime", operands.count == 3 {
                if case .integer = operands[1] {} else { issue("the amount of a \"plusTime\" operation must be an integer literal") }
                if case .string(let unit) = operands[2], LogicDateTime.Unit(rawValue: unit) != nil {} else { issue("the time unit of a \"plusTime\" operation must be year, month, day or hour") }
            }
            for item in operands { check(item, into: &found, depth: depth + 1) }
        }
    }
}
