import Testing

@testable import RemitCore

@Suite struct CardNumberDetectorTests {
    @Test(arguments: [
        "4111111111111111", "4111 1111 1111 1111", "5555-5555-5555-4444", "378282246310005", "3782 822463 10005",
        "6011111111111117", "4242424242424242", "4000056655665556", "4222222222222",
    ])
    func aTestCardNumberIsDetected(text: String) {
        #expect(CardNumberDetector.containsCardNumber(text))
    }

    @Test(arguments: [
        "Paid with card 4111 1111 1111 1111, exp 12/29",
        "pay via 5555-5555-5555-4444 please",
        "AMEX378282246310005X",
        "ref:4242424242424242.",
    ])
    func aCardNumberEmbeddedInTextIsDetected(text: String) {
        #expect(CardNumberDetector.containsCardNumber(text))
    }

    @Test(arguments: [
        "", "PO 12345", "Invoice INV-2026-0042", "1234 5678 9012", "+1 415 555 0100", "CC-104",
        "4111 1111 1111", "4111--1111--1111--1111", "4111  1111  1111  1111",
    ])
    func textWithoutAThirteenDigitRunIsNotACardNumber(text: String) {
        #expect(!CardNumberDetector.containsCardNumber(text))
    }

    // Source bug: every 13...19-digit window of a digit run is tried, so most long numbers that
    // fail the Luhn check (order numbers, dated references) are still flagged as cards.
    @Test(arguments: ["4111111111111112", "1234567890123456", "5555555555554445", "PO 2026-11-29 1234567"])
    func aLongNumberThatFailsTheLuhnCheckIsNotACardNumber(text: String) {
        #expect(!CardNumberDetector.containsCardNumber(text))
    }

    @Test func theLuhnCheckAcceptsValidNumbersAndRejectsOneDigitChanged() {
        let valid = [4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
        #expect(CardNumberDetector.luhn(valid[...]))
        var changed = valid
        changed[15] = 2
        #expect(!CardNumberDetector.luhn(changed[...]))
    }
}
