import Foundation
import Testing
import RemitCEL

@Suite struct EvaluationTests {
    @Test func errorsAreAbsorbedByDecisiveLogicalOperands() throws {
        #expect(try eval("1 / 0 == 1 || true") == .bool(true))
        #expect(try eval("false && 1 / 0 == 1") == .bool(false))
        #expect(failure("1 / 0 == 1 || false")?.code == .divisionByZero)
        #expect(try eval("[1, 0].exists(x, 1 / x == 1)") == .bool(true))
    }

    @Test func integerOverflowAndDivisionByZeroAreErrors() {
        #expect(failure("9223372036854775807 + 1")?.code == .overflow)
        #expect(failure("0u - 1u")?.code == .overflow)
        #expect(failure("5 % 0")?.code == .divisionByZero)
    }

    @Test func numbersCompareAcrossKinds() throws {
        #expect(try eval("1 == 1.0 && 2u > 1 && 1.5 < 2u && -1 < 0u") == .bool(true))
        #expect(try eval("{1u: 'a'}[1.0]") == .string("a"))
    }

    @Test func aNoSuchOverloadErrorNamesTheFunctionAndTheTypes() {
        let error = failure("'a' - 1")
        #expect(error?.code == .noSuchOverload)
        #expect(error?.message == "found no matching overload for '_-_' applied to '(string, int)'")
        #expect(failure("size(1)")?.message == "found no matching overload for 'size' applied to '(int)'")
    }

    @Test func timestampAccessorsHonourTimeZones() throws {
        let t = "timestamp('2026-03-29T00:30:00Z')"
        #expect(try eval("\(t).getHours()") == .int(0))
        #expect(try eval("\(t).getHours('Europe/Berlin')") == .int(1))
        #expect(try eval("(\(t) + duration('2h')).getHours('Europe/Berlin')") == .int(4))
        #expect(try eval("\(t).getHours('-05:30')") == .int(19))
        #expect(failure("\(t).getHours('Mars/Olympus')")?.code == .invalidArgument)
    }

    @Test func bindingsComeFromJSON() throws {
        let json = #"{"invoice": {"amount": 60000, "rate": 0.5, "methods": ["sepa", "card"], "paid": false, "note": null}}"#
        let invoice = try CELValue(jsonData: Data(json.utf8))
        let program = try CELProgram(compiling: "invoice.invoice.amount > 50000 && 'sepa' in invoice.invoice.methods")
        #expect(try program.evaluate(bindings: ["invoice": invoice]) == .bool(true))
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let direct = try CELProgram(compiling: "invoice.rate == 0.5 && !invoice.paid && invoice.note == null && type(invoice.amount) == int")
        #expect(try direct.evaluate(jsonBindings: object) == .bool(true))
        let kinds = try CELValue(json: Data("[1, 2.5, 1.0, true, 18446744073709551615]".utf8))
        #expect(try eval("l.map(x, type(x))", ["l": kinds]) == [.type(.int), .type(.double), .type(.double), .type(.bool), .type(.uint)])
        #expect(failure("x", ["x": .string("")]) == nil)
        #expect((try? CELValue(jsonData: Data("{".utf8))) == nil)
    }

    @Test func bindingsComeFromSwiftValues() throws {
        let bindings: [String: CELValue] = [
            "amount": CELValue(Int64(42)), "tags": CELValue(["a", "b"]), "limits": CELValue(["max": 10]),
            "due": CELValue(Date(timeIntervalSince1970: 86_400)), "grace": CELValue(Duration.seconds(90)),
            "note": CELValue(String?.none),
        ]
        let program = try CELProgram(compiling: "amount < limits.max * 5 && 'b' in tags && due.getDate() == 2 && grace.getMinutes() == 1 && note == null")
        #expect(try program.evaluate(bindings: bindings) == .bool(true))
    }

    @Test func declarationsRejectUnknownNamesAtCompileTime() throws {
        let declarations = CELDeclarations(variables: ["invoice"])
        #expect(try CELProgram(compiling: "invoice.amount > 1", declarations: declarations).referencedVariables == ["invoice"])
        #expect(throws: CELError.self) { try CELProgram(compiling: "buyer.id == 1", declarations: declarations) }
        #expect(throws: CELError.self) { try CELProgram(compiling: "frobnicate(invoice)", declarations: declarations) }
        // Without declarations the same references fail only when evaluated, so they can be absorbed.
        #expect(try eval("frobnicate(1) || true") == .bool(true))
        #expect(failure("buyer")?.code == .unboundVariable)
    }

    @Test func customFunctionsAreCallable() throws {
        var declarations = CELDeclarations(variables: ["x"])
        declarations.addFunction("double_it") { (value: CELValue) throws(CELError) -> CELValue in
            guard case .int(let i) = value else { throw CELError(.noSuchOverload, "double_it wants an int") }
            return .int(i * 2)
        }
        let program = try CELProgram(compiling: "double_it(x) == 8", declarations: declarations)
        #expect(try program.evaluate(bindings: ["x": 4]) == .bool(true))
    }

    @Test func oneProgramEvaluatesConcurrently() async throws {
        let program = try CELProgram(compiling: "[1, 2, 3].map(i, i * n).exists(v, v == 3 * n)")
        let results = await withTaskGroup(of: Bool.self) { group in
            for n in 1...50 {
                group.addTask { (try? program.evaluateCondition(bindings: ["n": .int(Int64(n))])) ?? false }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 50 && results.allSatisfy { $0 })
    }

    @Test func resultsFormatInTheConformanceValueEncoding() throws {
        #expect(try eval("{'a': [1u, 2.5, b'hi', null]}").conformanceJSON
            == #"{"map":[[{"string":"a"},{"list":[{"uint":"1"},{"double":2.5},{"bytes_b64":"aGk="},{"null":null}]}]]}"#)
        #expect(try eval("duration('1.5s')").conformanceJSON == #"{"duration":"1.5s"}"#)
        #expect(try eval("0.0 / 0.0").conformanceJSON == #"{"double":"NaN"}"#)
        #expect(try eval("type(timestamp(0))").conformanceJSON == #"{"type":"google.protobuf.Timestamp"}"#)
    }
}

@Suite struct SwiftConversionTests {
    @Test func datesOutsideTheTimestampRangeClampToItsEnds() throws {
        #expect(try eval("d.getFullYear()", ["d": CELValue(Date.distantFuture)]) == .int(4001))
        #expect(try eval("string(d)", ["d": CELValue(Date(timeIntervalSince1970: 1e15))]) == .string("9999-12-31T23:59:59.999999999Z"))
        #expect(try eval("string(d)", ["d": CELValue(Date(timeIntervalSince1970: -1e15))]) == .string("0001-01-01T00:00:00Z"))
    }
}

@Suite struct ErrorReportingTests {
    @Test func dataFromBindingsStaysOutOfTheDescription() {
        let error = failure("int(x)", ["x": "card 4111111111111111"])
        #expect(error?.code == .conversion)
        #expect(error?.description.contains("4111") == false)
        #expect(error.map { String(reflecting: $0) }?.contains("4111") == true)
    }

    @Test func aCheckErrorPointsAtTheUndeclaredName() {
        #expect(throws: CELError(.check, "undeclared reference to 'buyer.id'", line: 2, column: 3)) {
            try CELProgram(compiling: "a &&\n  buyer.id == 1", declarations: CELDeclarations(variables: ["a"]))
        }
    }
}
