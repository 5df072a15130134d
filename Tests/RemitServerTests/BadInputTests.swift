import RemitCore
import RemitServer
import Testing

/// Every class of bad input gets a clear 4xx problem, never a 500, and writes nothing.
@Suite struct BadInputTests {
    private func expectNothingWritten(_ api: APIHarness) async throws {
        #expect(try await api.invoiceCount() == 0)
    }

    @Test func malformedJSONIs400WithWhereItBroke() async throws {
        try await APIHarness.run { api in
            let response = try await api.post("/v1/invoices", #"{"buyer_id": "buy_x",\#n "number": }"#)
            #expect(response.status == 400 && response.problemCode == "invalid_request")
            #expect(response.json["detail"]?.stringValue?.contains("line 2, column 12") == true)
            try await expectNothingWritten(api)
            for broken in ["", "[", #"{"a": 1,}"#, #"{"a": 01}"#, #"{"a": "\x"}"#, "nul", #"{"a": 1} trailing"#, #"{"a": 1, "a": 2}"#] {
                let answer = try await api.post("/v1/buyers", broken)
                #expect(answer.status == 400, "\(broken) → \(answer.status)")
            }
        }
    }

    @Test func wrongTypesAndUnknownFieldsAre422NamingEveryField() async throws {
        try await APIHarness.run { api in
            let response = try await api.post("/v1/invoices", #"{"buyer_id": 7, "number": "INV-1", "currency": "USD", "lines": [{"description": "x", "unit_amount": "100", "colour": "red"}], "extra": true}"#)
            #expect(response.status == 422 && response.problemCode == "validation_failed")
            #expect(Set(response.fieldErrors) == ["buyer_id", "lines[0].unit_amount", "lines[0].colour", "extra"])
            #expect(response.header("Content-Type") == "application/problem+json")
            try await expectNothingWritten(api)
        }
    }

    @Test func anAmountBeyond64BitsIsAClearErrorNotARoundedNumber() async throws {
        try await APIHarness.run { api in
            let buyer = try await api.createBuyer()
            let huge = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-1",
                lines: #"[{"description": "x", "unit_amount": 9223372036854775808}]"#))
            #expect(huge.status == 422 && huge.fieldErrors == ["lines[0].unit_amount"])
            let overflow = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-1",
                lines: #"[{"description": "x", "quantity": 1000000, "unit_amount": 9223372036854775807}]"#))
            #expect(overflow.status == 422 && overflow.rules == ["overflow"])
            let fraction = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-1",
                lines: #"[{"description": "x", "unit_amount": 12.5}]"#))
            #expect(fraction.status == 422 && fraction.rules == ["type"])
            try await expectNothingWritten(api)
        }
    }

    @Test func aBodyOverTheLimitIs413AndOneAtTheLimitIsAccepted() async throws {
        var configuration = ServerConfiguration(port: 0)
        configuration.requestBodyBytesMax = 4_096
        try await APIHarness.run(configuration: configuration) { api in
            let buyer = try await api.createBuyer()
            let body = APIHarness.invoiceJSON(buyer: buyer, number: "INV-1")
            let atLimit = body + String(repeating: " ", count: 4_096 - body.utf8.count)
            let overLimit = atLimit + " "
            let over = try await api.post("/v1/invoices", overLimit)
            #expect(over.status == 413 && over.problemCode == "payload_too_large")
            try await expectNothingWritten(api)
            #expect(try await api.post("/v1/invoices", atLimit).status == 201)
        }
    }

    @Test func theDefaultBodyLimitIsOneMebibyte() async throws {
        try await APIHarness.run { api in
            let big = #"{"name": ""# + String(repeating: "a", count: 1 << 20) + #""}"#
            let response = try await api.post("/v1/buyers", big)
            #expect(response.status == 413)
        }
    }

    @Test func jsonNestedBeyondTheDepthLimitIs400AndAtTheLimitParses() async throws {
        try await APIHarness.run { api in
            func nested(_ depth: Int) -> String {
                // The body object is level 1; `x` adds depth - 1 more levels.
                #"{"x": "# + String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1) + "}"
            }
            let tooDeep = try await api.post("/v1/buyers", nested(JSONLimits.default.depthMax + 1))
            #expect(tooDeep.status == 400 && tooDeep.json["detail"]?.stringValue?.contains("deeper than 32") == true)
            let atLimit = try await api.post("/v1/buyers", nested(JSONLimits.default.depthMax))
            // It parses; then the unknown member `x` is what is wrong with it.
            #expect(atLimit.status == 422 && atLimit.fieldErrors.contains("x"))
        }
    }

    @Test func tooManyLinesIs422AndTheMaximumIsAccepted() async throws {
        try await APIHarness.run { api in
            let buyer = try await api.createBuyer()
            func lines(_ count: Int) -> String {
                "[" + Array(repeating: #"{"description": "Bolt", "unit_amount": 10}"#, count: count).joined(separator: ",") + "]"
            }
            let tooMany = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-1", lines: lines(InvoiceLimits.linesMax + 1)))
            #expect(tooMany.status == 422 && tooMany.fieldErrors == ["lines"] && tooMany.rules == ["max_items"])
            try await expectNothingWritten(api)
            let maximum = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-1", lines: lines(InvoiceLimits.linesMax)))
            #expect(maximum.status == 201 && maximum.json["subtotal"] == .int(5_000))
        }
    }

    @Test func aBodyThatIsNotJSONIs415() async throws {
        try await APIHarness.run { api in
            let form = try await api.request(.post, "/v1/buyers", json: "name=Northwind", idempotencyKey: "k", contentType: "application/x-www-form-urlencoded")
            #expect(form.status == 415 && form.problemCode == "unsupported_media_type")
            let none = try await api.request(.post, "/v1/buyers", json: APIHarness.buyerJSON, idempotencyKey: "k2", contentType: nil)
            #expect(none.status == 415)
        }
    }

    @Test func aBodyThatIsNotAnObjectIs422() async throws {
        try await APIHarness.run { api in
            let response = try await api.post("/v1/buyers", "[1, 2, 3]")
            #expect(response.status == 422 && response.fieldErrors == ["body"])
        }
    }
}
