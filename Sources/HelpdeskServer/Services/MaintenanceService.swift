import Foundation
import HelpdeskCore
import Logging
import ServiceLifecycle

/// Background upkeep while the server runs: refreshes the gauges, writes the suggestions shown (counted in memory,
/// `AppDatabase.countSuggestionsShown`) every tick, mails SLA warnings for deadlines less than half an hour away, purges
/// expired sessions, deletes attachment files no row names (an hour after they were written), saves the index snapshot
/// periodically, and writes the suggestions shown and saves the snapshot once more on graceful shutdown (SIGTERM/SIGINT),
/// after the HTTP server has stopped. A crash loses the suggestions shown since the last tick.
///
/// With several app nodes on one database, the SLA sweep, the session purge and the orphan sweep run on one node at a
/// time (`AppDatabase.runAlone`); the gauges, the suggestions shown, relearning and snapshots are each node's own.
struct MaintenanceService: Service {
    let database: AppDatabase
    let index: HelpdeskIndex
    /// Where the snapshot goes; nil for an in-memory deployment.
    let snapshotFolder: String?
    let metrics: AppMetrics
    let logger: Logger
    /// Seconds between gauge refreshes.
    var tick: Duration = .seconds(15)
    /// Ticks between snapshot saves (5 minutes at 15 s).
    var ticksPerSnapshot = 20
    /// Ticks between session purges.
    var ticksPerPurge = 40
    /// Ticks between SLA sweeps (one minute at 15 s).
    var ticksPerSLASweep = 4
    /// Ticks between learning the stock phrases and term associations again, when anything changed (an hour at 15 s).
    var ticksPerRelearn = 240
    /// The uploaded files, swept for orphans (files of refused or failed requests) every `ticksPerOrphanSweep`.
    var attachments: AttachmentStore? = nil
    /// Ticks between orphan sweeps (an hour at 15 s).
    var ticksPerOrphanSweep = 240
    /// How old an unnamed file must be to be an orphan: far longer than any request takes.
    var orphanAge: TimeInterval = 3600
    /// How long before a deadline its assignee and the admins are warned.
    var slaWarningWindow: TimeInterval = 30 * 60

    func run() async throws {
        var savedCheckpoint = index.checkpoint
        var learnedCheckpoint = index.checkpoint
        var count = 0
        await refreshGauges()
        while true {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
            } catch {
                break
            }
            count += 1
            await flushSuggestionsShown()
            await refreshGauges()
            if count % ticksPerSLASweep == 0 {
                do {
                    let window = slaWarningWindow
                    let warned = try await database.runAlone(.slaWarnings) {
                        try await database.sendSLAWarnings(within: window)
                    } ?? []
                    if !warned.isEmpty {
                        logger.info("queued SLA warnings", metadata: ["tickets": "\(warned.compactMap(\.id))"])
                    }
                } catch {
                    logger.warning("SLA sweep failed", metadata: ["error": "\(error)"])
                }
            }
            if count % ticksPerOrphanSweep == 0, let attachments {
                do {
                    let age = orphanAge
                    let removed = try await database.runAlone(.attachmentSweep) {
                        attachments.removeOrphans(
                            referenced: try await database.attachmentDigests(), olderThan: Date().addingTimeInterval(-age))
                    } ?? 0
                    if removed > 0 { logger.info("removed orphaned attachment files", metadata: ["count": "\(removed)"]) }
                } catch {
                    logger.warning("attachment sweep failed", metadata: ["error": "\(error)"])
                }
            }
            if count % ticksPerPurge == 0 {
                do { _ = try await database.runAlone(.sessionPurge) { try await database.purgeExpiredSessions() } } catch {
                    logger.warning("session purge failed", metadata: ["error": "\(error)"])
                }
            }
            if count % ticksPerRelearn == 0, index.checkpoint != learnedCheckpoint {
                let checkpoint = index.checkpoint
                do {
                    try index.relearn(from: database)
                    learnedCheckpoint = checkpoint
                    logger.info("learned from the solutions again", metadata: ["associations": "\(index.associations.count)"])
                } catch {
                    logger.warning("learning from the solutions failed", metadata: ["error": "\(error)"])
                }
            }
            if count % ticksPerSnapshot == 0, index.checkpoint != savedCheckpoint {
                if saveSnapshot() { savedCheckpoint = index.checkpoint }
            }
        }
        await flushSuggestionsShown()
        _ = saveSnapshot()
    }

    /// Writes the suggestions shown since the last flush; a failure keeps them for the next one.
    func flushSuggestionsShown() async {
        do { try await database.flushSuggestionsShown() } catch {
            logger.warning("writing the suggestions shown failed", metadata: ["error": "\(error)"])
        }
    }

    /// Updates the index and outbox gauges.
    func refreshGauges() async {
        metrics.solutionDocuments.set(Double(index.solutions.documentCount))
        metrics.ticketDocuments.set(Double(index.tickets.documentCount))
        if let pending = try? await database.pendingMailCount() {
            metrics.outboxBacklog.set(Double(pending))
        }
    }

    /// Writes the snapshot; returns whether it worked.
    @discardableResult
    func saveSnapshot() -> Bool {
        guard let snapshotFolder else { return true }
        do {
            try index.save(to: snapshotFolder)
            logger.info("saved the search index snapshot", metadata: ["checkpoint": "\(index.checkpoint)"])
            return true
        } catch {
            logger.error("could not save the search index snapshot", metadata: ["error": "\(error)"])
            return false
        }
    }
}
