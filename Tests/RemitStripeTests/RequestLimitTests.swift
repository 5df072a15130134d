import RemitCore
import RemitRails
import Testing

/// Every documented limit is checked before sending, at its edge.
@Suite struct RequestLimitTests {
    let limits = StripeLimits()

    func params(amount: Int64 = 5_000, metadata: [String: String] = [:], suffix: String? = nil, description: String? = nil,
                paymentMethod: String = "pm_card_visa") -> PaymentIntentCreateParams {
        PaymentIntentCreateParams(amount: Money(minorUnits: amount, currency: .usd), paymentMethod: paymentMethod, description: description,
                                  metadata: metadata, statementDescriptorSuffix: suffix)
    }

    func refusal(_ params: PaymentIntentCreateParams) -> StripeError? {
        do throws(StripeError) {
            try params.validate(limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test func metadataAllowsFiftyKeysAndRefusesFiftyOne() {
        let fifty = Dictionary(uniqueKeysWithValues: (0..<50).map { ("k\($0)", "v") })
        #expect(refusal(params(metadata: fifty)) == nil)
        var fiftyOne = fifty
        fiftyOne["k50"] = "v"
        #expect(refusal(params(metadata: fiftyOne))?.param == "metadata")
    }

    @Test func metadataKeysMayHaveFortyCharactersAndNoBrackets() {
        #expect(refusal(params(metadata: [String(repeating: "k", count: 40): "v"])) == nil)
        #expect(refusal(params(metadata: [String(repeating: "k", count: 41): "v"]))?.code == .invalidParameter)
        #expect(refusal(params(metadata: ["a[b]": "v"]))?.param == "metadata")
        #expect(refusal(params(metadata: ["": "v"]))?.param == "metadata")
    }

    @Test func metadataValuesMayHaveFiveHundredCharacters() {
        #expect(refusal(params(metadata: ["po_number": String(repeating: "x", count: 500)])) == nil)
        #expect(refusal(params(metadata: ["po_number": String(repeating: "x", count: 501)]))?.param == "metadata[po_number]")
    }

    @Test func amountsArePositiveWithAtMostEightDigits() {
        #expect(refusal(params(amount: 1)) == nil)
        #expect(refusal(params(amount: 99_999_999)) == nil)
        #expect(refusal(params(amount: 100_000_000))?.param == "amount")
        #expect(refusal(params(amount: 0))?.param == "amount")
        #expect(refusal(params(amount: -5))?.param == "amount")
    }

    @Test func statementDescriptorSuffixHasTwentyTwoCharactersWithALetterAndNoForbiddenOnes() {
        #expect(refusal(params(suffix: String(repeating: "A", count: 22))) == nil)
        #expect(refusal(params(suffix: String(repeating: "A", count: 23)))?.param == "statement_descriptor_suffix")
        #expect(refusal(params(suffix: "12345"))?.param == "statement_descriptor_suffix")
        #expect(refusal(params(suffix: "INV<1>"))?.param == "statement_descriptor_suffix")
    }

    @Test func descriptionsHaveAtMostOneThousandCharacters() {
        #expect(refusal(params(description: String(repeating: "d", count: 1_000))) == nil)
        #expect(refusal(params(description: String(repeating: "d", count: 1_001)))?.param == "description")
    }

    @Test func idsMustBeStripeIds() {
        #expect(refusal(params(paymentMethod: "pm_card_visa")) == nil)
        #expect(refusal(params(paymentMethod: "../v1/charges"))?.param == "payment_method")
        #expect(refusal(params(paymentMethod: ""))?.param == "payment_method")
    }

    @Test func remitMethodsMapToStripeTypes() {
        #expect(StripePaymentMethodType(PaymentMethod.card) == .card)
        #expect(StripePaymentMethodType(PaymentMethod.achDebit) == .usBankAccount)
        #expect(StripePaymentMethodType(PaymentMethod.wire) == nil)
        #expect(StripePaymentMethodType.excluding(hidden: [.achDebit, .wire, .netTerms, .achDebit]) == [.usBankAccount])
        #expect(StripePaymentMethodType(rawValue: "klarna") != nil)
        #expect(StripePaymentMethodType(rawValue: "cheque") == nil)
    }

    @Test func theRailRefusesMethodsStripeDoesNotCarryOrThePolicyExcludes() {
        func refusal(_ instruction: SettlementInstruction, _ context: StripeChargeContext) -> StripeError? {
            do throws(StripeError) {
                _ = try StripeRail.params(for: instruction, context: context)
                return nil
            } catch {
                return error
            }
        }
        #expect(refusal(instruction(method: .wire), cardContext())?.code == .methodNotSupported)
        #expect(refusal(instruction(method: .card), cardContext(hidden: [.card]))?.code == .methodExcluded)
        #expect(refusal(instruction(currency: .eur, method: .achDebit), cardContext(paymentMethod: "pm_usBankAccount_success"))?.param == "currency")
        #expect(refusal(instruction(method: .card), cardContext(paymentMethod: ""))?.code == .paymentMethodMissing)
    }

    @Test func theRailCarriesTheInvoiceThePaymentAndTheBuyersReferencesInMetadata() throws {
        let params = try StripeRail.params(for: instruction(7), context: cardContext(hidden: [.achDebit],
                                                                                     metadata: ["po_number": "PO-77", "invoice_number": "INV-1007"]))
        #expect(params.metadata == ["invoice_id": "inv_7", "buyer_id": "buy_1", "run_id": "run_7", "payment_id": "pay_test7",
                                    "po_number": "PO-77", "invoice_number": "INV-1007"])
        #expect(params.excludedPaymentMethodTypes == [.usBankAccount])
        #expect(params.description == "Invoice INV-1007")
        #expect(params.statementDescriptorSuffix == "INV 1001")
        let ach = try StripeRail.params(for: instruction(method: .achDebit), context: cardContext(paymentMethod: "pm_usBankAccount_success"))
        #expect(ach.statementDescriptorSuffix == nil)
    }

    @Test func theConfigurationNeverShowsItsSecrets() {
        let configuration = StripeConfiguration(secretKey: "sk_test_51Hsecretsecretsecret4242", webhookSigningSecrets: ["whsec_abcdefghijklmnop9876"])
        #expect(!configuration.description.contains("secretsecret"))
        #expect(configuration.description.contains("sk_test_…4242"))
        #expect(configuration.description.contains("whsec_abcdefghijklmnop9876") == false)
    }
}
