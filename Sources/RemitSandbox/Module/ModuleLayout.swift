import WasmParser

/// The declarations the host checks before it instantiates a module: memory and table
/// minimums, and the type of every function, read with WasmKit's streaming parser.
struct ModuleLayout: Sendable {
    /// The declared minimum, in pages, of each memory the module defines.
    var memoryMinimumPages: [UInt64] = []
    /// The declared minimum, in elements, of each table the module defines.
    var tableMinimumElements: [UInt64] = []
    /// The type index of every function, imported ones first, in function index order.
    var functionTypeIndices: [UInt32] = []

    /// Reads the layout of a module's binary.
    static func read(_ bytes: [UInt8]) throws(SandboxError) -> ModuleLayout {
        var layout = ModuleLayout()
        var parser = WasmParser.Parser(bytes: bytes)
        do {
            while let payload = try parser.parseNext() {
                layout.record(payload)
            }
        } catch {
            throw SandboxError(.invalidModule, "The module is not valid WebAssembly: \(error).")
        }
        return layout
    }

    private mutating func record(_ payload: ParsingPayload) {
        switch payload {
        case .importSection(let imports):
            for entry in imports {
                if case .function(let typeIndex) = entry.descriptor { functionTypeIndices.append(typeIndex) }
            }
        case .functionSection(let typeIndices):
            functionTypeIndices += typeIndices
        case .memorySection(let memories):
            memoryMinimumPages += memories.map(\.type.min)
        case .tableSection(let tables):
            tableMinimumElements += tables.map(\.type.limits.min)
        default:
            break
        }
    }
}
