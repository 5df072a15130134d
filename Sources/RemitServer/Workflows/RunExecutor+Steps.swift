import RemitCore
import RemitRails
import RemitStore
import RemitWorkflow

extension RunExecutor {
    /// Executes the run's current step outside any transaction and reports its result.
    func execute(node: String, run: StoredRun) async throws -> RunEvent {
        let key = run.state.idempotencyKey(for: node)
        let workflows = engine.workflows
        var workflow = try workflows.cached(for: run)
        if workflow == nil {
            workflow = try await store.read { try await workflows.compiled(for: run, in: $0) }
        }
        guard let definitionNode = workflow?.definition.node(node)
        else { return .stepFailed(node: node, reason: "the step's node is missing from its workflow", retryable: false) }
        switch definitionNode.kind {
        case .settle:
            return try await settle(node: node, run: run, idempotencyKey: key)
        case let .tax(jurisdiction):
            return try await tax(node: node, run: run, jurisdiction: jurisdiction)
        case let .custom(spec):
            return try await custom(node: node, run: run, spec: spec)
        default:
            return .stepFailed(node: node, reason: "the executor cannot run a '\(definitionNode.kind.typeName)' step", retryable: false)
        }
    }

    private func settle(node: String, run: StoredRun, idempotencyKey: String) async throws -> RunEvent {
        let found = try await store.read { transaction in
            (try await transaction.payment(run.paymentID, tenant: run.tenantID),
             try await transaction.paymentRailDetails(run.paymentID, tenant: run.tenantID))
        }
        guard let payment = found.0 else {
            return .stepFailed(node: node, reason: "the payment is missing", retryable: false)
        }
        // A net-terms payment settles on its due date with the method the buyer chose.
        let method = SettlementTerms.settlingMethod(of: payment, details: found.1)
        let number = run.context["invoice"]?["number"]?.stringValue ?? payment.invoiceID.rawValue
        let instruction = SettlementInstruction(
            paymentID: payment.id, amount: Money(minorUnits: payment.amount, currency: payment.currency), method: method,
            reference: String("Invoice \(number)".prefix(140)),
            metadata: ["invoice_id": payment.invoiceID.rawValue, "buyer_id": payment.buyerID.rawValue, "run_id": run.id])
        switch await rail.settle(instruction, idempotencyKey: idempotencyKey) {
        case let .settled(reference):
            // The method the money moved by (a net-terms payment's `settle_method`): the ledger books its fee.
            return .stepSucceeded(node: node, outcome: .settled, output: .object([("rail_reference", .string(reference)),
                                                                                   ("method", .string(method.rawValue))]))
        case let .declined(code, message):
            return .stepSucceeded(node: node, outcome: .failed, output: .object([("decline_code", .string(code)), ("message", .string(message))]))
        case let .unknown(reason):
            return .stepFailed(node: node, reason: "the rail's answer is unknown: \(reason)", retryable: true)
        }
    }

    /// Runs the node's module on the run's facts (card data removed by the sandbox) and the
    /// outputs of earlier custom steps. A module that traps or breaks a limit fails the step
    /// for good; only a full invocation queue is worth a retry.
    private func custom(node: String, run: StoredRun, spec: CustomSpec) async throws -> RunEvent {
        guard let version = try await store.read({ try await $0.moduleVersion(spec.module, version: spec.version, tenant: run.tenantID) }) else {
            let which = spec.version.map { "version \($0) of module \(spec.module)" } ?? "module \(spec.module)"
            return .stepFailed(node: node, reason: "\(which) is not one of the tenant's modules", retryable: false)
        }
        let input = JSONValue.object([
            ("invoice", run.context["invoice"] ?? .null), ("buyer", run.context["buyer"] ?? .null),
            ("payment", run.context["payment"] ?? .null), ("context", run.context["context"] ?? .null),
            ("steps", run.state.stepOutputsJSON),
        ])
        do {
            let result = try await modules.invoke(version, input: input)
            return .stepSucceeded(node: node, outcome: .next, output: result.output)
        } catch {
            return .stepFailed(node: node, reason: "module \(version.moduleID) version \(version.version) failed: \(error.description)",
                               retryable: error.retryable)
        }
    }

    private func tax(node: String, run: StoredRun, jurisdiction: String?) async throws -> RunEvent {
        let settings = try await store.read { try await $0.tenantSettings(run.tenantID) }
        guard let tableJSON = settings.taxTable else {
            return .stepSucceeded(node: node, outcome: .next, output: .object([("tax_amount", .int(0)), ("reason", .string("the tenant has no tax table"))]))
        }
        let country = run.context["buyer"]?["country"]?.stringValue ?? ""
        let currency = try Currency(code: run.context["payment"]?["currency"]?.stringValue ?? "USD")
        var lines: [Int64] = []
        if case let .array(items)? = run.context["invoice"]?["lines"] {
            lines = items.compactMap { $0["amount"]?.int64Value }
        }
        do {
            let table = try TaxTable.parse(tableJSON)
            let computation = try TaxCalculator.compute(lineAmounts: lines, currency: currency, table: table,
                                                        jurisdiction: TaxCalculator.jurisdiction(override: jurisdiction, buyerCountry: country))
            return .stepSucceeded(node: node, outcome: .next, output: computation.jsonValue)
        } catch {
            return .stepFailed(node: node, reason: "tax could not be computed: \(error)", retryable: false)
        }
    }
}
