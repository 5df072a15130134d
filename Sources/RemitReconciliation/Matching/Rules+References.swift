extension Rules {
    /// A reference as the payer quoted it, its key, and the amount remitted for it, if any.
    struct QuotedReference: Equatable {
        var quoted: String
        var key: String
        var listedMinor: Int64?
    }

    /// Rule 1: referred document numbers and the creditor reference, each equal (once
    /// normalised) to an invoice number or, failing that, to a known reference.
    func structuredRemittance(_ entry: StatementEntry) -> RuleVerdict {
        byReferences(structuredReferences(entry), rule: .structuredRemittance, entry: entry)
    }

    /// Rule 1b: invoice numbers and known references found in the free remittance text.
    ///
    /// The text is cut into words; at each word the scan joins one, then two, up to
    /// `scannedWordsJoinedMax` words and takes the first (shortest) join that is a known key of
    /// at least `scannedReferenceCharactersMin` characters, then moves past it. So
    /// `INV 2026-0042` finds `INV-2026-0042`, and `INV-1 2 pallets` finds `INV-1`, not `INV-12`.
    func unstructuredRemittance(_ entry: StatementEntry) -> RuleVerdict {
        byReferences(scannedReferences(entry), rule: .unstructuredRemittance, entry: entry)
    }

    /// The structured references of an entry: referred documents, then the creditor reference.
    func structuredReferences(_ entry: StatementEntry) -> [QuotedReference] {
        var quoted = entry.referredDocuments.map {
            QuotedReference(quoted: $0.number, key: Normalization.referenceKey($0.number), listedMinor: $0.amountMinor)
        }
        if let creditorReference = entry.creditorReference {
            quoted.append(QuotedReference(quoted: creditorReference, key: Normalization.referenceKey(creditorReference)))
        }
        return Self.distinct(quoted)
    }

    /// The known references found in an entry's free text, in the order they appear.
    func scannedReferences(_ entry: StatementEntry) -> [QuotedReference] {
        let words = Normalization.words(entry.unstructuredRemittance)
        let keys = words.map(Normalization.referenceKey)
        var found: [QuotedReference] = []
        var position = 0
        while position < keys.count {
            var joined = ""
            var taken = 1
            for count in 1...configuration.scannedWordsJoinedMax where position + count <= keys.count {
                joined += keys[position + count - 1]
                if joined.count >= configuration.scannedReferenceCharactersMin, book.knows(referenceKey: joined) {
                    found.append(QuotedReference(quoted: words[position..<(position + count)].joined(separator: " "), key: joined))
                    taken = count
                    break
                }
            }
            position += taken
        }
        return Self.distinct(found)
    }

    /// Resolves every quoted reference; a match when at least one leads to open payments and
    /// none is ambiguous.
    private func byReferences(_ quoted: [QuotedReference], rule: MatchRule, entry: StatementEntry) -> RuleVerdict {
        var targets: [AllocationPlan.Target] = []
        var seen: Set<Int> = []
        var unresolved: [String] = []
        var settled: [Int] = []
        for reference in quoted {
            let target = reference.listedMinor ?? (quoted.count == 1 ? entry.amountMinor : nil)
            switch resolve(book.payments(quoting: reference.key), targetMinor: target, entry: entry) {
            case .resolved(let indices):
                for index in indices where seen.insert(index).inserted {
                    targets.append(.init(index: index, listedMinor: indices.count == 1 ? reference.listedMinor : nil))
                }
            case .ambiguous(let indices):
                return .ambiguous(rule, indices)
            case .settled(let indices):
                settled += indices
                unresolved.append(reference.quoted)
            case .unknown:
                unresolved.append(reference.quoted)
            }
        }
        if targets.isEmpty { return settled.isEmpty ? .noEvidence : .alreadySettled(settled) }
        let plan = AllocationPlan(rule: rule, targets: targets, unresolvedReferences: unresolved)
        return checkedAgainstEndToEnd(plan, entry: entry)
    }

    /// The references with a non-empty key, each key once (the first quote wins).
    private static func distinct(_ quoted: [QuotedReference]) -> [QuotedReference] {
        var seen: Set<String> = []
        return quoted.filter { !$0.key.isEmpty && seen.insert($0.key).inserted }
    }
}
