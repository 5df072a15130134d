import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import RemitCore

/// POSTs a body to a URL that passed the outbound policy, connecting to the address the
/// policy checked, and classifies what came back. Shared by the webhook and Slack deliverers.
struct OutboundPoster: Sendable {
    let policy: OutboundURLPolicy
    let clock: WallClock
    let requestTimeoutMilliseconds: Int64
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger

    /// The most response-body bytes read (and discarded) before closing the connection.
    static let responseBodyBytesMax = 64 * 1024
    /// The longest time to open a connection, within the request timeout.
    static let connectTimeoutMillisecondsMax: Int64 = 5_000
    static let userAgent = "Remit-Webhooks/1"

    func post(to url: String, headers: [(name: String, value: String)], body: [UInt8]) async -> DeliveryOutcome {
        let destination: OutboundDestination
        do {
            destination = try await policy.check(url)
        } catch let error as ConnectorError {
            logger.info("outbound URL refused", metadata: ["outbound.reason": "\(error.code.name)"])
            return error.code == .hostNotResolved ? .retry(.hostNotResolved, retryAfterSeconds: nil) : .failed(.refused(error))
        } catch {
            return .retry(.hostNotResolved, retryAfterSeconds: nil)
        }
        let client = HTTPClient(eventLoopGroup: eventLoopGroup, configuration: configuration(for: destination))
        let outcome = await send(client: client, destination: destination, headers: headers, body: body)
        // The client holds one connection to one checked address; it is closed with the attempt.
        try? await client.shutdown()
        logger.debug(
            "outbound delivery attempt",
            metadata: ["outbound.host": "\(destination.host)", "outbound.outcome": "\(outcome)"]
        )
        return outcome
    }

    /// A client that connects to the checked address, never follows redirects, and times out.
    ///
    /// `dnsOverride` maps the URL's host name to the checked address: AsyncHTTPClient then
    /// connects there without resolving the name again (closing the DNS-rebinding window)
    /// while still sending the name as `Host`, as TLS SNI, and verifying the certificate
    /// against it.
    private func configuration(for destination: OutboundDestination) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        let connect = min(Self.connectTimeoutMillisecondsMax, requestTimeoutMilliseconds)
        configuration.timeout = .init(connect: .milliseconds(connect), read: .milliseconds(requestTimeoutMilliseconds))
        if IPAddress(destination.host) == nil {
            configuration.dnsOverride = [destination.host: destination.connectAddress.description]
        }
        return configuration
    }

    private func send(
        client: HTTPClient, destination: OutboundDestination, headers: [(name: String, value: String)], body: [UInt8]
    ) async -> DeliveryOutcome {
        var request = HTTPClientRequest(url: destination.url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: Self.userAgent)
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        request.body = .bytes(body)
        do {
            let response = try await client.execute(request, timeout: .milliseconds(requestTimeoutMilliseconds), logger: logger)
            var received = 0
            for try await chunk in response.body {
                received += chunk.readableBytes
                if received > Self.responseBodyBytesMax { break }
            }
            return DeliveryOutcome(
                status: Int(response.status.code),
                retryAfter: response.headers.first(name: "retry-after"),
                now: clock.now()
            )
        } catch let error as HTTPClientError where Self.timeouts.contains(error) {
            return .retry(.timeout, retryAfterSeconds: nil)
        } catch {
            return .retry(.connection(String(describing: type(of: error)) + ": " + String(describing: error)), retryAfterSeconds: nil)
        }
    }

    private static let timeouts: [HTTPClientError] = [.deadlineExceeded, .readTimeout, .connectTimeout]
}
