import Testing

@testable import RemitCore

@Suite struct IDGeneratorTests {
    @Test func theSameSeedGivesTheSameIdentifiersInTheSameOrder() {
        let first = IDGenerator.seeded(42)
        let second = IDGenerator.seeded(42)
        let fromFirst: [InvoiceID] = (0..<5).map { _ in first.make() }
        let fromSecond: [InvoiceID] = (0..<5).map { _ in second.make() }
        #expect(fromFirst == fromSecond)
        #expect(Set(fromFirst).count == 5)
    }

    @Test func differentSeedsGiveDifferentIdentifiers() {
        #expect(IDGenerator.seeded(1).make(Invoice.self) != IDGenerator.seeded(2).make(Invoice.self))
    }

    @Test func anIdentifierIsItsEntitysPrefixAnd120BitsInLowerCaseBase32AndValidates() throws {
        let generator = IDGenerator.seeded(7)
        let invoice: InvoiceID = generator.make()
        let buyer: BuyerID = generator.make()
        let tenant: TenantID = generator.make()
        for (id, prefix) in [(invoice.rawValue, "inv_"), (buyer.rawValue, "buy_"), (tenant.rawValue, "ten_")] {
            #expect(id.hasPrefix(prefix))
            #expect(id.count == prefix.count + 24)
            #expect(id.dropFirst(prefix.count).allSatisfy { "abcdefghijklmnopqrstuvwxyz234567".contains($0) })
        }
        #expect(InvoiceID(validating: invoice.rawValue) == invoice)
        #expect(BuyerID(validating: buyer.rawValue) == buyer)
    }

    @Test func aGeneratorFromKnownBytesGivesAKnownIdentifier() {
        let zeros = IDGenerator { Array(repeating: 0, count: $0) }
        #expect(zeros.make(Invoice.self).rawValue == "inv_aaaaaaaaaaaaaaaaaaaaaaaa")
        let ones = IDGenerator { Array(repeating: 0xFF, count: $0) }
        #expect(ones.make(Buyer.self).rawValue == "buy_777777777777777777777777")
    }

    @Test func aSecretHasItsPrefixAndTheRequestedRandomBytes() {
        let secret = IDGenerator.seeded(3).secret(prefix: "sk_live_")
        #expect(secret.hasPrefix("sk_live_"))
        #expect(secret.count == "sk_live_".count + 52)
        #expect(IDGenerator.seeded(3).secret(prefix: "sk_live_") == secret)
        #expect(IDGenerator.seeded(3).secret(prefix: "", byteCount: 5).count == 8)
    }

    @Test(arguments: [("", ""), ("f", "my"), ("fo", "mzxq"), ("foo", "mzxw6"), ("foob", "mzxw6yq"), ("fooba", "mzxw6ytb"), ("foobar", "mzxw6ytboi")])
    func base32MatchesRFC4648InLowerCaseWithoutPadding(input: String, expected: String) {
        #expect(Base32.encode(Array(input.utf8)) == expected)
    }

    @Test(arguments: [
        "inv_3k9dqz", "inv_a", "inv_with_underscores_and_0123456789",
        "inv_" + String(repeating: "a", count: 60),
    ])
    func anIdentifierOfTheRightShapeValidates(text: String) {
        #expect(InvoiceID(validating: text)?.rawValue == text)
    }

    @Test(arguments: [
        "buy_3k9dqz", "inv3k9dqz", "inv_", "", "INV_3k9dqz", "inv_3K9DQZ", "inv_3k9-dqz", "inv_3k9 dqz", "inv_é",
        "inv_" + String(repeating: "a", count: 61), " inv_3k9dqz", "inv_3k9dqz\n",
    ])
    func anIdentifierOfAnotherEntityCaseOrLengthIsRefused(text: String) {
        #expect(InvoiceID(validating: text) == nil)
    }

    @Test func identifiersEncodeAsTheirPlainText() throws {
        let id = InvoiceID(rawValue: "inv_abc")
        #expect(id.description == "inv_abc")
        #expect(JSONWriter.string(.string(id.rawValue)) == #""inv_abc""#)
    }
}
