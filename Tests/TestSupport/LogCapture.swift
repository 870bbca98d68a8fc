import Logging
import Synchronization

/// Log lines collected by `CapturingLogHandler`: the message, then the metadata as sorted `key=value` pairs.
public final class LogCapture: Sendable {
    /// An empty capture.
    public init() {}
    private let store = Mutex<[String]>([])
    /// The lines, in order.
    public var lines: [String] { store.withLock { $0 } }
    /// Adds a line.
    public func append(_ line: String) { store.withLock { $0.append(line) } }

    /// A logger at `level` whose every line lands in this capture.
    public func logger(level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: "care-test") { _ in CapturingLogHandler(capture: self) }
        logger.logLevel = level
        return logger
    }
}

/// A swift-log handler that keeps every line in a `LogCapture`.
public struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    public var logLevel: Logger.Level = .trace
    public var metadata: Logger.Metadata = [:]

    /// A handler that keeps every line in `capture`.
    public init(capture: LogCapture) { self.capture = capture }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let pairs = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        capture.append(([event.message.description] + pairs).joined(separator: " "))
    }
}
