import Foundation
import RemitCore
import RemitISO20022
import RemitNACHA
import RemitStore

/// The tenant's own bank details (`settings.bank`): the ACH originator its NACHA files name,
/// and the SEPA account its pain.001 documents credit. Either may be absent.
struct TenantBankDetails: Sendable, Equatable {
    /// What a NACHA file needs to name the tenant as originator.
    struct ACHOriginator: Sendable, Equatable {
        /// The file header's immediate origin: a routing number.
        var immediateOrigin: RoutingNumber
        /// The batch's company identification: exactly 10 characters (usually `1` and the EIN).
        var companyID: String
        /// The batch's company name, at most 16 characters.
        var companyName: String
        /// The originating bank (ODFI): the file's immediate destination and the trace prefix.
        var odfiRouting: RoutingNumber
        /// How its debits carry the remittance: CCD+ (one 80-character addenda, the default)
        /// or CTX (an X12 820 with the invoice, its total and the buyer's purchase order, for
        /// buyers whose payables systems read EDI remittance).
        var entryClass: ACHStandardEntryClass = .ccd
    }

    /// The tenant's SEPA account: the creditor of its pain.001 documents.
    struct SEPAAccount: Sendable, Equatable {
        var iban: IBAN
        var bic: BIC
        /// The account holder's name, at most 70 characters.
        var name: String
    }

    var ach: ACHOriginator?
    var sepa: SEPAAccount?

    /// Reads `bank` from a settings update; problems go to `errors` with their paths.
    static func parse(_ value: JSONValue, path: String, errors: inout [FieldError]) -> TenantBankDetails? {
        guard var reader = JSONObjectReader(value, path: path, errors: &errors) else { return nil }
        let ach = reader.object("ach") { ach -> ACHOriginator? in
            let origin = BankFields.routing(&ach, "immediate_origin")
            let companyID = BankFields.text(&ach, "company_id", lengths: NACHAFormat.companyIdentificationLength...NACHAFormat.companyIdentificationLength)
            let companyName = BankFields.text(&ach, "company_name", lengths: 1...NACHAFormat.companyNameLengthMax)
            let odfi = BankFields.routing(&ach, "odfi_routing")
            let entryClass = ach.choice("entry_class", allowed: ACHStandardEntryClass.allCases.map(\.rawValue))
                .flatMap(ACHStandardEntryClass.init(rawValue:)) ?? .ccd
            guard let origin, let companyID, let companyName, let odfi else { return nil }
            return ACHOriginator(immediateOrigin: origin, companyID: companyID, companyName: companyName, odfiRouting: odfi,
                                 entryClass: entryClass)
        }
        let sepa = reader.object("sepa") { sepa -> SEPAAccount? in
            let iban = BankFields.iban(&sepa, "iban")
            let bic = BankFields.bic(&sepa, "bic")
            let name = BankFields.text(&sepa, "name", lengths: 1...70)
            guard let iban, let bic, let name else { return nil }
            return SEPAAccount(iban: iban, bic: bic, name: name)
        }
        reader.finish()
        errors += reader.errors
        guard reader.errors.isEmpty else { return nil }
        return TenantBankDetails(ach: ach, sepa: sepa)
    }

    /// The details as stored and as `GET /v1/settings` shows them (the tenant's own, in full).
    var jsonValue: JSONValue {
        .object([
            ("ach", ach.map { ach in
                JSONValue.object([
                    ("immediate_origin", .string(ach.immediateOrigin.digits)), ("company_id", .string(ach.companyID)),
                    ("company_name", .string(ach.companyName)), ("odfi_routing", .string(ach.odfiRouting.digits)),
                    ("entry_class", .string(ach.entryClass.rawValue)),
                ])
            } ?? .null),
            ("sepa", sepa.map { sepa in
                JSONValue.object([("iban", .string(sepa.iban.electronicFormat)), ("bic", .string(sepa.bic.code)), ("name", .string(sepa.name))])
            } ?? .null),
        ])
    }

    /// Reads back what ``jsonValue`` stored; nil when nothing is stored.
    static func stored(_ document: JSONValue?) throws -> TenantBankDetails? {
        guard let document else { return nil }
        var errors: [FieldError] = []
        guard let details = parse(document, path: "bank", errors: &errors) else {
            throw StoreError.corrupt("tenant bank details")
        }
        return details
    }
}

/// The payer's bank account a payment carries (`bank_account`): an ACH account for
/// `ach_debit`, an IBAN and BIC for `sepa_credit`.
enum PayerBankAccount: Sendable, Equatable {
    case ach(routing: RoutingNumber, accountNumber: String, accountType: ACHAccountType, holderName: String)
    case sepa(iban: IBAN, bic: BIC, holderName: String)

    /// The digits an account number may have.
    static let accountNumberLengths = 4...NACHAFormat.accountNumberLengthMax

    /// `ach` or `sepa`: the file rail the account is for.
    var kind: String {
        switch self {
        case .ach: "ach"
        case .sepa: "sepa"
        }
    }

    /// The method that uses each kind of account.
    static func kind(for method: PaymentMethod) -> String? {
        switch method {
        case .achDebit: "ach"
        case .sepaCredit: "sepa"
        default: nil
        }
    }

    /// Reads `bank_account` for a payment of `method`; problems go to `errors`.
    static func parse(_ value: JSONValue, method: PaymentMethod, errors: inout [FieldError]) -> PayerBankAccount? {
        guard let kind = kind(for: method) else {
            errors.append(FieldError(field: "bank_account", rule: "not_allowed",
                                     message: "is only taken for ach_debit and sepa_credit payments, not \(method.rawValue)"))
            return nil
        }
        guard var reader = JSONObjectReader(value, path: "bank_account", errors: &errors) else { return nil }
        var account: PayerBankAccount?
        if kind == "ach" {
            let routing = BankFields.routing(&reader, "routing_number")
            let number = BankFields.digits(&reader, "account_number", lengths: accountNumberLengths)
            let type = reader.choice("account_type", required: true, allowed: ACHAccountType.allCases.map(\.rawValue))
            let holder = BankFields.text(&reader, "holder_name", lengths: 1...NACHAFormat.receiverNameLengthMax)
            if let routing, let number, let type = type.flatMap(ACHAccountType.init(rawValue:)), let holder {
                account = .ach(routing: routing, accountNumber: number, accountType: type, holderName: holder)
            }
        } else {
            let iban = BankFields.iban(&reader, "iban")
            let bic = BankFields.bic(&reader, "bic")
            let holder = BankFields.text(&reader, "holder_name", lengths: 1...70)
            if let iban, let bic, let holder { account = .sepa(iban: iban, bic: bic, holderName: holder) }
        }
        reader.finish()
        errors += reader.errors
        return reader.errors.isEmpty ? account : nil
    }

    /// The account in full, for storage only.
    var document: JSONValue {
        switch self {
        case let .ach(routing, number, type, holder):
            .object([("routing_number", .string(routing.digits)), ("account_number", .string(number)),
                     ("account_type", .string(type.rawValue)), ("holder_name", .string(holder))])
        case let .sepa(iban, bic, holder):
            .object([("iban", .string(iban.electronicFormat)), ("bic", .string(bic.code)), ("holder_name", .string(holder))])
        }
    }

    /// Reads back a stored ``document``.
    static func stored(kind: String, document: JSONValue) throws -> PayerBankAccount {
        var errors: [FieldError] = []
        let method: PaymentMethod = kind == "ach" ? .achDebit : .sepaCredit
        guard let account = parse(document, method: method, errors: &errors) else {
            throw StoreError.corrupt("payment bank account")
        }
        return account
    }

    /// The account as the API shows it: the last 4 digits of the number, never the whole.
    var maskedJSON: JSONValue {
        switch self {
        case let .ach(routing, number, type, holder):
            .object([("type", .string("ach")), ("routing_number", .string(routing.digits)), ("account_last4", .string(String(number.suffix(4)))),
                     ("account_type", .string(type.rawValue)), ("holder_name", .string(holder))])
        case let .sepa(iban, bic, holder):
            .object([("type", .string("sepa")), ("iban_last4", .string(String(iban.electronicFormat.suffix(4)))),
                     ("country", .string(iban.countryCode)), ("bic", .string(bic.code)), ("holder_name", .string(holder))])
        }
    }
}

/// Field readers shared by the bank details and the payer's account.
enum BankFields {
    static func routing(_ reader: inout JSONObjectReader, _ key: String) -> RoutingNumber? {
        guard let text = reader.string(key, required: true, maxLength: 9) else { return nil }
        do {
            return try RoutingNumber(text)
        } catch {
            reader.fail(key, rule: "routing_number", error.message)
            return nil
        }
    }

    static func iban(_ reader: inout JSONObjectReader, _ key: String) -> IBAN? {
        guard let text = reader.string(key, required: true, maxLength: 64) else { return nil }
        do {
            return try IBAN(text)
        } catch {
            reader.fail(key, rule: "iban", "is not a valid IBAN: \(error.message)")
            return nil
        }
    }

    static func bic(_ reader: inout JSONObjectReader, _ key: String) -> BIC? {
        guard let text = reader.string(key, required: true, maxLength: 11) else { return nil }
        do {
            return try BIC(text)
        } catch {
            reader.fail(key, rule: "bic", "is not a valid BIC: \(error.message)")
            return nil
        }
    }

    /// Printable ASCII text (what NACHA and SEPA names accept) of `lengths` characters.
    static func text(_ reader: inout JSONObjectReader, _ key: String, lengths: ClosedRange<Int>) -> String? {
        guard let text = reader.string(key, required: true, maxLength: 1_000) else { return nil }
        guard lengths.contains(text.count), !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            let range = lengths.lowerBound == lengths.upperBound ? "exactly \(lengths.lowerBound)" : "from \(lengths.lowerBound) to \(lengths.upperBound)"
            reader.fail(key, rule: "length", "must have \(range) characters")
            return nil
        }
        guard text.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) else {
            reader.fail(key, rule: "characters", "must be printable ASCII (letters, digits, spaces and punctuation)")
            return nil
        }
        return text
    }

    static func digits(_ reader: inout JSONObjectReader, _ key: String, lengths: ClosedRange<Int>) -> String? {
        guard let text = reader.string(key, required: true, maxLength: 64) else { return nil }
        guard lengths.contains(text.count), text.utf8.allSatisfy({ (48...57).contains($0) }) else {
            reader.fail(key, rule: "format", "must be \(lengths.lowerBound) to \(lengths.upperBound) digits")
            return nil
        }
        return text
    }
}
