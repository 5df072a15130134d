import RemitCore
import RemitPolicy
import Testing

/// Signal bodies: each known type's payload is checked, an unknown type passes as ignored.
@Suite struct SignalTests {
    static func body(_ type: String, _ data: String) throws -> JSONValue {
        try JSONParser.parse(#"{"type": "\#(type)", "timestamp": "2026-11-29T10:00:00Z", "data": \#(data)}"#)
    }

    static func fields(_ type: String, _ data: String) throws -> [String] {
        do {
            _ = try Signal.parse(try body(type, data))
            return []
        } catch let error as RemitError {
            return error.fieldErrors.map(\.field)
        }
    }

    @Test func everyKnownTypeAcceptsItsDocumentedPayloadAndKeepsExtraMembers() throws {
        let valid: [(SignalType, String)] = [
            (.purchaseOrderCreated, #"{"buyer_id": "buy_1", "po_number": "PO-7", "amount": 125000, "currency": "USD", "erp_ref": 9}"#),
            (.purchaseOrderApproved, #"{"buyer_id": "buy_1", "po_number": "PO-7"}"#),
            (.purchaseOrderClosed, #"{"buyer_id": "buy_1", "po_number": "PO-7"}"#),
            (.goodsReceived, #"{"buyer_id": "buy_1", "po_number": "PO-7", "received_on": "2026-11-28"}"#),
            (.inventoryAllocated, #"{"buyer_id": "buy_1", "sku": "SKU-1", "quantity": 40}"#),
            (.budgetApproved, #"{"buyer_id": "buy_1", "department": "ENG", "period": "2026-11", "amount": 5000000}"#),
            (.budgetUpdated, #"{"buyer_id": "buy_1", "department": "ENG", "period": "2026-12", "amount": 0}"#),
            (.creditTermsUpdated, #"{"buyer_id": "buy_1", "net_days": 60, "credit_limit": 90000000}"#),
        ]
        #expect(Set(valid.map(\.0)) == Set(SignalType.allCases))
        for (type, data) in valid {
            let signal = try Signal.parse(try Self.body(type.rawValue, data))
            #expect(signal.type == type && signal.isKnown && signal.buyerID == "buy_1")
        }
        #expect(try Signal.parse(try Self.body("purchase_order.created", valid[0].1)).data["erp_ref"] == .int(9))
    }

    @Test func badPayloadsNameTheirFields() throws {
        #expect(try Self.fields("purchase_order.created", #"{"buyer_id": "buy_1", "po_number": "PO-7", "amount": -1, "currency": "XXY"}"#)
                == ["data.amount", "data.currency"])
        #expect(try Self.fields("purchase_order.approved", #"{"po_number": "PO-7"}"#) == ["data.buyer_id"])
        #expect(try Self.fields("inventory.allocated", #"{"buyer_id": "b", "sku": "S", "quantity": 0}"#) == ["data.quantity"])
        #expect(try Self.fields("budget.updated", #"{"buyer_id": "b", "department": "ENG", "period": "2026-13", "amount": 1}"#) == ["data.period"])
        #expect(try Self.fields("budget.updated", #"{"buyer_id": "b", "department": "ENG", "period": "2026-Q5", "amount": 1}"#) == ["data.period"])
        for period in ["2026-Q4", "2026", "2026-01"] {
            #expect(try Self.fields("budget.approved", #"{"buyer_id": "b", "department": "ENG", "period": "\#(period)", "amount": 1}"#).isEmpty)
        }
        #expect(try Self.fields("credit_terms.updated", #"{"buyer_id": "b", "net_days": 366, "credit_limit": 1}"#) == ["data.net_days"])
        #expect(try Self.fields("goods.received", #"{"buyer_id": "b", "po_number": "P", "received_on": "yesterday"}"#) == ["data.received_on"])
        #expect(try Self.fields("purchase_order.closed", #"[1]"#) == ["data"])
    }

    @Test func anUnknownTypeIsKeptUnappliedButItsEnvelopeIsStillChecked() throws {
        let signal = try Signal.parse(try Self.body("shipment.delayed", #"{"anything": true}"#))
        #expect(!signal.isKnown && signal.typeName == "shipment.delayed")
        #expect(try Self.fields("shipment.delayed", #""text""#) == ["data"])
        #expect(throws: RemitError.self) { try Signal.parse(try JSONParser.parse(#"{"type": "goods.received", "data": {}, "extra": 1}"#)) }
        #expect(throws: RemitError.self) { try Signal.parse(try JSONParser.parse(#"{"data": {}}"#)) }
    }
}
