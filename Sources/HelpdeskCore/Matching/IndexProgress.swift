import Foundation
import Logging

/// Progress of long index work in the log: a rebuild, or a catch-up over a large backlog (a first start on an imported
/// or generated store, a new node on a PostgreSQL store). At 1,000,000 tickets either takes about a minute, so an
/// admin watching the start sees which step runs, how far it is and about how long it has left. Work that ends within
/// `interval` logs nothing.
struct IndexProgress {
    /// Where the lines go.
    let logger: Logger
    /// What is being done, as the first words of every line ("rebuilding the search index").
    let work: String
    /// The least time between two lines, and before the first.
    let interval: Duration
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var lastLine: ContinuousClock.Instant
    private var step = ""
    private var stepStarted: ContinuousClock.Instant
    /// Whether any progress line was logged (then the end is logged too).
    private(set) var logged = false

    /// Starts timing `work`.
    init(logger: Logger, work: String, interval: Duration = .seconds(2)) {
        self.logger = logger
        self.work = work
        self.interval = interval
        started = clock.now
        lastLine = started
        stepStarted = started
    }

    /// Reports that `done` of the `total` items of `step` are done; logs a line when `interval` has passed since the
    /// last one, and when a step begins once the work has run for `interval`.
    mutating func report(_ step: String, done: Int, of total: Int) {
        let now = clock.now
        var begins = false
        if step != self.step {
            self.step = step
            stepStarted = now
            begins = now - started >= interval
        }
        guard begins || now - lastLine >= interval else { return }
        lastLine = now
        logged = true
        let done = min(max(done, 0), max(total, 0))
        var metadata: Logger.Metadata = ["done": "\(done)", "total": "\(total)"]
        if total > 0 { metadata["percent"] = "\(done * 100 / total)" }
        let elapsed = Self.seconds(now - stepStarted)
        if done > 0, total > done, elapsed > 0 {
            metadata["remaining"] = "\(Int((elapsed / Double(done) * Double(total - done)).rounded())) s"
        }
        logger.notice("\(work): \(step)", metadata: metadata)
    }

    /// Logs the end of the work, with its duration, when any progress was logged.
    func finish() {
        guard logged else { return }
        logger.notice("\(work): done", metadata: ["seconds": "\(Int(Self.seconds(clock.now - started).rounded()))"])
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
