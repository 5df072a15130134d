/// Evaluates binding-free subtrees once at compile time, e.g. `['sepa', 'ach']` or
/// `duration('1440h')`, so each evaluation starts from the finished value.
///
/// Folding only keeps successes: a subtree that fails (`1 / 0`) stays a runtime node, so its
/// error still takes part in CEL's absorption rules (`1 / 0 == 1 || true` is true).
enum ConstantFolding {
    static func fold(_ node: Node, operands: [Node]) -> Node {
        guard operands.allSatisfy({ $0 is ConstantNode }) else { return node }
        var frame = Frame(slotCount: 0, limits: .default)
        do throws(CELError) {
            return ConstantNode(try node.eval(&frame))
        } catch {
            return node
        }
    }
}
