/// A `POST /v1/payment_intents` body, checked against Stripe's documented parameters.
struct CreateRequest: Sendable {
    var amount: Int64
    var currency: String
    var confirm: Bool
    var paymentMethod: TestPaymentMethod?
    var customer: String?
    var description: String?
    var metadata: [(key: String, value: String)]
    var paymentMethodTypes: [String]?
    var excludedPaymentMethodTypes: [String]
    var automaticPaymentMethods: (enabled: Bool, allowRedirects: String)?
    var offSession: Bool
    var statementDescriptorSuffix: String?
    var returnURL: String?

    /// Every top-level parameter Stripe documents for creating a PaymentIntent.
    static let documentedParameters: Set<String> = [
        "amount", "currency", "amount_details", "application_fee_amount", "automatic_payment_methods", "capture_method", "confirm",
        "confirmation_method", "confirmation_token", "customer", "customer_account", "description", "error_on_requires_action",
        "excluded_payment_method_types", "expand", "hooks", "mandate", "mandate_data", "metadata", "off_session", "on_behalf_of",
        "payment_details", "payment_method", "payment_method_configuration", "payment_method_data", "payment_method_options",
        "payment_method_types", "radar_options", "receipt_email", "return_url", "setup_future_usage", "shipping",
        "statement_descriptor", "statement_descriptor_suffix", "transfer_data", "transfer_group", "use_stripe_sdk",
    ]

    /// Every payment method type Stripe documents for `payment_method_types` and `excluded_payment_method_types`.
    static let documentedTypes: Set<String> = [
        "acss_debit", "affirm", "afterpay_clearpay", "alipay", "alma", "amazon_pay", "au_becs_debit", "bacs_debit",
        "bancontact", "billie", "blik", "boleto", "card", "cashapp", "crypto", "customer_balance", "eps", "fpx",
        "giropay", "grabpay", "ideal", "kakao_pay", "klarna", "konbini", "kr_card", "mb_way", "mobilepay", "multibanco",
        "naver_pay", "nz_bank_account", "oxxo", "p24", "pay_by_bank", "payco", "paynow", "paypal", "pix", "promptpay",
        "revolut_pay", "samsung_pay", "satispay", "sepa_debit", "sofort", "swish", "twint", "us_bank_account",
        "wechat_pay", "zip",
    ]

    /// Checks `form` and reads it.
    ///
    /// - Throws: a 400 ``StripeSimError`` naming the first parameter at fault.
    static func parse(_ form: FormBody, limits: StripeSimLimits) throws(StripeSimError) -> CreateRequest {
        for parameter in form.parameters where !documentedParameters.contains(parameter.key) {
            throw StripeSimError.unknownParameter(parameter.key)
        }
        let currency = try currency(form["currency"])
        let amount = try amount(form["amount"], currency: currency, limits: limits)
        let confirm = try boolean(form["confirm"], param: "confirm") ?? false
        let offSession = try offSession(form["off_session"], confirm: confirm)
        var request = CreateRequest(
            amount: amount, currency: currency, confirm: confirm, paymentMethod: try paymentMethod(form["payment_method"]),
            customer: try customer(form["customer"]), description: try string(form["description"], param: "description"),
            metadata: try metadata(form["metadata"], limits: limits),
            paymentMethodTypes: try types(form["payment_method_types"], param: "payment_method_types"),
            excludedPaymentMethodTypes: try types(form["excluded_payment_method_types"], param: "excluded_payment_method_types") ?? [],
            automaticPaymentMethods: try automaticPaymentMethods(form["automatic_payment_methods"]), offSession: offSession,
            statementDescriptorSuffix: try string(form["statement_descriptor_suffix"], param: "statement_descriptor_suffix"),
            returnURL: try string(form["return_url"], param: "return_url"))
        if let description = request.description, description.count > limits.descriptionCharactersMax {
            throw StripeSimError.invalid("description can be at most \(limits.descriptionCharactersMax) characters.", param: "description")
        }
        if let suffix = request.statementDescriptorSuffix { try checkSuffix(suffix, limits: limits) }
        try checkCombination(&request)
        return request
    }

    private static func currency(_ node: FormBody.Node?) throws(StripeSimError) -> String {
        guard let node else { throw StripeSimError.missingParameter("currency") }
        guard let text = node.string, text.count == 3, text.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) }) else {
            throw StripeSimError.invalid("Invalid currency: \(node.string ?? "(hash)"). Currencies are three-letter ISO codes in lowercase, such as usd.",
                                         param: "currency")
        }
        return text
    }

    private static func amount(_ node: FormBody.Node?, currency: String, limits: StripeSimLimits) throws(StripeSimError) -> Int64 {
        guard let node else { throw StripeSimError.missingParameter("amount") }
        guard let text = node.string, !text.isEmpty, text.allSatisfy(\.isASCIIDigitOrMinus), let amount = Int64(text) else {
            throw StripeSimError.invalid("Invalid integer: \(node.string ?? "(hash)")", code: "parameter_invalid_integer", param: "amount")
        }
        let minimum = CurrencyMinimums.minimum(currency)
        guard amount >= minimum else {
            throw StripeSimError.invalid("Amount must be at least \(minimum) \(currency) minor units.", code: "amount_too_small", param: "amount")
        }
        guard amount <= limits.amountMinorUnitsMax else {
            throw StripeSimError.invalid("Amount must be no more than \(limits.amountMinorUnitsMax).", code: "amount_too_large", param: "amount")
        }
        return amount
    }

    static func boolean(_ node: FormBody.Node?, param: String) throws(StripeSimError) -> Bool? {
        guard let node else { return nil }
        switch node.string {
        case "true": return true
        case "false": return false
        default: throw StripeSimError.invalid("Invalid boolean: \(node.string ?? "(hash)")", param: param)
        }
    }

    private static func offSession(_ node: FormBody.Node?, confirm: Bool) throws(StripeSimError) -> Bool {
        guard let node else { return false }
        let value: Bool
        switch node.string {
        case "true", "one_off", "recurring": value = true
        case "false": value = false
        default: throw StripeSimError.invalid("off_session must be true, false, one_off or recurring.", param: "off_session")
        }
        if value, !confirm {
            throw StripeSimError.invalid("off_session can only be used when confirm=true.", param: "off_session")
        }
        return value
    }

    static func string(_ node: FormBody.Node?, param: String) throws(StripeSimError) -> String? {
        guard let node else { return nil }
        guard let text = node.string else { throw StripeSimError.invalid("Invalid string: \(param) must be a string, not a hash.", param: param) }
        return text
    }

    private static func paymentMethod(_ node: FormBody.Node?) throws(StripeSimError) -> TestPaymentMethod? {
        guard let id = try string(node, param: "payment_method") else { return nil }
        guard let method = TestPaymentMethod.all[id] else {
            throw StripeSimError.invalid("No such PaymentMethod: '\(id)'", code: "resource_missing", param: "payment_method")
        }
        return method
    }

    private static func customer(_ node: FormBody.Node?) throws(StripeSimError) -> String? {
        guard let id = try string(node, param: "customer") else { return nil }
        guard id.hasPrefix("cus_"), id.count > 4 else {
            throw StripeSimError.invalid("No such customer: '\(id)'", code: "resource_missing", param: "customer")
        }
        return id
    }

    static func metadata(_ node: FormBody.Node?, limits: StripeSimLimits) throws(StripeSimError) -> [(key: String, value: String)] {
        guard let node else { return [] }
        // An empty string clears metadata on update; on create it means none.
        if node.string == "" { return [] }
        guard let entries = node.entries else { throw StripeSimError.invalid("Invalid hash: metadata must be a hash.", param: "metadata") }
        guard entries.count <= limits.metadataEntriesMax else {
            throw StripeSimError.invalid("Metadata can have at most \(limits.metadataEntriesMax) keys.", param: "metadata")
        }
        var result: [(key: String, value: String)] = []
        for entry in entries {
            let param = "metadata[\(entry.key)]"
            guard (1...limits.metadataKeyCharactersMax).contains(entry.key.count) else {
                throw StripeSimError.invalid("Metadata keys can be at most \(limits.metadataKeyCharactersMax) characters.", param: param)
            }
            guard let value = entry.node.string else { throw StripeSimError.invalid("Metadata values must be strings.", param: param) }
            guard value.count <= limits.metadataValueCharactersMax else {
                throw StripeSimError.invalid("Metadata values can be at most \(limits.metadataValueCharactersMax) characters.", param: param)
            }
            result.append((entry.key, value))
        }
        return result
    }

    private static func types(_ node: FormBody.Node?, param: String) throws(StripeSimError) -> [String]? {
        guard let node else { return nil }
        guard let entries = node.entries else { throw StripeSimError.invalid("Invalid array: \(param) must be an array.", param: param) }
        var types: [String] = []
        for (index, entry) in entries.enumerated() {
            guard entry.key == String(index) else {
                throw StripeSimError.invalid("Invalid array: \(param) must be indexed 0, 1, 2, … in order.", param: "\(param)[\(entry.key)]")
            }
            guard let type = entry.node.string, documentedTypes.contains(type) else {
                throw StripeSimError.invalid("Invalid \(param)[\(index)]: must be one of Stripe's payment method types, such as card or us_bank_account.",
                                             param: "\(param)[\(index)]")
            }
            types.append(type)
        }
        return types
    }

    private static func automaticPaymentMethods(_ node: FormBody.Node?) throws(StripeSimError) -> (enabled: Bool, allowRedirects: String)? {
        guard let node else { return nil }
        guard let entries = node.entries else {
            throw StripeSimError.invalid("Invalid hash: automatic_payment_methods must be a hash.", param: "automatic_payment_methods")
        }
        for entry in entries where entry.key != "enabled" && entry.key != "allow_redirects" {
            throw StripeSimError.unknownParameter("automatic_payment_methods[\(entry.key)]")
        }
        let hash = FormBody.Node.hash(entries)
        func child(_ key: String) -> FormBody.Node? { hash.entries?.first { $0.key == key }?.node }
        guard let enabled = try boolean(child("enabled"), param: "automatic_payment_methods[enabled]") else {
            throw StripeSimError.missingParameter("automatic_payment_methods[enabled]")
        }
        let redirects = child("allow_redirects")?.string ?? "always"
        guard redirects == "always" || redirects == "never" else {
            throw StripeSimError.invalid("Invalid automatic_payment_methods[allow_redirects]: must be one of always or never.",
                                         param: "automatic_payment_methods[allow_redirects]")
        }
        return (enabled, redirects)
    }

    private static func checkSuffix(_ suffix: String, limits: StripeSimLimits) throws(StripeSimError) {
        let forbidden: Set<Character> = ["<", ">", "\\", "'", "\"", "*"]
        guard (1...limits.statementDescriptorSuffixCharactersMax).contains(suffix.count), suffix.allSatisfy({ $0.isASCII && !forbidden.contains($0) }),
              suffix.contains(where: \.isLetter)
        else {
            throw StripeSimError.invalid(
                "statement_descriptor_suffix must be 1 to \(limits.statementDescriptorSuffixCharactersMax) characters with a letter and none of < > \\ ' \" *.",
                param: "statement_descriptor_suffix")
        }
    }
}

extension CreateRequest {
    /// Rules between parameters, and between the payment method and the rest.
    static func checkCombination(_ request: inout CreateRequest) throws(StripeSimError) {
        if request.paymentMethodTypes != nil, request.automaticPaymentMethods != nil {
            throw StripeSimError.invalid("You may only specify one of these parameters: automatic_payment_methods, payment_method_types.",
                                         code: "parameters_exclusive", param: "automatic_payment_methods")
        }
        guard request.confirm else { return }
        guard let method = request.paymentMethod else {
            throw StripeSimError.invalid("You cannot confirm this PaymentIntent because it's missing a payment method.",
                                         code: "payment_intent_unexpected_state", param: "payment_method")
        }
        // Without payment_method_types, payment methods are dynamic (the default since 2023-08-16),
        // and confirming server-side needs a return_url unless redirects are ruled out.
        let dynamic = request.paymentMethodTypes == nil
        if dynamic, request.automaticPaymentMethods?.allowRedirects ?? "always" != "never", request.returnURL == nil {
            throw StripeSimError.invalid(
                "This PaymentIntent accepts payment methods that may need a redirect; pass return_url, or set "
                    + "automatic_payment_methods[enabled]=true and automatic_payment_methods[allow_redirects]=never.",
                param: "return_url")
        }
        if let types = request.paymentMethodTypes, !types.contains(method.type) {
            throw StripeSimError.invalid("The PaymentMethod \(method.id) is of type \(method.type), which is not in payment_method_types.",
                                         code: "payment_intent_invalid_parameter", param: "payment_method")
        }
        if request.excludedPaymentMethodTypes.contains(method.type) {
            throw StripeSimError.invalid("The PaymentMethod \(method.id) is of type \(method.type), which excluded_payment_method_types excludes.",
                                         code: "payment_intent_invalid_parameter", param: "payment_method")
        }
        if method.type == "us_bank_account", request.currency != "usd" {
            throw StripeSimError.invalid("us_bank_account payments must be in usd.", code: "payment_intent_invalid_parameter", param: "currency")
        }
    }
}

extension Character {
    fileprivate var isASCIIDigitOrMinus: Bool { self == "-" || (isASCII && isNumber) }
}
