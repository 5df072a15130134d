import Foundation

/// One benchmark case from bench/cel_cases.json.
struct BenchCase: Decodable {
    var name: String
    var expression: String

    enum CodingKeys: String, CodingKey {
        case name
        case expression = "expr"
    }
}

enum BenchCases {
    static func load(from path: String) throws -> [BenchCase] {
        struct File: Decodable { var cases: [BenchCase] }
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: URL(fileURLWithPath: path))).cases
    }
}

/// Measures how many times per second a body runs, on the calling thread.
enum Stopwatch {
    /// Runs `body` in batches until at least `seconds` have passed and returns runs per second.
    static func rate(seconds: Double = 0.3, _ body: () -> Void) -> Double {
        for _ in 0..<1_000 { body() }
        let clock = ContinuousClock()
        var runs = 0
        var batch = 1_000
        let start = clock.now
        while true {
            for _ in 0..<batch { body() }
            runs += batch
            let elapsed = start.duration(to: clock.now)
            let secondsElapsed = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            if secondsElapsed >= seconds { return Double(runs) / secondsElapsed }
            batch = min(batch * 2, 1_000_000)
        }
    }
}
