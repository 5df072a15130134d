import Foundation
import RemitCore
import RemitSandbox
import RemitStore

/// What an upload carries, before it is compiled.
struct ModuleUpload: Sendable {
    enum Source: Sendable {
        case wasm([UInt8])
        case wat(String)
    }
    var name: String
    var source: Source
    var capabilities: JSONValue?
    var limits: JSONValue?
}

/// Registers tenant modules and shows them: validated and compiled once at upload, stored
/// with their hash and a version per distinct binary.
struct ModuleService: Sendable {
    let environment: Environment
    let runtime: ModuleRuntime

    /// A module name: a lower-case letter, then up to 63 lower-case letters, digits, `_` or `-`.
    static func isName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, scalars.count <= 64, ("a"..."z").contains(first) else { return false }
        return scalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }

    /// Reads a JSON upload: `name`, then `wat` or `wasm_base64`, `capabilities`, `limits`.
    func upload(fromJSON body: JSONValue) throws -> ModuleUpload {
        guard case let .object(items) = body else { throw RemitError(.validationFailed, "The body is a JSON object.") }
        let known: Set<String> = ["name", "wat", "wasm_base64", "capabilities", "limits"]
        var errors = items.filter { !known.contains($0.key) }.map {
            FieldError(field: $0.key, rule: "unknown_field", message: "a module upload has \(known.sorted().joined(separator: ", "))")
        }
        let wat = body["wat"]?.stringValue, base64 = body["wasm_base64"]?.stringValue
        var source: ModuleUpload.Source?
        switch (wat, base64) {
        case let (text?, nil): source = .wat(text)
        case let (nil, encoded?):
            if let data = Data(base64Encoded: encoded) { source = .wasm(Array(data)) } else {
                errors.append(FieldError(field: "wasm_base64", rule: "format", message: "wasm_base64 is the module's binary in standard base64"))
            }
        case (.some, .some):
            errors.append(FieldError(field: "wat", rule: "exclusive", message: "send either wat or wasm_base64, not both"))
        case (nil, nil):
            errors.append(FieldError(field: "wasm_base64", rule: "required",
                                     message: "send the module as wasm_base64 (binary), as wat (WebAssembly text), or as an application/wasm body"))
        }
        guard errors.isEmpty, let source else { throw RemitError.validation(errors) }
        return ModuleUpload(name: body["name"]?.stringValue ?? "", source: source, capabilities: body["capabilities"], limits: body["limits"])
    }

    /// Validates, compiles and stores `upload`: a new module, a new version when the binary or
    /// its settings changed, or the latest version unchanged (200) when nothing did.
    func register(_ upload: ModuleUpload, tenant: TenantID, in transaction: StoreTransaction) async throws -> JSONResponse {
        let (candidate, errors) = compile(upload)
        guard errors.isEmpty, let candidate else { throw RemitError.validation(errors) }
        let now = environment.clock.nowMilliseconds
        guard let existing = try await transaction.moduleForUpdate(named: upload.name, tenant: tenant) else {
            let first = candidate.stored(id: environment.ids.secret(prefix: "mod_", byteCount: 12), version: 1, now: now)
            try await transaction.insertModule(first, tenant: tenant)
            return JSONResponse(status: .created, json: json(first, versions: [first]), location: "/v1/modules/\(first.moduleID)")
        }
        if let latest = try await transaction.moduleVersion(existing.id, tenant: tenant), candidate.isSame(as: latest) {
            return JSONResponse(json: json(latest, versions: try await transaction.moduleVersions(existing.id, tenant: tenant)))
        }
        let next = candidate.stored(id: existing.id, version: existing.latestVersion + 1, now: now)
        guard try await transaction.publishModuleVersion(next, tenant: tenant) else {
            throw RemitError(.conflict, "Another upload of module '\(upload.name)' is in progress; try again.")
        }
        return JSONResponse(status: .created, json: json(next, versions: try await transaction.moduleVersions(existing.id, tenant: tenant)),
                            location: "/v1/modules/\(existing.id)")
    }

    /// A compiled upload, not yet numbered.
    struct Candidate {
        var name: String
        var bytes: [UInt8]
        var format: String
        var module: SandboxModule
        var capabilities: [String]
        var limits: JSONValue

        func stored(id: String, version: Int, now: Int64) -> StoredModuleVersion {
            StoredModuleVersion(moduleID: id, name: name, version: version, hash: module.hash, wasm: bytes, sourceFormat: format,
                                capabilities: capabilities, limits: limits, imports: module.imports, exports: module.exports, createdAt: now)
        }

        func isSame(as stored: StoredModuleVersion) -> Bool {
            stored.hash == module.hash && stored.capabilities == capabilities && stored.limits == limits
        }
    }

    private func compile(_ upload: ModuleUpload) -> (Candidate?, [FieldError]) {
        var errors: [FieldError] = []
        if !Self.isName(upload.name) {
            errors.append(FieldError(field: "name", rule: "format",
                                     message: "a name is a lower-case letter, then up to 63 lower-case letters, digits, '_' or '-'"))
        }
        let capabilities = readCapabilities(upload.capabilities, &errors)
        let (limits, limitErrors) = ModuleLimits.validate(upload.limits, server: runtime.configuration.limits, field: "limits")
        errors += limitErrors
        let bytesMax = runtime.configuration.moduleBytesMax
        let field: String, format: String, bytes: [UInt8]
        do throws(SandboxError) {
            switch upload.source {
            case let .wasm(binary): (field, format, bytes) = ("wasm", "wasm", binary)
            case let .wat(text):
                (field, format) = ("wat", "wat")
                bytes = text.utf8.count > bytesMax ? Array(text.utf8) : try SandboxModule.binary(fromText: text)
            }
        } catch {
            errors.append(FieldError(field: "wat", rule: error.code.rawValue, message: error.message))
            return (nil, errors)
        }
        guard bytes.count <= bytesMax else {
            errors.append(FieldError(field: field, rule: "max_length", message: "a module has at most \(bytesMax) bytes (moduleBytesMax)"))
            return (nil, errors)
        }
        let module: SandboxModule
        do {
            module = try runtime.compile(bytes)
        } catch {
            errors.append(FieldError(field: field, rule: error.code.rawValue, message: error.message))
            return (nil, errors)
        }
        for entry in module.imports where !capabilities.contains(where: { "\(SandboxCapability.importModule).\($0)" == entry }) {
            let granted = SandboxCapability.allCases.first { "\(SandboxCapability.importModule).\($0.rawValue)" == entry }
            let hint = granted.map { "add \"\($0.rawValue)\" to capabilities to grant it" }
                ?? "only \(SandboxCapability.allCases.map { "remit.\($0.rawValue)" }.joined(separator: " and ")) can be granted"
            errors.append(FieldError(field: "capabilities", rule: SandboxError.Code.importNotGranted.rawValue,
                                     message: "the module imports \(entry), which is not granted; \(hint)"))
        }
        guard errors.isEmpty else { return (nil, errors) }
        return (Candidate(name: upload.name, bytes: bytes, format: format, module: module, capabilities: capabilities, limits: limits), [])
    }

    private func readCapabilities(_ value: JSONValue?, _ errors: inout [FieldError]) -> [String] {
        guard let value, value != .null else { return [] }
        guard case let .array(items) = value else {
            errors.append(FieldError(field: "capabilities", rule: "type", message: "capabilities is a list such as [\"log\"]"))
            return []
        }
        var names: [String] = []
        for (index, item) in items.enumerated() {
            guard let name = item.stringValue, SandboxCapability(rawValue: name) != nil else {
                errors.append(FieldError(field: "capabilities[\(index)]", rule: "enum",
                                         message: "a capability is one of \(SandboxCapability.allCases.map(\.rawValue).joined(separator: ", "))"))
                continue
            }
            if !names.contains(name) { names.append(name) }
        }
        return names.sorted()
    }

    /// A module version as the API shows it, with the list of its versions when given.
    func json(_ version: StoredModuleVersion, versions: [StoredModuleVersion] = []) -> JSONValue {
        let limits = ModuleLimits.effective(version.limits, server: runtime.configuration.limits)
        var members: [(key: String, value: JSONValue)] = [
            ("id", .string(version.moduleID)), ("object", .string("module")), ("name", .string(version.name)),
            ("version", .int(version.version)), ("hash", .string(version.hash)), ("size_bytes", .int(version.wasm.count)),
            ("source_format", .string(version.sourceFormat)), ("capabilities", .strings(version.capabilities)),
            ("limits", .object(ModuleLimits.members.map { ($0.name, JSONValue.int(limits[keyPath: $0.keyPath])) })),
            ("imports", .strings(version.imports)), ("exports", .strings(version.exports)),
            ("created_at", .string(Timestamp.rfc3339(milliseconds: version.createdAt))),
        ]
        if !versions.isEmpty {
            members.append(("versions", .array(versions.map {
                .object([("version", .int($0.version)), ("hash", .string($0.hash)),
                         ("created_at", .string(Timestamp.rfc3339(milliseconds: $0.createdAt)))])
            })))
        }
        return .object(members)
    }
}
