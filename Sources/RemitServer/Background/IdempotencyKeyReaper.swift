import Logging
import RemitCore
import RemitStore
import ServiceLifecycle

/// Deletes idempotency keys past their retention, in bounded batches, on every node. An
/// expired key is already ignored at lookup; this only keeps the table small.
struct IdempotencyKeyReaper: Service {
    let store: Store
    let configuration: ServerConfiguration
    let clock: WallClock
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                let now = clock.nowMilliseconds
                let batch = configuration.idempotencyPurgeBatchMax
                let purged = try await store.write { try await $0.purgeExpiredIdempotencyKeys(now: now, limit: batch) }
                if purged > 0 { logger.info("purged expired idempotency keys", metadata: ["idempotency.purged": "\(purged)"]) }
            } catch {
                logger.warning("idempotency purge failed", metadata: ["error": "\(error)"])
            }
            do {
                try await cancelWhenGracefulShutdown {
                    try await Task.sleep(for: .seconds(configuration.idempotencyPurgeIntervalSeconds))
                }
            } catch {
                return
            }
        }
    }
}
