import Foundation

/// A compiled CEL expression, ready to evaluate many times, concurrently, with different bindings.
///
/// ```swift
/// let program = try CELProgram(compiling: "invoice.amount > 50000 && buyer.terms == 'net60'")
/// let result = try program.evaluate(bindings: ["invoice": invoice, "buyer": buyer])
/// ```
public struct CELProgram: Sendable {
    /// The source text.
    public let source: String
    /// The limits this program was compiled with and evaluates under.
    public let limits: CELLimits
    /// Variable names the expression may read (dotted names included).
    public var referencedVariables: [String] { globals.map(\.name) }
    private let globals: [(name: String, slot: Int)]
    private let plainGlobals: [(name: String, slot: Int)]
    private let dottedGlobals: [(name: String, slot: Int)]
    private let root: Node
    private let slotCount: Int

    /// Parses and compiles an expression.
    ///
    /// - Parameters:
    ///   - source: The CEL expression.
    ///   - declarations: When given, references to undeclared variables or unknown functions fail here.
    ///   - limits: Bounds on size, nesting and evaluation cost.
    ///   - macrosEnabled: When false, `has`, `all`, `exists`, … are ordinary (unknown) functions.
    /// - Throws: ``CELError`` with code `parse`, `check` or `limitExceeded`.
    public init(
        compiling source: String, declarations: CELDeclarations? = nil, limits: CELLimits = .default,
        macrosEnabled: Bool = true
    ) throws(CELError) {
        let length = source.unicodeScalars.count
        guard length <= limits.expressionLengthMax else {
            throw CELError(.limitExceeded,
                "expression is \(length) characters; expressionLengthMax is \(limits.expressionLengthMax)")
        }
        var parser = try Parser(text: source, nestingDepthMax: limits.effectiveNestingDepthMax, macrosEnabled: macrosEnabled)
        let expr = try parser.parseAll()
        var compiler = Compiler(declarations: declarations, source: parser.source)
        root = try compiler.compile(expr)
        slotCount = compiler.slotCount
        globals = compiler.globals
        plainGlobals = globals.filter { !$0.name.contains(".") }
        dottedGlobals = globals.filter { $0.name.contains(".") }
        self.source = source
        self.limits = limits
    }

    /// Evaluates the expression.
    ///
    /// - Parameter bindings: Values of the variables, by (possibly dotted) name.
    /// - Throws: ``CELError`` when evaluation fails, e.g. `noSuchOverload`, `divisionByZero`,
    ///   `unboundVariable` or `limitExceeded`.
    public func evaluate(bindings: [String: CELValue] = [:]) throws(CELError) -> CELValue {
        var frame = Frame(slotCount: slotCount, limits: limits)
        var found = 0
        for global in plainGlobals {
            if let value = bindings[global.name] {
                frame.slots[global.slot] = value
                found += 1
            }
        }
        // Dotted names (`a.b` bound as one variable) are rare; look them up only when some
        // binding is not one of the plain names, which saves a hash lookup per dotted path.
        if found < bindings.count {
            for global in dottedGlobals {
                frame.slots[global.slot] = bindings[global.name]
            }
        }
        return try root.eval(&frame)
    }

    /// Evaluates the expression with bindings taken from a JSON object (see ``CELValue/init(json:)``).
    public func evaluate(jsonBindings: [String: Any]) throws(CELError) -> CELValue {
        var bindings: [String: CELValue] = [:]
        for name in referencedVariables {
            if let value = jsonBindings[name] { bindings[name] = try CELValue(json: value) }
        }
        return try evaluate(bindings: bindings)
    }

    /// Evaluates with bindings from a JSON object document, e.g. `{"invoice": {"amount": 100}}`
    /// (what `remit cel eval --bindings` passes).
    public func evaluate(bindingsJSON: Data) throws(CELError) -> CELValue {
        guard case .map(let map) = try CELValue(jsonData: bindingsJSON) else {
            throw CELError(.invalidBinding, "bindings must be a JSON object")
        }
        var bindings: [String: CELValue] = [:]
        for (key, value) in map.entries {
            if case .string(let name) = key { bindings[name] = value }
        }
        return try evaluate(bindings: bindings)
    }

    /// Evaluates and requires a `bool` result, as policy conditions do.
    public func evaluateCondition(bindings: [String: CELValue] = [:]) throws(CELError) -> Bool {
        let value = try evaluate(bindings: bindings)
        guard case .bool(let result) = value else {
            throw CELError(.noSuchOverload, "condition evaluated to '\(value.celType.name)', expected 'bool'")
        }
        return result
    }
}
