import RemitCore
import RemitStripeSim
import Testing

/// The stand-in refuses what Stripe documents as refused, in Stripe's error shape.
@Suite struct StandInTests {
    @Test func anUndocumentedParameterIsRefusedByName() async throws {
        try await StripeHarness.withSim { sim in
            let answer = try await sim.postPaymentIntent(validBody("&payment_reference=INV-1"))
            #expect(answer.status == 400)
            #expect(answer.errorType == "invalid_request_error")
            #expect(answer.errorCode == "parameter_unknown")
            #expect(answer.errorParam == "payment_reference")
            #expect(answer.json["error"]?["message"]?.stringValue == "Received unknown parameter: payment_reference")
            let nested = try await sim.postPaymentIntent(validBody("&automatic_payment_methods[allow_redirect]=never"))
            #expect(nested.errorCode == "parameter_unknown")
            #expect(nested.errorParam == "automatic_payment_methods[allow_redirect]")
            #expect(await sim.state.paymentIntents().isEmpty)
        }
    }

    @Test func requestsNeedATestSecretKeyAsABearerToken() async throws {
        try await StripeHarness.withSim { sim in
            let missing = try await sim.postPaymentIntent(validBody(), key: nil)
            #expect(missing.status == 401)
            #expect(missing.errorType == "invalid_request_error")
            #expect(missing.json["error"]?["message"]?.stringValue?.hasPrefix("You did not provide an API key.") == true)
            let wrong = try await sim.postPaymentIntent(validBody(), key: "sk_test_not_the_key_abcd")
            #expect(wrong.status == 401)
            #expect(wrong.json["error"]?["message"]?.stringValue == "Invalid API Key provided: sk_test_****abcd")
            let live = try await sim.postPaymentIntent(validBody(), key: "sk_live_remit_harness_0001")
            #expect(live.status == 401)
            let ok = try await sim.postPaymentIntent(validBody())
            #expect(ok.status == 200)
        }
    }

    @Test func theBodyMustBeAForm() async throws {
        try await StripeHarness.withSim { sim in
            let json = try await sim.postPaymentIntent("{\"amount\":5000}", contentType: "application/json")
            #expect(json.status == 400)
            #expect(json.json["error"]?["message"]?.stringValue?.contains("application/x-www-form-urlencoded") == true)
            let badEscape = try await sim.postPaymentIntent(validBody("&description=100%"))
            #expect(badEscape.status == 400)
            let badBrackets = try await sim.postPaymentIntent(validBody("&metadata[a=b"))
            #expect(badBrackets.status == 400)
        }
    }

    @Test func amountsMustMeetTheCurrencysMinimumAndHaveAtMostEightDigits() async throws {
        try await StripeHarness.withSim { sim in
            #expect(try await sim.postPaymentIntent(validBody(amount: 50)).status == 200)
            let small = try await sim.postPaymentIntent(validBody(amount: 49))
            #expect(small.errorCode == "amount_too_small")
            #expect(small.errorParam == "amount")
            #expect(try await sim.postPaymentIntent(validBody(amount: 30, currency: "gbp")).status == 200)
            #expect(try await sim.postPaymentIntent(validBody(amount: 29, currency: "gbp")).errorCode == "amount_too_small")
            #expect(try await sim.postPaymentIntent(validBody(amount: 50, currency: "jpy")).status == 200)
            #expect(try await sim.postPaymentIntent(validBody(amount: 99_999_999)).status == 200)
            #expect(try await sim.postPaymentIntent(validBody(amount: 100_000_000)).errorCode == "amount_too_large")
            #expect(try await sim.postPaymentIntent("currency=usd").errorCode == "parameter_missing")
            #expect(try await sim.postPaymentIntent(validBody().replacingOccurrences(of: "amount=5000", with: "amount=50.00")).errorCode
                == "parameter_invalid_integer")
        }
    }

    @Test func currenciesAreThreeLowercaseLetters() async throws {
        try await StripeHarness.withSim { sim in
            for currency in ["USD", "us", "usdx", "u5d"] {
                let answer = try await sim.postPaymentIntent(validBody(currency: currency))
                #expect(answer.status == 400, "\(currency)")
                #expect(answer.errorParam == "currency")
            }
        }
    }

    @Test func metadataHasAtMostFiftyKeysOfFortyCharactersWithValuesOfFiveHundred() async throws {
        try await StripeHarness.withSim { sim in
            let fifty = (0..<50).map { "&metadata[k\($0)]=v" }.joined()
            #expect(try await sim.postPaymentIntent(validBody(fifty)).status == 200)
            let fiftyOne = try await sim.postPaymentIntent(validBody(fifty + "&metadata[k50]=v"))
            #expect(fiftyOne.status == 400)
            #expect(fiftyOne.errorParam == "metadata")
            let key40 = String(repeating: "k", count: 40)
            #expect(try await sim.postPaymentIntent(validBody("&metadata[\(key40)]=v")).status == 200)
            #expect(try await sim.postPaymentIntent(validBody("&metadata[\(key40)k]=v")).errorParam == "metadata[\(key40)k]")
            #expect(try await sim.postPaymentIntent(validBody("&metadata[po]=" + String(repeating: "x", count: 500))).status == 200)
            #expect(try await sim.postPaymentIntent(validBody("&metadata[po]=" + String(repeating: "x", count: 501))).errorParam == "metadata[po]")
        }
    }

    @Test func paymentMethodTypesMustBeDocumentedTypes() async throws {
        try await StripeHarness.withSim { sim in
            #expect(try await sim.postPaymentIntent(validBody("&excluded_payment_method_types[0]=us_bank_account")).status == 200)
            let unknown = try await sim.postPaymentIntent(validBody("&excluded_payment_method_types[0]=cheque"))
            #expect(unknown.status == 400)
            #expect(unknown.errorParam == "excluded_payment_method_types[0]")
            let typed = "amount=5000&currency=usd&confirm=true&payment_method=pm_card_visa&payment_method_types[0]=card"
            #expect(try await sim.postPaymentIntent(typed).status == 200)
            #expect(try await sim.postPaymentIntent(typed.replacingOccurrences(of: "=card", with: "=carte")).errorParam == "payment_method_types[0]")
            let both = try await sim.postPaymentIntent(typed + "&automatic_payment_methods[enabled]=true")
            #expect(both.errorCode == "parameters_exclusive")
            let excludedOwn = try await sim.postPaymentIntent(validBody("&excluded_payment_method_types[0]=card"))
            #expect(excludedOwn.errorParam == "payment_method")
        }
    }

    @Test func confirmingWithDynamicMethodsNeedsAReturnURLUnlessRedirectsAreRuledOut() async throws {
        try await StripeHarness.withSim { sim in
            let redirecting = try await sim.postPaymentIntent("amount=5000&currency=usd&confirm=true&payment_method=pm_card_visa")
            #expect(redirecting.errorParam == "return_url")
            let offSessionUnconfirmed = try await sim.postPaymentIntent("amount=5000&currency=usd&off_session=true")
            #expect(offSessionUnconfirmed.errorParam == "off_session")
            let unknownMethod = try await sim.postPaymentIntent(validBody().replacingOccurrences(of: "pm_card_visa", with: "pm_nothing"))
            #expect(unknownMethod.errorCode == "resource_missing")
        }
    }

    @Test func theSameKeyReplaysTheFirstAnswerAndOtherParametersAreRefused() async throws {
        try await StripeHarness.withSim { sim in
            let first = try await sim.postPaymentIntent(validBody("&metadata[a]=1&metadata[b]=2"), idempotencyKey: "key-1")
            #expect(first.status == 200)
            #expect(first.headers["idempotent-replayed"] == nil)
            // The same parameters in another order are the same request.
            let replay = try await sim.postPaymentIntent(validBody("&metadata[b]=2&metadata[a]=1"), idempotencyKey: "key-1")
            #expect(replay.status == 200)
            #expect(replay.headers["idempotent-replayed"] == "true")
            #expect(replay.json == first.json)
            let other = try await sim.postPaymentIntent(validBody("&metadata[a]=1&metadata[b]=3"), idempotencyKey: "key-1")
            #expect(other.status == 400)
            #expect(other.errorType == "idempotency_error")
            #expect(await sim.state.paymentIntents().count == 1)
        }
    }

    @Test func idempotencyKeysHaveAtMost255Characters() async throws {
        try await StripeHarness.withSim { sim in
            #expect(try await sim.postPaymentIntent(validBody(), idempotencyKey: String(repeating: "k", count: 255)).status == 200)
            let long = try await sim.postPaymentIntent(validBody(), idempotencyKey: String(repeating: "k", count: 256))
            #expect(long.status == 400)
            #expect(long.json["error"]?["message"]?.stringValue?.contains("255") == true)
        }
    }

    @Test func aValidationFailureIsNotKeptUnderItsKey() async throws {
        try await StripeHarness.withSim { sim in
            let refused = try await sim.postPaymentIntent(validBody(amount: 10), idempotencyKey: "key-2")
            #expect(refused.status == 400)
            let accepted = try await sim.postPaymentIntent(validBody(amount: 5_000), idempotencyKey: "key-2")
            #expect(accepted.status == 200)
        }
    }

    @Test func retrievingNeedsAKnownIntentAndOnlyExpandParameters() async throws {
        try await StripeHarness.withSim { sim in
            let created = try await sim.postPaymentIntent(validBody())
            let id = try #require(created.json["id"]?.stringValue)
            let auth = ["Authorization": "Bearer \(StripeHarness.secretKey)"]
            #expect(try await sim.send("/v1/payment_intents/\(id)", method: .GET, headers: auth, body: nil).json["status"] == .string("succeeded"))
            let expanded = try await sim.send("/v1/payment_intents/\(id)?expand[]=latest_charge", method: .GET, headers: auth, body: nil)
            #expect(expanded.status == 200, "\(expanded.json)")
            let unknown = try await sim.send("/v1/payment_intents/\(id)?colour=blue", method: .GET, headers: auth, body: nil)
            #expect(unknown.errorCode == "parameter_unknown")
            let missing = try await sim.send("/v1/payment_intents/pi_missing", method: .GET, headers: auth, body: nil)
            #expect(missing.status == 404)
            #expect(missing.errorCode == "resource_missing")
            #expect(try await sim.send("/v1/payment_intents/\(id)", method: .GET, headers: [:], body: nil).status == 401)
            #expect(try await sim.send("/v1/charges", method: .GET, headers: auth, body: nil).status == 404)
        }
    }

    @Test func descriptionsAndStatementDescriptorSuffixesAreBounded() async throws {
        try await StripeHarness.withSim { sim in
            #expect(try await sim.postPaymentIntent(validBody("&description=" + String(repeating: "d", count: 1_000))).status == 200)
            #expect(try await sim.postPaymentIntent(validBody("&description=" + String(repeating: "d", count: 1_001))).errorParam == "description")
            #expect(try await sim.postPaymentIntent(validBody("&statement_descriptor_suffix=" + String(repeating: "A", count: 22))).status == 200)
            let long = try await sim.postPaymentIntent(validBody("&statement_descriptor_suffix=" + String(repeating: "A", count: 23)))
            #expect(long.errorParam == "statement_descriptor_suffix")
            #expect(try await sim.postPaymentIntent(validBody("&statement_descriptor_suffix=INV%2A1")).errorParam == "statement_descriptor_suffix")
        }
    }

    @Test func bodiesAreBoundedAndOnlyTheLatestRequestsAreKept() async throws {
        var configuration = StripeHarness.configuration()
        configuration.limits.requestBodyBytesMax = validBody().utf8.count
        configuration.limits.recordedRequestsMax = 2
        try await StripeHarness.withSim(configuration) { sim in
            #expect(try await sim.postPaymentIntent(validBody()).status == 200)
            let large = try await sim.postPaymentIntent(validBody() + "&")
            #expect(large.status == 400)
            #expect(large.json["error"]?["message"]?.stringValue?.contains("larger than") == true)
            _ = try await sim.postPaymentIntent(validBody(amount: 6_000))
            _ = try await sim.postPaymentIntent(validBody(amount: 7_000))
            #expect(await sim.state.recordedRequests().map { $0.parameter("amount") } == ["6000", "7000"])
        }
    }
}
