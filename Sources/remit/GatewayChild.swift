import Foundation
import Logging
import ServiceLifecycle

/// `remit serve --demo` runs the simulated gateway beside the server as a separate process
/// (so, as with a real gateway, a crash of Remit between a charge and its commit is a real
/// ambiguous outcome). This service starts it and stops it with the server.
struct GatewayChild: Service {
    let port: Int
    let dataPath: String
    let logger: Logger

    func run() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = ["gateway-sim", "--port", String(port), "--data", dataPath, "--log-format", "text", "--log-level", "warning"]
        process.standardInput = FileHandle.nullDevice
        try process.run()
        logger.info("simulated gateway started", metadata: ["gateway.pid": "\(process.processIdentifier)", "gateway.port": "\(port)"])
        await withGracefulShutdownHandler {
            while process.isRunning, !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
            }
        } onGracefulShutdown: {
            process.terminate()
        }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
