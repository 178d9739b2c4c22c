import Foundation
import MedSealCLI
import MedSealEncoding
import MedSealModel

/// `medseal-verify certlogic eval RULE DATA`: one CertLogic rule or expression on one data
/// file, for rule authors and conformance runs.
enum CertLogicCommand {
    static let eval = Command(CommandSpec(
        ["certlogic", "eval"],
        summary: "Evaluate a CertLogic rule (a Gateway rule's Logic) or bare expression on a data file and print the resulting JSON value.",
        arguments: "RULE.json DATA.json",
        details: "DATA is the data context, such as {\"payload\": …, \"external\": …}. Exit status 0 with the value printed; 2 when the rule or data is not valid JSON, the expression is not valid CertLogic, or it cannot be evaluated on the data."
    )) { arguments, console in
        let files = try arguments.positionals(atMost: 2)
        guard files.count == 2 else { throw UserError(.usage, "give the rule (or expression) file and the data file") }
        func read(_ path: String) throws(UserError) -> LogicValue {
            let bytes = [UInt8](try FileStore.read(path))
            do { return try LogicValue(json: bytes) } catch { throw UserError(.input, "\(path): not JSON: \(error.description)") }
        }
        var expression = try read(files[0])
        if case .object(let members) = expression, let logic = members["Logic"], members["Identifier"] != nil { expression = logic }
        let issues = CertLogicValidator.issues(expression)
        if let first = issues.first {
            throw UserError(.input, "\(files[0]): not valid CertLogic: \(first.message) in \(TerminalText.line(first.expression.json))" + (issues.count > 1 ? " (and \(issues.count - 1) more)" : ""))
        }
        let data = try read(files[1])
        let result: LogicValue
        do throws(CertLogic.EvaluationError) {
            result = try CertLogic.evaluate(expression, data: data)
        } catch {
            throw UserError(.input, "\(files[0]) on \(files[1]): \(error.message)")
        }
        console.out(TerminalText.line(result.json))
        return 0
    }
}
