import ArgumentParser
import Logging
import RemitCore
import RemitServer
import RemitStore

/// `remit tenant create`.
struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tenant", abstract: "Manage tenants.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant and print its API key once.")

        @Option(help: "The tenant's name.") var name: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            LogSetup.bootstrap(format: "text", level: .warning)
            let name = self.name
            let (tenant, key) = try await database.withStore(logger: Logger(label: "remit")) { store in
                try await TenantService(store: store, environment: Environment()).createTenant(name: name)
            }
            print("Created tenant \(tenant.name) (\(tenant.id)).")
            print("API key (shown once; only its hash is stored):")
            print(key)
        }
    }
}

/// `remit migrate`: bring the schema up to date without serving.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        LogSetup.bootstrap(format: "text", level: .info)
        _ = try await database.withStore(logger: Logger(label: "remit")) { _ in true }
        print("Migrations applied.")
    }
}
