import Testing
import RemitCEL

@Suite struct RegexTests {
    static let matching: [(String, String)] = [
        ("abc", "b"), ("abc", "^abc$"), ("a.c", "a\\.c"), ("x9", "\\d"), ("foo_bar", "^\\w+$"), ("a b", "\\s"),
        ("grey", "gr(a|e)y"), ("gray", "gr[ae]y"), ("Z", "[^a-z]"), ("b", "[a-c]"), ("]", "[]]"), ("-", "[a-]"),
        ("aaa", "^a{3}$"), ("aaaa", "^a{2,}$"), ("aa", "^a{1,3}$"), ("a{,3}", "a{,3}"), ("ABC", "(?i)abc"),
        ("xABCx", "x(?i:abc)x"), ("a\nb", "(?s)a.b"), ("a\nb", "(?m)^b$"), ("cat dog", "\\bdog\\b"),
        ("catdog", "\\Bdog"), ("😀😀", "^(a|😀){2}$"), ("ñ", "[[:^ascii:]]"), ("x7", "[[:alpha:]][[:digit:]]"),
        ("", ""), ("abc", "(?P<name>b)"), ("A", "\\x41"), ("😀", "\\x{1F600}"), ("ab", "a??b"), ("ab", "^(?:a|b)+$"),
        ("invoice-2026", "^[a-z]+-\\d{4}$"), ("ap@example.com", "^[^@]+@example\\.com$"),
    ]

    static let notMatching: [(String, String)] = [
        ("abc", "^b"), ("abc", "d"), ("a\nb", "a.b"), ("a\nb", "^b$"), ("ab", "^a{2}$"), ("abc", "ABC"),
        ("catdog", "\\bdog"), ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "(a*)*b"), ("9", "[^\\d]"),
    ]

    @Test func re2SyntaxMatchesAsRE2Does() throws {
        for (text, pattern) in Self.matching {
            #expect(try eval("t.matches(p)", ["t": .string(text), "p": .string(pattern)]) == .bool(true), "\(text) ~ \(pattern)")
        }
        for (text, pattern) in Self.notMatching {
            #expect(try eval("matches(t, p)", ["t": .string(text), "p": .string(pattern)]) == .bool(false), "\(text) !~ \(pattern)")
        }
    }

    @Test func patternsThatBacktrackingEnginesExplodeOnRunInLinearTime() throws {
        let text = String(repeating: "a", count: 5_000)
        let clock = ContinuousClock()
        var result: CELValue?
        let elapsed = clock.measure {
            result = try? eval("t.matches('(a*)*b') || t.matches('(a|aa)+$c') || t.matches('(x+x+)+y')", ["t": .string(text)])
        }
        #expect(result == .bool(false))
        #expect(elapsed < .seconds(5))
    }

    @Test func invalidAndUnsupportedPatternsAreEvaluationErrors() throws {
        for pattern in ["(", "a)", "[a", "a**", "*a", "x{1001}", "\\1", "\\p{Greek}", "(?z)a", "[z-a]", "\\q"] {
            let error = failure("'a'.matches(p)", ["p": .string(pattern)])
            #expect(error?.code == .invalidArgument, "\(pattern)")
        }
        // A literal invalid pattern fails only when evaluated, so it can be absorbed.
        #expect(try eval("'a'.matches('(') || true") == .bool(true))
    }

    @Test func hugeCountedRepetitionsAreRejectedNotExpanded() {
        let error = failure("'a'.matches('((a{100}){100}){100}')")
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("too large") == true)
    }

    @Test func matchingLongTextIsChargedToTheStepBudget() throws {
        let text = CELValue.string(String(repeating: "ab", count: 50_000))
        #expect(try eval("t.matches('b$')", ["t": text]) == .bool(true))
        let limits = CELLimits(evaluationStepsMax: 1_000)
        #expect(failure("t.matches('[a-z]+c')", ["t": text], limits: limits)?.code == .limitExceeded)
    }
}
