import Foundation
import Testing
import RemitConnectors
import RemitCore

/// One Standard Webhooks vector from `Fixtures/webhook-vectors.json`, made with the PyPI
/// reference implementation and re-checked against it by `tests/api/test_standard_webhooks.py`.
struct WebhookVector: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var secrets: [String]
    var id: String
    var timestamp: Int64
    var body: String
    var signature: String

    var testDescription: String { name }
    var bodyBytes: [UInt8] { Array(body.utf8) }
    var parsedSecrets: [WebhookSecret] { secrets.map { try! WebhookSecret($0) } }

    static let all: [WebhookVector] = {
        struct File: Decodable { var vectors: [WebhookVector] }
        guard let url = Bundle.module.url(forResource: "webhook-vectors", withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url),
              let file = try? JSONDecoder().decode(File.self, from: data)
        else { fatalError("Fixtures/webhook-vectors.json is missing or malformed") }
        return file.vectors
    }()
}

/// A clock fixed at `unixSeconds`.
func clock(at unixSeconds: Int64) -> WallClock {
    .fixed(Date(timeIntervalSince1970: TimeInterval(unixSeconds)))
}

/// A secret of `count` bytes counting up from `start`, like the vectors' secrets.
func testSecret(_ count: Int = 32, from start: Int = 0) -> WebhookSecret {
    try! WebhookSecret(bytes: (0..<count).map { UInt8((start + $0) % 256) })
}

/// 2026-11-29T18:00:00Z.
let referenceTime: Int64 = 1_795_975_200
