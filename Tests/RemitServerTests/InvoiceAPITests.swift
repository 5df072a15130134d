import RemitCore
import Testing

@Suite struct InvoiceAPITests {
    @Test func theServerComputesTotalsAndTheDueDateFromTheBuyersTerms() async throws {
        try await APIHarness.run { api in
            let buyer = try await api.createBuyer()
            let lines = #"[{"description": "Consulting", "quantity": 3, "unit_amount": 125005, "gl_code": "6100"}, {"description": "Travel", "unit_amount": 1999}]"#
            let created = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-1", lines: lines, extra: #", "tax_rate_bps": 825"#))
            #expect(created.status == 201)
            let invoice = created.json
            // 3 × 1,250.05 = 3,750.15; 8.25% per line rounds half-even: 309.387… → 309.39, 1.649… → 1.65.
            #expect(invoice["subtotal"] == .int(377_014))
            #expect(invoice["tax_amount"] == .int(30_939 + 165))
            #expect(invoice["total"] == .int(377_014 + 31_104))
            #expect(invoice["amount_remaining"] == invoice["total"])
            #expect(invoice["due_date"] == .string("2027-01-28"))
            #expect(invoice["status"] == .string("open"))
            #expect(invoice["lines"].map { if case let .array(items) = $0 { items.count } else { 0 } } == 2)
        }
    }

    @Test func totalsSentByTheClientAreRefusedNotTrusted() async throws {
        try await APIHarness.run { api in
            let buyer = try await api.createBuyer()
            let response = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-1", extra: #", "total": 1"#))
            #expect(response.status == 422 && response.fieldErrors == ["total"] && response.rules == ["unknown_field"])
            #expect(try await api.invoiceCount() == 0)
        }
    }

    @Test func anExplicitDueDateWinsAndMayNotPrecedeTheIssueDate() async throws {
        try await APIHarness.run { api in
            let buyer = try await api.createBuyer()
            let explicit = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-1", extra: #", "due_date": "2026-12-15""#))
            #expect(explicit.json["due_date"] == .string("2026-12-15"))
            let backwards = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-2", extra: #", "due_date": "2026-11-01""#))
            #expect(backwards.status == 422 && backwards.fieldErrors == ["due_date"])
        }
    }

    @Test func invoiceNumbersAreUniquePerTenant() async throws {
        try await APIHarness.run { api in
            let buyer = try await api.createBuyer()
            #expect(try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-1")).status == 201)
            let again = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-1"))
            #expect(again.status == 409 && again.fieldErrors == ["number"])
            #expect(try await api.invoiceCount() == 1)
        }
    }

    @Test(arguments: [
        (#"{"cost_center": "CC-104"}"#, nil, nil),
        ("{}", "custom_fields.cost_center", "required"),
        (#"{"cost_center": "CC-1"}"#, "custom_fields.cost_center", "pattern"),
        (#"{"cost_center": "CC-1044"}"#, "custom_fields.cost_center", "max_length"),
        (#"{"cost_center": 104}"#, "custom_fields.cost_center", "type"),
        (#"{"cost_center": "CC-104", "headcount": 12}"#, nil, nil),
        (#"{"cost_center": "CC-104", "headcount": 1.5}"#, "custom_fields.headcount", "type"),
        (#"{"cost_center": "CC-104", "headcount": "12"}"#, "custom_fields.headcount", "type"),
        (#"{"cost_center": "CC-104", "fx_rate": "1.0825"}"#, nil, nil),
        (#"{"cost_center": "CC-104", "fx_rate": 1.0825}"#, nil, nil),
        (#"{"cost_center": "CC-104", "fx_rate": "1,08"}"#, "custom_fields.fx_rate", "type"),
        (#"{"cost_center": "CC-104", "fx_rate": 1e3}"#, "custom_fields.fx_rate", "type"),
        (#"{"cost_center": "CC-104", "service_date": "2026-11-30"}"#, nil, nil),
        (#"{"cost_center": "CC-104", "service_date": "2026-02-30"}"#, "custom_fields.service_date", "format"),
        (#"{"cost_center": "CC-104", "region": "emea"}"#, nil, nil),
        (#"{"cost_center": "CC-104", "region": "apac"}"#, "custom_fields.region", "enum"),
        (#"{"cost_center": "CC-104", "capex": true}"#, nil, nil),
        (#"{"cost_center": "CC-104", "capex": "yes"}"#, "custom_fields.capex", "type"),
        (#"{"cost_center": "CC-104", "gl_account": "6100"}"#, "custom_fields.gl_account", "unknown_field"),
        (#"{"cost_center": "CC-104", "nickname": "x"}"#, "custom_fields.nickname", "unknown_field"),
        (#"["CC-104"]"#, "custom_fields", "type"),
    ] as [(String, String?, String?)])
    func everyCustomFieldTypeIsValidatedOnWrite(_ fields: String, _ field: String?, _ rule: String?) async throws {
        try await APIHarness.run { api in
            let buyer = try await api.createBuyer()
            let response = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-1", customFields: fields))
            if let field, let rule {
                #expect(response.status == 422)
                #expect(response.fieldErrors == [field] && response.rules == [rule])
                #expect(try await api.invoiceCount() == 0)
            } else {
                #expect(response.status == 201, "\(response.text)")
            }
        }
    }

    @Test func decimalFieldsAreStoredExactlyAsStrings() async throws {
        try await APIHarness.run { api in
            let buyer = try await api.createBuyer()
            let response = try await api.post("/v1/invoices", APIHarness.invoiceJSON(
                buyer: buyer, number: "INV-1", customFields: #"{"cost_center": "CC-104", "fx_rate": 1.10000000000000000001}"#))
            #expect(response.json["custom_fields"]?["fx_rate"] == .string("1.10000000000000000001"))
        }
    }

    @Test func lineCustomFieldsAreValidatedWithTheirPath() async throws {
        try await APIHarness.run { api in
            let buyer = try await api.createBuyer()
            let lines = #"[{"description": "A", "unit_amount": 1, "custom_fields": {"gl_account": "6100"}}, {"description": "B", "unit_amount": 1, "custom_fields": {"cost_center": "CC-1"}}]"#
            let response = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-1", lines: lines))
            #expect(response.status == 422 && response.fieldErrors == ["lines[1].custom_fields.cost_center"] && response.rules == ["unknown_field"])
        }
    }

    @Test func aCardNumberInACustomFieldIsRefused() async throws {
        try await APIHarness.run { api in
            let buyer = try await api.createBuyer(APIHarness.buyerJSON.replacingOccurrences(of: #""max_length": 6"#, with: #""max_length": 60"#)
                .replacingOccurrences(of: #""pattern": "CC-[0-9]{3}", "#, with: ""))
            let response = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-1", customFields: #"{"cost_center": "4111 1111 1111 1111"}"#))
            #expect(response.status == 422 && response.rules == ["card_number"])
            #expect(!response.text.contains("4111"))
        }
    }

    @Test func invoicesFilterByCustomFieldStatusAndBuyer() async throws {
        try await APIHarness.run { api in
            let buyer = try await api.createBuyer()
            for (number, center) in [("INV-1", "CC-104"), ("INV-2", "CC-221"), ("INV-3", "CC-104")] {
                _ = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: number, customFields: #"{"cost_center": "\#(center)"}"#))
            }
            func numbers(_ query: String) async throws -> [String] {
                guard case let .array(items)? = try await api.get("/v1/invoices?\(query)").json["data"] else { return [] }
                return items.compactMap { $0["number"]?.stringValue }
            }
            #expect(try await numbers("fields.cost_center=CC-104") == ["INV-3", "INV-1"])
            #expect(try await numbers("fields.cost_center=CC-104&buyer_id=\(buyer)&status=open") == ["INV-3", "INV-1"])
            #expect(try await numbers("fields.cost_center=CC-999") == [])
            #expect(try await numbers("buyer_id=buy_someoneelse") == [])
            #expect(try await numbers("due_from=2027-01-28&due_to=2027-01-28&number=INV-2") == ["INV-2"])
            #expect(try await api.get("/v1/invoices?status=late").status == 400)
            #expect(try await api.get("/v1/invoices?due_from=tomorrow").status == 400)
        }
    }

    @Test func voidingAnOpenInvoiceWorksOnceAndThenConflicts() async throws {
        try await APIHarness.run { api in
            let buyer = try await api.createBuyer()
            let id = try #require(try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-1")).json["id"]?.stringValue)
            let voided = try await api.request(.post, "/v1/invoices/\(id)/void", idempotencyKey: "void-1")
            #expect(voided.status == 200 && voided.json["status"] == .string("void") && voided.json["voided_at"] != .null)
            let replay = try await api.request(.post, "/v1/invoices/\(id)/void", idempotencyKey: "void-1")
            #expect(replay.status == 200 && replay.body == voided.body && replay.header("Idempotent-Replayed") == "true")
            let again = try await api.request(.post, "/v1/invoices/\(id)/void", idempotencyKey: "void-2")
            #expect(again.status == 409 && again.problemCode == "conflict")
            #expect(try await api.get("/v1/invoices?status=void").json["data"].map { if case let .array(a) = $0 { a.count } else { 0 } } == 1)
        }
    }
}
