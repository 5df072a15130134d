import ArgumentParser

/// The `remit` command line.
@main
struct Remit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remit",
        abstract: "Remit: programmable B2B payment workflows.",
        subcommands: [Serve.self, TenantCommand.self, Migrate.self, CELCommand.self, GatewaySimCommand.self, WorkflowCommand.self, LedgerCommand.self]
    )
}
