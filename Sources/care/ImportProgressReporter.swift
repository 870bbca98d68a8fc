import Foundation
import HelpdeskImport
import Synchronization

/// Draws import progress on stderr: a bar with rows/s and ETA (from bytes read) when stderr is a terminal, a plain
/// line every two seconds otherwise.
final class ImportProgressReporter: Sendable {
    private struct State {
        var phase = ""
        var phaseStart = ContinuousClock.now
        var lastLine = ContinuousClock.now
        var lastPhaseEnd = ContinuousClock.now
        var drawn = false
    }

    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let quiet: Bool
    private let state = Mutex(State())

    init(quiet: Bool) { self.quiet = quiet }

    func report(_ progress: ImportProgress) {
        guard !quiet else { return }
        let now = ContinuousClock.now
        let text: String? = state.withLock { state in
            if state.phase != progress.phase {
                if state.drawn && isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
                state.phase = progress.phase
                state.phaseStart = state.lastPhaseEnd
                state.drawn = false
            }
            if progress.isFinal { state.lastPhaseEnd = now }
            let elapsed = Self.seconds(now - state.phaseStart)
            if !isTerminal && !progress.isFinal && Self.seconds(now - state.lastLine) < 2 { return nil }
            state.lastLine = now
            state.drawn = true
            let rate = Double(progress.rows) / max(elapsed, 1e-3)
            let fraction = progress.totalBytes > 0 ? min(1, Double(progress.bytesRead) / Double(progress.totalBytes)) : 0
            let eta = fraction > 0.001 ? elapsed * (1 - fraction) / fraction : 0
            let written = progress.summary.tickets + progress.summary.solutions + progress.summary.agents
            let figures = String(
                format: "%d rows, %d written, %.0f rows/s, %.0f%%, ETA %@", progress.rows, written, rate,
                fraction * 100, Self.duration(eta))
            if isTerminal {
                let width = 24
                let filled = Int(fraction * Double(width))
                let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
                return "\r\u{1B}[2K\(progress.phase) [\(bar)] \(figures)"
            }
            return "\(progress.phase): \(figures)\n"
        }
        if let text { FileHandle.standardError.write(Data(text.utf8)) }
    }

    /// Ends the bar's line.
    func finish() {
        guard !quiet, isTerminal, state.withLock({ $0.drawn }) else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}

/// `print(…, to:)` for stderr.
struct FileHandleOutputStream: TextOutputStream {
    let handle: FileHandle
    static var standardError: FileHandleOutputStream { FileHandleOutputStream(handle: .standardError) }
    mutating func write(_ string: String) { handle.write(Data(string.utf8)) }
}
