import Foundation
import Logging
import RemitCore

/// One JSON object a line: `{"ts":…,"level":…,"label":…,"msg":…,"metadata keys":…}`.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var members: [(key: String, value: JSONValue)] = [
            ("ts", .string(Timestamp.rfc3339(milliseconds: WallClock.system.nowMilliseconds))),
            ("level", .string(event.level.rawValue)),
            ("label", .string(label)),
            ("msg", .string(event.message.description)),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            members.append((key, .string(value.description)))
        }
        let line = JSONWriter.string(.object(members)) + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}

extension LogSetup {
    /// Installs the log handler once for the process.
    static func bootstrap(format: String, level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            if format == "json" {
                return JSONLogHandler(label: label, logLevel: level)
            }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// A namespace for logging set-up.
enum LogSetup {}
