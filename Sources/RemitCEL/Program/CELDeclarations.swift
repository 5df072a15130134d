/// What an expression may refer to, checked when compiling.
///
/// Without declarations, any name is accepted and an unbound one fails only if it is
/// evaluated. With declarations, a reference to an undeclared variable or an unknown
/// function fails at compile time with code `check`.
public struct CELDeclarations: Sendable {
    /// Names of the variables bindings will supply (dotted names such as `a.b` allowed).
    public var variables: Set<String>
    /// Extra functions, by name.
    var functionsByName: [String: Builtin] = [:]

    /// Declares variables by name.
    public init(variables: Set<String>) {
        self.variables = variables
    }

    /// Adds a global function of one argument, `name(x)`.
    public mutating func addFunction(_ name: String, _ body: @escaping @Sendable (CELValue) throws(CELError) -> CELValue) {
        functionsByName[name, default: Builtin()].global1 = body
    }

    /// Adds a global function of two arguments, `name(x, y)`.
    public mutating func addFunction(
        _ name: String, _ body: @escaping @Sendable (CELValue, CELValue) throws(CELError) -> CELValue
    ) {
        functionsByName[name, default: Builtin()].global2 = body
    }
}
