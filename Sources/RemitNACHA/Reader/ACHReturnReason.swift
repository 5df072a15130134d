/// A return reason code (`R01`…) and what it means.
public struct ACHReturnReason: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The code, such as `R01`.
    public var code: String
    /// What the code means, from the NACHA rules; "Unknown return reason" for a code not in
    /// ``ACHReturnReason/descriptions``.
    public var description: String

    /// The reason for a code, described from the table.
    public init(code: String) {
        self.code = code
        description = ACHReturnReason.descriptions[code] ?? "Unknown return reason"
    }

    /// Whether the code is one the table knows.
    public var isKnown: Bool { ACHReturnReason.descriptions[code] != nil }

    /// The return reason codes of the NACHA rules, with their descriptions.
    public static let descriptions: [String: String] = [
        "R01": "Insufficient funds",
        "R02": "Account closed",
        "R03": "No account / unable to locate account",
        "R04": "Invalid account number structure",
        "R05": "Unauthorized debit to consumer account using corporate SEC code",
        "R06": "Returned per ODFI's request",
        "R07": "Authorization revoked by customer",
        "R08": "Payment stopped",
        "R09": "Uncollected funds",
        "R10": "Customer advises originator is not known to receiver or not authorized to debit the account",
        "R11": "Customer advises entry not in accordance with the terms of the authorization",
        "R12": "Account sold to another DFI",
        "R13": "Invalid ACH routing number",
        "R14": "Representative payee deceased or unable to continue in that capacity",
        "R15": "Beneficiary or account holder (other than a representative payee) deceased",
        "R16": "Account frozen / entry returned per OFAC instruction",
        "R17": "File record edit criteria / entry with invalid account number initiated under questionable circumstances",
        "R18": "Improper effective entry date",
        "R19": "Amount field error",
        "R20": "Non-transaction account",
        "R21": "Invalid company identification",
        "R22": "Invalid individual ID number",
        "R23": "Credit entry refused by receiver",
        "R24": "Duplicate entry",
        "R25": "Addenda error",
        "R26": "Mandatory field error",
        "R27": "Trace number error",
        "R28": "Routing number check digit error",
        "R29": "Corporate customer advises not authorized",
        "R30": "RDFI not participant in check truncation program",
        "R31": "Permissible return entry (CCD and CTX only)",
        "R32": "RDFI non-settlement",
        "R33": "Return of XCK entry",
        "R34": "Limited participation DFI",
        "R35": "Return of improper debit entry",
        "R36": "Return of improper credit entry",
        "R37": "Source document presented for payment",
        "R38": "Stop payment on source document",
        "R39": "Improper source document / source document presented for payment",
        "R50": "State law affecting RCK acceptance",
        "R51": "Item related to RCK entry is ineligible or RCK entry is improper",
        "R52": "Stop payment on item related to RCK entry",
        "R53": "Item and RCK entry presented for payment",
        "R61": "Misrouted return",
        "R62": "Return of erroneous or reversing debit",
        "R67": "Duplicate return",
        "R68": "Untimely return",
        "R69": "Field error(s)",
        "R70": "Permissible return entry not accepted / return not requested by ODFI",
        "R71": "Misrouted dishonored return",
        "R72": "Untimely dishonored return",
        "R73": "Timely original return",
        "R74": "Corrected return",
        "R75": "Return not a duplicate",
        "R76": "No errors found",
        "R77": "Non-acceptance of R62 dishonored return",
        "R80": "IAT entry coding error",
        "R81": "Non-participant in IAT program",
        "R82": "Invalid foreign receiving DFI identification",
        "R83": "Foreign receiving DFI unable to settle",
        "R84": "Entry not processed by Gateway",
        "R85": "Incorrectly coded outbound international payment",
    ]
}

/// A notification-of-change code (`C01`…) and what it means.
public struct ACHChangeCode: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The code, such as `C01`.
    public var code: String
    /// What the code means; "Unknown change code" for a code not in the table.
    public var description: String

    /// The change for a code, described from the table.
    public init(code: String) {
        self.code = code
        description = ACHChangeCode.descriptions[code] ?? "Unknown change code"
    }

    /// The change codes of the NACHA rules, with their descriptions.
    public static let descriptions: [String: String] = [
        "C01": "Incorrect DFI account number",
        "C02": "Incorrect routing number",
        "C03": "Incorrect routing number and incorrect DFI account number",
        "C04": "Incorrect individual name / receiving company name",
        "C05": "Incorrect transaction code",
        "C06": "Incorrect DFI account number and incorrect transaction code",
        "C07": "Incorrect routing number, incorrect DFI account number, and incorrect transaction code",
        "C08": "Incorrect receiving DFI identification (IAT only)",
        "C09": "Incorrect individual identification number",
        "C10": "Incorrect company name",
        "C11": "Incorrect company identification",
        "C12": "Incorrect company name and company identification",
        "C13": "Addenda format error",
        "C14": "Incorrect SEC code for outbound international payment",
    ]
}
