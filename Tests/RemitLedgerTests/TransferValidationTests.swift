import RemitCore
@testable import RemitLedger
import Testing

@Suite struct TransferValidationTests {
    let fixture = LedgerFixture()

    @Test func aBalancedTwoLegTransferIsValid() throws {
        let transfer = fixture.move(100, from: fixture.funding, to: fixture.cashA)
        try TransferValidation.validateShape(transfer)
        try TransferValidation.validateAccounts(transfer, accounts: fixture.accountsByID)
    }

    @Test func aTransferWithOneLegIsRefused() {
        let transfer = fixture.transfer(.posted, [.debit(fixture.cashA, 100)])
        #expect(ledgerErrorCode { try TransferValidation.validateShape(transfer) } == .legsTooFew)
    }

    @Test func debitsThatDifferFromCreditsAreRefused() {
        let transfer = fixture.transfer(.posted, [.debit(fixture.cashA, 100), .credit(fixture.funding, 99)])
        #expect(ledgerErrorCode { try TransferValidation.validateShape(transfer) } == .unbalanced)
    }

    @Test func balanceIsCheckedPerCurrencyNotAcrossCurrencies() {
        // 100 USD debit against 100 EUR credit sums to zero, but is two unbalanced currencies.
        let mixed = fixture.transfer(.posted, [.debit(fixture.cashA, 100), .credit(fixture.eurosFunding, 100)])
        #expect(ledgerErrorCode { try TransferValidation.validateShape(mixed) } == .unbalanced)
        let both = fixture.transfer(.posted, [.debit(fixture.cashA, 100), .credit(fixture.funding, 100),
                                              .debit(fixture.euros, 7), .credit(fixture.eurosFunding, 7)])
        #expect(ledgerErrorCode { try TransferValidation.validateShape(both) } == nil)
    }

    @Test(arguments: [Int64(0), -1, .min])
    func zeroAndNegativeAmountsAreRefused(_ amount: Int64) {
        let transfer = fixture.transfer(.posted, [.debit(fixture.cashA, amount), .credit(fixture.funding, amount)])
        #expect(ledgerErrorCode { try TransferValidation.validateShape(transfer) } == .amountNotPositive)
    }

    @Test func sumsPastInt64AreRefusedAsOverflowNotWrapped() {
        let transfer = fixture.transfer(.posted, [.debit(fixture.cashA, .max), .debit(fixture.cashB, 1),
                                                  .credit(fixture.funding, .max), .credit(fixture.funding, 1)])
        #expect(ledgerErrorCode { try TransferValidation.validateShape(transfer) } == .amountOverflow)
    }

    @Test func aLegInAnotherCurrencyThanItsAccountIsRefused() {
        let transfer = fixture.transfer(.posted, [LedgerLeg(accountID: fixture.cashA.id, side: .debit, amount: 5, currency: .eur),
                                                  .credit(fixture.eurosFunding, 5)])
        #expect(ledgerErrorCode { try TransferValidation.validateAccounts(transfer, accounts: fixture.accountsByID) } == .currencyMismatch)
    }

    @Test func anUnknownAccountAndAnotherTenantsAccountReadAlikeAsNotFound() {
        let stranger = LedgerAccount(id: fixture.ids.make(), tenantID: fixture.ids.make(), code: "cash", kind: .asset, currency: .usd, createdAt: 0)
        var accounts = fixture.accountsByID
        accounts[stranger.id] = stranger
        let crossing = fixture.move(5, from: fixture.funding, to: stranger)
        #expect(ledgerErrorCode { try TransferValidation.validateAccounts(crossing, accounts: accounts) } == .accountNotFound)
        let unknown = fixture.transfer(.posted, [LedgerLeg(accountID: fixture.ids.make(), side: .debit, amount: 5, currency: .usd), .credit(fixture.funding, 5)])
        #expect(ledgerErrorCode { try TransferValidation.validateAccounts(unknown, accounts: accounts) } == .accountNotFound)
    }

    @Test func legsAreLimitedToLegsPerTransferMax() {
        let half = LedgerLimits.legsPerTransferMax / 2
        let atLimit = fixture.transfer(.posted, Array(repeating: LedgerLeg.debit(fixture.cashA, 1), count: half)
                                           + Array(repeating: LedgerLeg.credit(fixture.funding, 1), count: half))
        #expect(ledgerErrorCode { try TransferValidation.validateShape(atLimit) } == nil)
        let over = fixture.transfer(.posted, atLimit.legs + [.debit(fixture.cashA, 1), .credit(fixture.funding, 1)])
        #expect(ledgerErrorCode { try TransferValidation.validateShape(over) } == .legsTooMany)
    }

    @Test func clientIDsAreOneToClientIDBytesMaxBytes() {
        let legs: [LedgerLeg] = [.debit(fixture.cashA, 1), .credit(fixture.funding, 1)]
        #expect(ledgerErrorCode { try TransferValidation.validateShape(fixture.transfer(.posted, legs, clientID: "")) } == .clientIDInvalid)
        let longest = String(repeating: "c", count: LedgerLimits.clientIDBytesMax)
        #expect(ledgerErrorCode { try TransferValidation.validateShape(fixture.transfer(.posted, legs, clientID: longest)) } == nil)
        #expect(ledgerErrorCode { try TransferValidation.validateShape(fixture.transfer(.posted, legs, clientID: longest + "c")) } == .clientIDInvalid)
    }

    @Test func reasonAndMetadataAreBounded() {
        var transfer = fixture.move(1, from: fixture.funding, to: fixture.cashA)
        transfer.reason = String(repeating: "r", count: LedgerLimits.reasonBytesMax)
        #expect(ledgerErrorCode { try TransferValidation.validateShape(transfer) } == nil)
        transfer.reason += "r"
        #expect(ledgerErrorCode { try TransferValidation.validateShape(transfer) } == .reasonTooLong)
        transfer.reason = ""
        transfer.metadata = Dictionary(uniqueKeysWithValues: (0..<LedgerLimits.metadataEntriesMax).map { ("k\($0)", "v") })
        #expect(ledgerErrorCode { try TransferValidation.validateShape(transfer) } == nil)
        transfer.metadata["one_more"] = "v"
        #expect(ledgerErrorCode { try TransferValidation.validateShape(transfer) } == .metadataTooLarge)
        transfer.metadata = [String(repeating: "k", count: LedgerLimits.metadataKeyBytesMax): String(repeating: "v", count: LedgerLimits.metadataValueBytesMax)]
        #expect(ledgerErrorCode { try TransferValidation.validateShape(transfer) } == nil)
        transfer.metadata = [String(repeating: "k", count: LedgerLimits.metadataKeyBytesMax + 1): "v"]
        #expect(ledgerErrorCode { try TransferValidation.validateShape(transfer) } == .metadataTooLarge)
        transfer.metadata = ["k": String(repeating: "v", count: LedgerLimits.metadataValueBytesMax + 1)]
        #expect(ledgerErrorCode { try TransferValidation.validateShape(transfer) } == .metadataTooLarge)
    }

    @Test func onlyPostsAndVoidsNameAPendingTransferAndBothMust() {
        let pending = fixture.move(10, from: fixture.funding, to: fixture.cashA, .pending)
        var posted = fixture.move(10, from: fixture.funding, to: fixture.cashA)
        posted.pendingID = pending.id
        #expect(ledgerErrorCode { try TransferValidation.validateShape(posted) } == .pendingIDInvalid)
        var post = fixture.post(pending)
        post.pendingID = nil
        #expect(ledgerErrorCode { try TransferValidation.validateShape(post) } == .pendingIDInvalid)
        #expect(ledgerErrorCode { try TransferValidation.validateShape(fixture.transfer(.voidPending, [])) } == .pendingIDInvalid)
    }

    @Test func aVoidHasNoLegs() {
        let pending = fixture.move(10, from: fixture.funding, to: fixture.cashA, .pending)
        let void = fixture.transfer(.voidPending, pending.legs, pendingID: pending.id)
        #expect(ledgerErrorCode { try TransferValidation.validateShape(void) } == .legsTooFew)
        #expect(ledgerErrorCode { try TransferValidation.validateShape(fixture.void(pending)) } == nil)
    }

    @Test func onlyPendingTransfersHaveATimeoutOfOneMillisecondToTheMax() {
        let max = LedgerLimits.pendingTimeoutMillisecondsMax
        #expect(ledgerErrorCode { try TransferValidation.validateShape(fixture.move(1, from: fixture.funding, to: fixture.cashA, .pending, timeout: 1)) } == nil)
        #expect(ledgerErrorCode { try TransferValidation.validateShape(fixture.move(1, from: fixture.funding, to: fixture.cashA, .pending, timeout: max)) } == nil)
        #expect(ledgerErrorCode { try TransferValidation.validateShape(fixture.move(1, from: fixture.funding, to: fixture.cashA, .pending, timeout: max + 1)) } == .timeoutInvalid)
        #expect(ledgerErrorCode { try TransferValidation.validateShape(fixture.move(1, from: fixture.funding, to: fixture.cashA, .pending, timeout: 0)) } == .timeoutInvalid)
        #expect(ledgerErrorCode { try TransferValidation.validateShape(fixture.move(1, from: fixture.funding, to: fixture.cashA, .posted, timeout: 10)) } == .timeoutInvalid)
    }

    @Test func aPostMayMoveLessThanThePendingButNotMoreNorElsewhere() {
        let pending = fixture.move(100, from: fixture.funding, to: fixture.cashA, .pending)
        #expect(ledgerErrorCode { try TransferValidation.validatePost(fixture.post(pending), of: pending) } == nil)
        #expect(ledgerErrorCode { try TransferValidation.validatePost(fixture.post(pending, amount: 1), of: pending) } == nil)
        #expect(ledgerErrorCode { try TransferValidation.validatePost(fixture.post(pending, amount: 101), of: pending) } == .postExceedsPendingAmount)
        let elsewhere = fixture.transfer(.postPending, [.debit(fixture.cashB, 10), .credit(fixture.funding, 10)], pendingID: pending.id)
        #expect(ledgerErrorCode { try TransferValidation.validatePost(elsewhere, of: pending) } == .postLegNotInPending)
    }

    @Test func accountCodesAreLowerCaseAndBounded() {
        #expect(ledgerErrorCode { try LedgerAccount.validate(code: "receivable:byr_abc-1.2") } == nil)
        #expect(ledgerErrorCode { try LedgerAccount.validate(code: "") } == .accountCodeInvalid)
        #expect(ledgerErrorCode { try LedgerAccount.validate(code: "Cash") } == .accountCodeInvalid)
        #expect(ledgerErrorCode { try LedgerAccount.validate(code: "cash settled") } == .accountCodeInvalid)
        #expect(ledgerErrorCode { try LedgerAccount.validate(code: String(repeating: "a", count: LedgerLimits.accountCodeBytesMax)) } == nil)
        #expect(ledgerErrorCode { try LedgerAccount.validate(code: String(repeating: "a", count: LedgerLimits.accountCodeBytesMax + 1)) } == .accountCodeInvalid)
    }

    @Test func everyErrorCodeIsSnakeCaseAndDistinct() {
        let codes = LedgerError.Code.allCases.map(\.rawValue)
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "_" } })
    }
}
