import ArgumentParser
import Foundation
import Logging
import RemitCore
import RemitLedger
import RemitStore

/// `remit ledger verify`.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ledger", abstract: "Inspect the double-entry ledger.",
                                                    subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every ledger invariant and print a summary; exit 1 when one is broken.",
            discussion: """
            Reads one consistent snapshot of the accounts and transfers and checks that every
            transfer balances per currency, stored balances equal the sum of the transfers, no
            constrained balance is broken, posts and voids refer to pending transfers, and no
            transfer touches another tenant's account.
            """)

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only this tenant's books (ten_…); all tenants when absent.") var tenant: String?

        func run() async throws {
            LogSetup.bootstrap(format: "text", level: .warning)
            let tenant = self.tenant.map(TenantID.init(rawValue:))
            let verification = try await database.withStore(logger: Logger(label: "remit")) { store in
                LedgerVerifier.verify(try await store.ledgerSnapshot(tenant: tenant))
            }
            print(verification.summary)
            if !verification.isValid { throw ExitCode(1) }
        }
    }
}
