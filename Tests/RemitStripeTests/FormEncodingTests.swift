import RemitCore
import RemitRails
import Testing

@Suite struct FormEncodingTests {
    @Test func nestedValuesUseStripesBracketNotation() {
        let form = StripeForm([
            StripeFormField("amount", .string("1250")),
            StripeFormField("metadata", .dictionary([StripeFormField("invoice_id", .string("INV-1")), StripeFormField("po_number", .string("PO 7"))])),
            StripeFormField("payment_method_types", .list([.string("card"), .string("us_bank_account")])),
            StripeFormField("excluded_payment_method_types", .list([.string("us_bank_account")])),
        ])
        #expect(form.encoded == "amount=1250&metadata[invoice_id]=INV-1&metadata[po_number]=PO+7"
            + "&payment_method_types[0]=card&payment_method_types[1]=us_bank_account&excluded_payment_method_types[0]=us_bank_account")
        #expect(form.pairs.map(\.name) == ["amount", "metadata[invoice_id]", "metadata[po_number]", "payment_method_types[0]",
                                           "payment_method_types[1]", "excluded_payment_method_types[0]"])
        #expect(form.pairs[2].value == "PO 7")
    }

    @Test func valuesArePercentEncodedAsHTMLFormsAre() {
        #expect(StripeForm.encodeComponent("a b") == "a+b")
        #expect(StripeForm.encodeComponent("a+b") == "a%2Bb")
        #expect(StripeForm.encodeComponent("x&y=z") == "x%26y%3Dz")
        #expect(StripeForm.encodeComponent("100%") == "100%25")
        #expect(StripeForm.encodeComponent("*-._") == "*-._")
        #expect(StripeForm.encodeComponent("~!'()") == "%7E%21%27%28%29")
        #expect(StripeForm.encodeComponent("line\nbreak") == "line%0Abreak")
        #expect(StripeForm.encodeComponent("Zürich") == "Z%C3%BCrich")
        #expect(StripeForm.encodeComponent("💶") == "%F0%9F%92%B6")
        #expect(StripeForm.encodeComponent("") == "")
    }

    @Test func bracketsInsideAKeyAreEncodedSoTheyCannotBeMistakenForStructure() {
        let form = StripeForm([StripeFormField("metadata", .dictionary([StripeFormField("a[b]", .string("[x]"))]))])
        #expect(form.encoded == "metadata[a%5Bb%5D]=%5Bx%5D")
    }

    @Test func emptyListsAndDictionariesSendNothingAndEmptyStringsSendAnEmptyValue() {
        let form = StripeForm([
            StripeFormField("excluded_payment_method_types", .list([])),
            StripeFormField("metadata", .dictionary([])),
            StripeFormField("description", .string("")),
        ])
        #expect(form.encoded == "description=")
    }

    @Test func deeperNestingKeepsEveryLevel() {
        let form = StripeForm([StripeFormField("mandate_data", .dictionary([
            StripeFormField("customer_acceptance", .dictionary([StripeFormField("type", .string("offline"))])),
        ]))])
        #expect(form.encoded == "mandate_data[customer_acceptance][type]=offline")
    }

    @Test func theSameParametersAlwaysEncodeToTheSameBytes() throws {
        var metadata: [String: String] = [:]
        for index in 0..<30 { metadata["key\(index)"] = "value \(index)" }
        let first = PaymentIntentCreateParams(amount: Money(minorUnits: 5_000, currency: .usd), paymentMethod: "pm_card_visa", metadata: metadata,
                                              excludedPaymentMethodTypes: [.usBankAccount, .card, .usBankAccount])
        var shuffled = first
        shuffled.metadata = Dictionary(uniqueKeysWithValues: metadata.shuffled().map { ($0.key, $0.value) })
        shuffled.excludedPaymentMethodTypes = [.card, .usBankAccount]
        #expect(first.form.encoded == shuffled.form.encoded)
        #expect(first.form.encoded.contains("excluded_payment_method_types[0]=card&excluded_payment_method_types[1]=us_bank_account"))
    }

    @Test func createParametersSendConfirmAmountInMinorUnitsAndLowercaseCurrency() {
        let params = PaymentIntentCreateParams(amount: Money(minorUnits: 125_000, currency: .jpy), paymentMethod: "pm_card_visa",
                                               customer: "cus_1", description: "Invoice INV-1", metadata: ["invoice_id": "inv_1"],
                                               statementDescriptorSuffix: "INV 1")
        #expect(params.form.encoded == "amount=125000&currency=jpy&confirm=true&payment_method=pm_card_visa&customer=cus_1"
            + "&description=Invoice+INV-1&automatic_payment_methods[enabled]=true&automatic_payment_methods[allow_redirects]=never"
            + "&metadata[invoice_id]=inv_1&off_session=true&statement_descriptor_suffix=INV+1")
    }
}
