import RemitCore
import Testing

@testable import RemitWorkflow

private let context = json("""
{"invoice": {"number": "INV-7", "lines": [{"description": "Bolts"}], "memo": "<!channel> & pay now", "po_number": null},
 "payment": {"id": "pay_1", "amount": 7500000, "rush": true, "tags": ["a", "b"]},
 "buyer": {"name": "Acme"}, "run": {"id": "run_1"}}
""")

@Suite struct MessageTemplateTests {
    @Test func variablesAreReplacedByTheirValues() throws {
        let template = try MessageTemplate(parsing: "Payment {{payment.id}} of {{ payment.amount }} for {{buyer.name}} ({{invoice.number}})")
        #expect(template.render(context) == RenderedMessage(text: "Payment pay_1 of 7500000 for Acme (INV-7)"))
    }

    @Test func arrayIndexesBooleansAndContainersRender() throws {
        let template = try MessageTemplate(parsing: "{{invoice.lines.0.description}} {{payment.rush}} {{payment.tags}}")
        #expect(template.render(context).text == "Bolts true [\"a\",\"b\"]")
    }

    @Test func aMissingOrNullValueRendersEmptyAndIsReported() throws {
        let template = try MessageTemplate(parsing: "PO {{invoice.po_number}}, cost {{context.cost_center}}, again {{invoice.po_number}}, line {{invoice.lines.5}}")
        let rendered = template.render(context)
        #expect(rendered.text == "PO , cost , again , line ")
        #expect(rendered.missingVariables == ["invoice.po_number", "context.cost_center", "invoice.lines.5"])
    }

    @Test func anUnknownRootIsRefusedWhenParsing() {
        let error = #expect(throws: WorkflowError.self) { try MessageTemplate(parsing: "Hi {{customer.name}}") }
        #expect(error?.code == .templateVariable)
        #expect(error?.message.contains("approval, buyer, context, invoice, payment, run") == true)
    }

    @Test func everyAllowedRootIsAccepted() throws {
        for root in ["invoice", "buyer", "payment", "context", "approval", "run"] {
            #expect(try MessageTemplate(parsing: "{{\(root).x}}").variables == ["\(root).x"])
        }
    }

    @Test func malformedVariablesAreRefused() {
        for text in ["{{payment.amount", "{{}}", "{{ }}", "{{payment..amount}}", "{{payment.amount-1}}", "{{payment amount}}"] {
            let error = #expect(throws: WorkflowError.self, "\(text)") { try MessageTemplate(parsing: text) }
            #expect(error?.code == .templateSyntax, "\(text)")
        }
    }

    @Test func textWithoutVariablesAndStrayClosingBracesStaysAsWritten() throws {
        #expect(try MessageTemplate(parsing: "no variables }} here").render(context).text == "no variables }} here")
        #expect(try MessageTemplate(parsing: "").render(context).text == "")
    }

    @Test func variablesAreListedOnceInOrderOfFirstUse() throws {
        let template = try MessageTemplate(parsing: "{{payment.id}} {{invoice.number}} {{payment.id}}")
        #expect(template.variables == ["payment.id", "invoice.number"])
    }

    @Test func slackEscapingNeutralisesValuesButNotTheTemplateItself() throws {
        let template = try MessageTemplate(parsing: "<https://remit.dev/p/{{payment.id}}|Open> memo: {{invoice.memo}}")
        #expect(template.render(context, escaping: .slack).text
            == "<https://remit.dev/p/pay_1|Open> memo: &lt;!channel&gt; &amp; pay now")
        #expect(template.render(context).text == "<https://remit.dev/p/pay_1|Open> memo: <!channel> & pay now")
    }

    @Test func theOutputIsCutAtItsLengthBound() throws {
        let template = try MessageTemplate(parsing: "{{invoice.memo}}{{invoice.memo}}{{invoice.memo}}")
        let rendered = template.render(context, lengthMax: 25)
        #expect(rendered.text.count == 25)
        #expect(rendered.truncated)
        #expect(!template.render(context).truncated)
    }
}

@Suite struct SlackMessageTests {
    @Test func aPlainMessageIsATextMember() {
        #expect(JSONWriter.string(SlackMessage.payload(text: "Approve \"INV-7\"")) == #"{"text":"Approve \"INV-7\""}"#)
    }

    @Test func blocksFollowTheFallbackText() {
        let payload = SlackMessage.payload(text: "fallback", blocks: [SlackMessage.section(markdown: "*Big* payment")])
        #expect(JSONWriter.string(payload)
            == #"{"text":"fallback","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"*Big* payment"}}]}"#)
    }

    @Test func noMoreBlocksThanSlackAcceptsAreSent() {
        let blocks = Array(repeating: SlackMessage.section(markdown: "x"), count: 60)
        guard case let .array(sent)? = SlackMessage.payload(text: "t", blocks: blocks)["blocks"] else {
            Issue.record("no blocks")
            return
        }
        #expect(sent.count == SlackMessage.blocksMax)
        #expect(SlackMessage.payload(text: "t", blocks: [])["blocks"] == nil)
    }
}
