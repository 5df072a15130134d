import RemitCore

/// The effects of the matching rules so far; ``finish()`` turns them into a decision.
struct DecisionBuilder {
    let catalog: PaymentMethodCatalog
    let input: DecisionInput
    /// Per catalog position: whether the method is shown, and the rules that touched it.
    private var shown: [Bool]
    private var methodReasons: [[RuleReason]]
    private var highlight: (method: PaymentMethod, reason: RuleReason)?
    private var preselect: (method: PaymentMethod, reason: RuleReason)?
    private var approvals: [InjectedApproval] = []
    private var fields: [RequiredField] = []
    private var notifications: [InjectedNotification] = []
    private var surchargeBasisPoints = 0
    private var surchargeReasons: [RuleReason] = []
    private var discountBasisPoints = 0
    private var discountReasons: [RuleReason] = []
    private var block: Block?
    var ruleErrors: [RuleMessage] = []
    var matchedRules: [String] = []

    init(catalog: PaymentMethodCatalog, input: DecisionInput) {
        self.catalog = catalog
        self.input = input
        shown = Array(repeating: true, count: catalog.profiles.count)
        methodReasons = Array(repeating: [], count: catalog.profiles.count)
    }

    mutating func apply(_ action: PolicyAction, reason: RuleReason) {
        switch action {
        case let .hideMethods(methods): setShown(methods, false, reason)
        case let .showMethods(methods): setShown(methods, true, reason)
        case let .highlightMethod(method):
            highlight = (method, reason)
            methodReasons[catalog.position(of: method)].append(reason)
        case let .setDefaultMethod(method):
            preselect = (method, reason)
            methodReasons[catalog.position(of: method)].append(reason)
        case let .requireApproval(quorum, approvers, order):
            let department = approvers.contains(.department) ? input.invoice["department"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } : nil
            approvals.append(InjectedApproval(ruleID: reason.ruleID, quorum: quorum, approvers: approvers, order: order,
                                              department: department, reasons: [reason]))
        case let .requireFields(names):
            for name in names {
                if let index = fields.firstIndex(where: { $0.name == name }) {
                    fields[index].reasons.append(reason)
                } else {
                    fields.append(RequiredField(name: name, reasons: [reason]))
                }
            }
        case let .notify(channel, template):
            notifications.append(InjectedNotification(channel: channel, template: template, reasons: [reason]))
        case let .surcharge(bps):
            surchargeBasisPoints += bps
            surchargeReasons.append(reason)
        case let .discount(bps):
            discountBasisPoints += bps
            discountReasons.append(reason)
        case let .block(text):
            if block == nil { block = Block(reason: text, reasons: [reason]) }
        case .callModule:
            // Resolved by `CompiledPolicy.decide` into the module's own actions.
            break
        }
    }

    private mutating func setShown(_ methods: [PaymentMethod], _ value: Bool, _ reason: RuleReason) {
        for method in methods {
            let position = catalog.position(of: method)
            shown[position] = value
            methodReasons[position].append(reason)
        }
    }

    func finish() -> CheckoutDecision {
        let offered = Set(input.offeredMethods)
        let isVisible = { (method: PaymentMethod) in
            self.block == nil && offered.contains(method) && self.shown[self.catalog.position(of: method)]
        }
        var warnings: [RuleMessage] = []
        let highlighted = effective(highlight, "highlighted", isVisible, &warnings)
        let preselected = effective(preselect, "the default", isVisible, &warnings)
        var methods: [MethodDecision] = []
        for (position, profile) in catalog.profiles.enumerated() where offered.contains(profile.method) {
            let visible = isVisible(profile.method)
            let isHighlighted = visible && highlighted == profile.method
            let isDefault = visible && preselected == profile.method
            let visibility: MethodVisibility = !visible ? .hidden : isDefault ? .default : isHighlighted ? .highlighted : .shown
            methods.append(MethodDecision(
                method: profile.method, label: profile.label, speed: profile.speed, fee: profile.fee.fee(on: input.amount),
                visibility: visibility, isHighlighted: isHighlighted, isDefault: isDefault,
                reasons: methodReasons[position] + (block?.reasons ?? [])))
        }
        return CheckoutDecision(
            methods: methods, injectedApprovals: approvals, requiredFields: fields, notifications: notifications,
            surcharge: adjustment(surchargeBasisPoints, surchargeReasons), discount: adjustment(discountBasisPoints, discountReasons),
            block: block, ruleErrors: ruleErrors, warnings: warnings, matchedRules: matchedRules)
    }

    /// The method a highlight or default lands on, or nil with a warning when it is not offered.
    private func effective(_ choice: (method: PaymentMethod, reason: RuleReason)?, _ role: String,
                           _ isVisible: (PaymentMethod) -> Bool, _ warnings: inout [RuleMessage]) -> PaymentMethod? {
        guard let choice else { return nil }
        guard isVisible(choice.method) else {
            if block == nil {
                warnings.append(RuleMessage(ruleID: choice.reason.ruleID,
                                            message: "\(choice.method.rawValue) is not \(role): it is hidden or not offered"))
            }
            return nil
        }
        return choice.method
    }

    /// Summed basis points, capped at a whole, applied to the amount.
    private func adjustment(_ basisPoints: Int, _ reasons: [RuleReason]) -> PriceAdjustment {
        let capped = min(basisPoints, Int(BasisPoints.whole))
        return PriceAdjustment(basisPoints: capped, amount: BasisPoints.apply(Int64(capped), to: input.amount), reasons: reasons)
    }
}
