import Foundation
import RemitCore
import RemitReconciliation

/// A small, fast, seedable generator (SplitMix64), so a scenario is the same on every machine.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// How an entry of a noisy statement was made; the ground truth the test checks against.
enum NoiseKind: String, CaseIterable, Comparable {
    /// Invoice number (with or without its amount) and end-to-end id.
    case structured
    /// Structured and end-to-end id, but the bank dropped the cents or deducted a fee.
    case rounded
    /// A short payment: structured remittance with the part paid.
    case partial
    /// One entry whose remittance lists several invoices of one buyer.
    case combinedStructured
    /// Remittance lost on the way; the end-to-end id survived.
    case endToEndOnly
    /// Only free text naming the invoice (the bank flattened the remittance).
    case unstructuredOnly
    /// Neither remittance nor end-to-end id: amount, date and counterparty only.
    case amountOnly
    /// Amount, date and counterparty only, and the bank dropped the cents or deducted a fee.
    case roundedAmountOnly
    /// Several invoices of one buyer paid in one amount, nothing else to go on.
    case combinedAmountOnly
    /// Money from someone else, possibly with an amount some invoice also has.
    case unrelatedCredit
    /// Money going out.
    case debit

    /// Whether the entry carries remittance or an end-to-end id of Remit's.
    var carriesReference: Bool {
        switch self {
        case .structured, .rounded, .partial, .combinedStructured, .endToEndOnly, .unstructuredOnly: true
        case .amountOnly, .roundedAmountOnly, .combinedAmountOnly, .unrelatedCredit, .debit: false
        }
    }

    static func < (lhs: NoiseKind, rhs: NoiseKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A statement made for known expected payments, with what each entry really pays.
struct NoiseScenario {
    var expected: [ExpectedPayment]
    var entries: [StatementEntry]
    /// Entry reference → expected payment id → amount it really pays (empty when unrelated).
    var truth: [String: [String: Int64]]
    /// Entry reference → how it was made.
    var kinds: [String: NoiseKind]
}

/// Makes `payments` Remit-initiated payments across `buyers` buyers and a noisy statement for them.
struct NoiseGenerator {
    private var random: SplitMix64
    let paymentCount: Int
    let buyerCount: Int
    private let start = CalendarDate(iso8601: "2026-11-01")!

    init(seed: UInt64, payments: Int = 500, buyers: Int = 60) {
        random = SplitMix64(seed: seed)
        paymentCount = payments
        buyerCount = buyers
    }

    struct Buyer {
        var id: BuyerID
        var name: String
        var bankName: String
        var accounts: [String]
    }

    private static let firstWords = ["Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Acme", "Müller",
                                     "Société Générale de Fret", "Nørdisk", "Çelik", "Soylent", "Tyrell", "Cyberdyne", "Wonka"]
    private static let secondWords = ["Industries", "Logistics", "Foods", "Metals", "Systems", "Textiles", "Pharma", "Energy"]
    private static let legalForms = [("Corporation", "CORP."), ("GmbH", "GMBH"), ("Ltd", "LIMITED"), ("S.A.", "SA"),
                                     ("Inc.", "INC"), ("AB", "")]
    /// Amounts many invoices share, so amounts alone mislead.
    private static let popularAmounts: [Int64] = [100_000, 250_000, 49_900, 120_000, 99_999]

    /// A name as a bank using the SEPA character set sends it: upper case, basic Latin only.
    static func sepaCharacters(_ name: String) -> String {
        name.folding(options: .diacriticInsensitive, locale: nil).replacingOccurrences(of: "ø", with: "o").uppercased()
    }

    private mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    private mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }

    private mutating func makeBuyers() -> [Buyer] {
        var pairs = Self.firstWords.flatMap { first in Self.secondWords.map { (first, $0) } }
        pairs.shuffle(using: &random)
        return (0..<buyerCount).map { index in
            let (first, second) = pairs[index]
            let (form, bankForm) = Self.legalForms[int(0...(Self.legalForms.count - 1))]
            let accounts = (0..<int(1...2)).map { _ in "DE" + (0..<20).map { _ in String(int(0...9)) }.joined() }
            return Buyer(id: BuyerID(rawValue: "buy_\(index)"), name: "\(first) \(second) \(form)",
                         bankName: Self.sepaCharacters("\(first) \(second) \(bankForm)"), accounts: accounts)
        }
    }

    private mutating func makeExpected(_ buyers: [Buyer]) -> [ExpectedPayment] {
        (0..<paymentCount).map { index in
            let buyer = buyers[int(0...(buyers.count - 1))]
            let amount = chance(15) ? Self.popularAmounts[int(0...(Self.popularAmounts.count - 1))] : Int64(int(10_000...5_000_000))
            let id = String(format: "pay_%04d", index)
            return ExpectedPayment(id: ExpectedPaymentID(id), invoiceID: InvoiceID(rawValue: "inv_\(index)"),
                                   invoiceNumber: String(format: "INV-2026-%05d", 100 + index), buyerID: buyer.id,
                                   buyerName: buyer.name, buyerAccounts: buyer.accounts, openAmountMinor: amount, currency: .eur,
                                   endToEndID: "RMT-\(id)", references: chance(50) ? ["PO-45\(10_000 + index)"] : [],
                                   expectedDate: start.adding(days: int(0...24)))
        }
    }
}

extension NoiseGenerator {
    /// The scenario: the expected payments, the shuffled statement and its ground truth.
    mutating func scenario() -> NoiseScenario {
        let buyers = makeBuyers()
        let expected = makeExpected(buyers)
        let buyerByID = Dictionary(uniqueKeysWithValues: buyers.map { ($0.id, $0) })
        var scenario = NoiseScenario(expected: expected, entries: [], truth: [:], kinds: [:])
        var unassigned = Array(expected.indices).shuffled(using: &random)
        // Combined payments need several invoices of one buyer.
        for (kind, groups) in [(NoiseKind.combinedStructured, paymentCount / 50), (.combinedAmountOnly, paymentCount / 150)] {
            for _ in 0..<groups {
                // A buyer's payment run settles invoices due about the same time; with remittance
                // any invoices can be grouped, without it they are due within three days.
                let size = int(2...4)
                let spreadDays = kind == .combinedStructured ? 366 : 3
                let groups = unassigned.lazy.map { first in
                    unassigned.filter {
                        expected[$0].buyerID == expected[first].buyerID
                            && abs(expected[$0].expectedDate.days(until: expected[first].expectedDate)) <= spreadDays
                    }
                }
                guard let group = groups.first(where: { $0.count >= size }).map({ Array($0.prefix(size)) }) else { break }
                unassigned.removeAll { group.contains($0) }
                add(kind, group.map { expected[$0] }, buyerByID[expected[group[0]].buyerID]!, to: &scenario)
            }
        }
        let shares: [(NoiseKind, Int)] = [(.partial, 2), (.rounded, 8), (.endToEndOnly, 12), (.unstructuredOnly, 8), (.amountOnly, 8), (.roundedAmountOnly, 2)]
        for (kind, percent) in shares {
            for index in unassigned.prefix(paymentCount * percent / 100) {
                add(kind, [expected[index]], buyerByID[expected[index].buyerID]!, to: &scenario)
            }
            unassigned.removeFirst(min(unassigned.count, paymentCount * percent / 100))
        }
        for index in unassigned { add(.structured, [expected[index]], buyerByID[expected[index].buyerID]!, to: &scenario) }
        addStrangers(expected, to: &scenario)
        scenario.entries.shuffle(using: &random)
        return scenario
    }

    /// One entry paying `payments` (all of one buyer) the way `kind` says.
    private mutating func add(_ kind: NoiseKind, _ payments: [ExpectedPayment], _ buyer: Buyer, to scenario: inout NoiseScenario) {
        let reference = "NTRY-\(scenario.entries.count + 1000)"
        let booked = payments.map(\.expectedDate).max()!.adding(days: int(0...3))
        let total = payments.reduce(0) { $0 + $1.openAmountMinor }
        var entry = StatementEntry(reference: reference, amountMinor: total, currency: .eur, bookingDate: booked,
                                   valueDate: chance(70) ? booked : nil, counterpartyName: buyer.bankName,
                                   counterpartyAccount: chance(80) ? buyer.accounts[int(0...(buyer.accounts.count - 1))] : nil)
        var truth = Dictionary(uniqueKeysWithValues: payments.map { ($0.id.rawValue, $0.openAmountMinor) })
        let single = payments[0]
        switch kind {
        case .structured:
            entry.endToEndID = single.endToEndID
            entry.referredDocuments = [ReferredDocument(number: single.invoiceNumber, amountMinor: chance(50) ? total : nil)]
            if let po = single.references.first, chance(50) { entry.creditorReference = po }
        case .rounded:
            entry.endToEndID = single.endToEndID
            entry.referredDocuments = [ReferredDocument(number: single.invoiceNumber, amountMinor: total)]
            entry.amountMinor = total % 100 != 0 ? total - total % 100 : total - 1_500
            truth = [single.id.rawValue: entry.amountMinor]
        case .partial:
            entry.amountMinor = total * Int64(int(30...70)) / 100
            entry.referredDocuments = [ReferredDocument(number: single.invoiceNumber, amountMinor: entry.amountMinor)]
            truth = [single.id.rawValue: entry.amountMinor]
        case .combinedStructured:
            entry.referredDocuments = payments.map { ReferredDocument(number: $0.invoiceNumber, amountMinor: $0.openAmountMinor) }
        case .endToEndOnly:
            entry.endToEndID = single.endToEndID
        case .unstructuredOnly:
            let number = single.invoiceNumber
            let texts = ["Invoice \(number) thank you", "/INV/\(number.replacingOccurrences(of: "-", with: " "))/",
                         "PAYMENT \(number.lowercased()) FROM \(buyer.bankName)"]
            entry.unstructuredRemittance = [texts[int(0...(texts.count - 1))]]
        case .amountOnly, .combinedAmountOnly:
            if entry.counterpartyAccount == nil && chance(50) { entry.counterpartyAccount = buyer.accounts[0] }
        case .roundedAmountOnly:
            entry.amountMinor = total % 100 != 0 ? total - total % 100 : total - 1_500
            truth = [single.id.rawValue: entry.amountMinor]
        case .unrelatedCredit, .debit:
            preconditionFailure("strangers are made by addStrangers")
        }
        scenario.entries.append(entry)
        scenario.truth[reference] = truth
        scenario.kinds[reference] = kind
    }

    /// Credits from other payers (some with amounts invoices also have) and debits (some
    /// quoting invoice numbers, as a refund would).
    private mutating func addStrangers(_ expected: [ExpectedPayment], to scenario: inout NoiseScenario) {
        let credits = max(1, paymentCount * 6 / 100)
        for index in 0..<(credits + max(1, paymentCount * 4 / 100)) {
            let reference = "NTRY-X\(index)"
            let isCredit = index < credits
            let lookalike = expected[int(0...(expected.count - 1))]
            var entry = StatementEntry(reference: reference,
                                       amountMinor: chance(50) ? lookalike.openAmountMinor : Int64(int(1_000...900_000)),
                                       currency: .eur, direction: isCredit ? .credit : .debit,
                                       bookingDate: start.adding(days: int(0...27)), counterpartyName: "Stranger Trading \(index)",
                                       counterpartyAccount: "FR76" + (0..<23).map { _ in String(int(0...9)) }.joined())
            entry.unstructuredRemittance = isCredit ? ["Order \(int(1...99)) delivery"] : ["Refund \(lookalike.invoiceNumber)"]
            scenario.entries.append(entry)
            scenario.truth[reference] = [:]
            scenario.kinds[reference] = isCredit ? .unrelatedCredit : .debit
        }
    }
}
