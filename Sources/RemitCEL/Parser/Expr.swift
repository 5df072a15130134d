/// A node of the parsed expression tree.
struct Expr: Sendable {
    indirect enum Kind: Sendable {
        case literal(CELValue)
        case identifier(String)
        /// `operand.field`; `testOnly` marks the argument of `has()`.
        case select(Expr, field: String, testOnly: Bool)
        /// A global call (`target == nil`) or a receiver call `target.function(args)`.
        /// Operators are calls too, named as in the CEL spec (`_+_`, `_&&_`, `_[_]`, `@in`).
        case call(target: Expr?, function: String, args: [Expr])
        case list([Expr])
        case map([(key: Expr, value: Expr)])
        case comprehension(Comprehension)
    }

    var kind: Kind
    /// Scalar offset in the source, for error positions.
    var offset: Int
    /// Height of the tree below and including this node, for the nesting limit.
    var depth: Int
}

/// A macro such as `list.all(x, p)` or `map.transformMap(k, v, f, t)`.
struct Comprehension: Sendable {
    enum Kind: Sendable {
        case all, exists, existsOne, map, filter, transformList, transformMap
    }

    var kind: Kind
    var range: Expr
    /// The iteration variable; for two-variable forms the index or key.
    var firstVariable: String
    /// The value variable of a two-variable form.
    var secondVariable: String?
    /// The predicate, or the transform of `map`/`transformList`/`transformMap`.
    var body: Expr
    /// The optional filter of `map(x, filter, t)` and the transforms.
    var filter: Expr?
}
