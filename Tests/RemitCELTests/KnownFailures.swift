/// Conformance tests that RemitCEL does not pass, each with the reason.
///
/// The conformance test fails if one of these starts passing, so the list stays honest.
/// Keep `docs/cel.md` in sync.
enum KnownFailures {
    static let reasons: [String: String] = [:]
}
