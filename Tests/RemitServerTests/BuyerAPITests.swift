import RemitCore
import Testing

@Suite struct BuyerAPITests {
    @Test func creatingABuyerReturnsItWithALocationAndItReadsBackTheSame() async throws {
        try await APIHarness.run { api in
            let created = try await api.post("/v1/buyers", APIHarness.buyerJSON)
            #expect(created.status == 201)
            let id = try #require(created.json["id"]?.stringValue)
            #expect(id.hasPrefix("buy_"))
            #expect(created.header("Location") == "/v1/buyers/\(id)")
            #expect(created.json["credit_terms"]?["net_days"] == .int(60))
            #expect(created.json["credit_terms"]?["early_payment_discount"]?["discount_bps"] == .int(200))
            let fetched = try await api.get("/v1/buyers/\(id)")
            #expect(fetched.status == 200 && fetched.body == created.body)
        }
    }

    @Test func patchMergesIntoTheBuyerAndKeepsWhatItDoesNotMention() async throws {
        try await APIHarness.run { api in
            let id = try await api.createBuyer()
            let patched = try await api.request(.patch, "/v1/buyers/\(id)", json: #"{"credit_terms": {"net_days": 30, "early_payment_discount": null}, "industry": null}"#,
                                                contentType: "application/merge-patch+json")
            #expect(patched.status == 200)
            #expect(patched.json["credit_terms"]?["net_days"] == .int(30))
            #expect(patched.json["credit_terms"]?["credit_limit"] == .int(25_000_000))
            #expect(patched.json["credit_terms"]?["early_payment_discount"] == .null)
            #expect(patched.json["industry"] == .null)
            #expect(patched.json["name"] == .string("Northwind Traders"))
            #expect(try await api.get("/v1/buyers/\(id)").body == patched.body)
        }
    }

    @Test func anInvalidPatchAnswers422AndChangesNothing() async throws {
        try await APIHarness.run { api in
            let id = try await api.createBuyer()
            let before = try await api.get("/v1/buyers/\(id)")
            let bad = try await api.request(.patch, "/v1/buyers/\(id)", json: #"{"name": "Renamed", "country": "XX", "credit_terms": {"net_days": 400}}"#)
            #expect(bad.status == 422)
            #expect(Set(bad.fieldErrors) == ["country", "credit_terms.net_days"])
            #expect(try await api.get("/v1/buyers/\(id)").body == before.body)
            let readOnly = try await api.request(.patch, "/v1/buyers/\(id)", json: #"{"id": "buy_other"}"#)
            #expect(readOnly.status == 422 && readOnly.rules == ["unknown_field"])
        }
    }

    @Test func buyersListWithFiltersAndCursorPagination() async throws {
        try await APIHarness.run { api in
            for (name, country) in [("A", "US"), ("B", "DE"), ("C", "US"), ("D", "US")] {
                _ = try await api.createBuyer(APIHarness.buyerJSON.replacingOccurrences(of: "Northwind Traders", with: name)
                    .replacingOccurrences(of: #""country": "US""#, with: #""country": "\#(country)""#))
            }
            let first = try await api.get("/v1/buyers?country=US&limit=2")
            #expect(first.json["data"].map(names) == ["D", "C"])
            #expect(first.json["has_more"] == .bool(true))
            let cursor = try #require(first.json["next_cursor"]?.stringValue)
            let second = try await api.get("/v1/buyers?country=US&limit=2&cursor=\(cursor)")
            #expect(second.json["data"].map(names) == ["A"])
            #expect(second.json["has_more"] == .bool(false) && second.json["next_cursor"] == .null)
            let badLimit = try await api.get("/v1/buyers?limit=101")
            #expect(badLimit.status == 400 && badLimit.fieldErrors == ["limit"])
            let badCursor = try await api.get("/v1/buyers?cursor=nonsense")
            #expect(badCursor.status == 400 && badCursor.fieldErrors == ["cursor"])
            let unknown = try await api.get("/v1/buyers?contry=US")
            #expect(unknown.status == 400 && unknown.rules == ["unknown_parameter"])
        }
    }

    private func names(_ data: JSONValue) -> [String] {
        guard case let .array(items) = data else { return [] }
        return items.compactMap { $0["name"]?.stringValue }
    }

    @Test func theTenantDefaultSchemaAppliesToEveryBuyerAndABuyerFieldOverridesIt() async throws {
        try await APIHarness.run { api in
            let put = try await api.request(.put, "/v1/custom_field_schema", json: """
            {"fields": [{"key": "project", "label": "Project", "type": "string", "required": true, "pattern": "PRJ-[0-9]{4}"},
                        {"key": "region", "label": "Region", "type": "string"}]}
            """)
            #expect(put.status == 200)
            #expect(try await api.get("/v1/custom_field_schema").body == put.body)
            let buyer = try await api.createBuyer()
            let missing = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-1"))
            #expect(missing.status == 422 && missing.fieldErrors == ["custom_fields.project"] && missing.rules == ["required"])
            // The buyer's own enum field named `region` replaces the tenant's free-text one.
            let wrongRegion = try await api.post("/v1/invoices", APIHarness.invoiceJSON(
                buyer: buyer, number: "INV-1", customFields: #"{"cost_center": "CC-104", "project": "PRJ-0001", "region": "apac"}"#))
            #expect(wrongRegion.status == 422 && wrongRegion.fieldErrors == ["custom_fields.region"] && wrongRegion.rules == ["enum"])
            let ok = try await api.post("/v1/invoices", APIHarness.invoiceJSON(
                buyer: buyer, number: "INV-1", customFields: #"{"cost_center": "CC-104", "project": "PRJ-0001", "region": "emea"}"#))
            #expect(ok.status == 201)
            let badSchema = try await api.request(.put, "/v1/custom_field_schema", json: #"{"fields": [{"key": "Bad Key", "type": "colour"}]}"#)
            #expect(badSchema.status == 422 && Set(badSchema.fieldErrors) == ["fields[0].key", "fields[0].type"])
        }
    }
}
