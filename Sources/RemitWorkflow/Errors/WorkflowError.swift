/// Why a workflow operation was refused: an event the run cannot take, a template that does
/// not parse, a tax that cannot be computed.
///
/// Definitions that break a rule are not reported with this type but with
/// `RemitError.validation` and one `FieldError` per problem, as every request body is.
public struct WorkflowError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; stable.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// The run cannot take this event in its current state (a vote on a finished run, a
        /// cancellation after settlement, a step result for a step that is not running).
        case eventRejected = "event_rejected"
        /// A vote from someone who is not among the step's approvers, or not yet asked.
        case voteRefused = "vote_refused"
        /// A template is malformed: an unclosed `{{`, an empty or malformed variable.
        case templateSyntax = "template_syntax"
        /// A template names a variable outside the allowed roots.
        case templateVariable = "template_variable"
        /// The tax table has no rate for the jurisdiction.
        case unknownJurisdiction = "unknown_jurisdiction"
        /// A tax table entry or an amount is out of range.
        case invalidTaxInput = "invalid_tax_input"
        /// A result does not fit in a signed 64-bit count of minor units.
        case overflow
        /// A stored definition cannot be prepared for running (it would not pass validation today).
        case invalidDefinition = "invalid_definition"
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong and what to do about it.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
