import Foundation
import Synchronization

extension AppDatabase {
    /// The PostgreSQL channel every write that changes indexed text notifies when it commits.
    public static let changeChannel = "care_changes"

    /// Keeps the attached index in step with what other processes commit to the same database (the other app nodes on
    /// one PostgreSQL, or `care` commands run beside the server), until the task is cancelled.
    ///
    /// On PostgreSQL a connection of its own listens on `changeChannel`: each notification lets the index catch up at
    /// once, so a change made through another node is searchable here within milliseconds. Polling every
    /// `pollInterval` is the fallback, on both stores: it covers notifications lost while the listening connection was
    /// being replaced, and writers that do not notify. A catch-up that finds nothing new costs one indexed query.
    /// - Parameters:
    ///   - pollInterval: the longest a change may wait when no notification arrives.
    ///   - onListening: called each time the listening connection is (again) ready, for tests and readiness.
    public func followChanges(pollInterval: Duration = .seconds(2), onListening: @escaping @Sendable () async -> Void = {})
        async
    {
        await withTaskGroup(of: Void.self) { group in
            if case .postgres(let pool) = backend {
                group.addTask { await self.listenForChanges(pool, onListening: onListening) }
            }
            group.addTask {
                while !Task.isCancelled {
                    do { try await Task.sleep(for: pollInterval) } catch { break }
                    await self.catchUpIndex()
                }
            }
            await group.waitForAll()
        }
    }

    /// Listens for change notifications, opening the connection again (after a second, then catching up on what it
    /// may have missed) whenever it fails.
    private func listenForChanges(_ pool: PostgresPool, onListening: @escaping @Sendable () async -> Void) async {
        let failures = Mutex(0)
        while !Task.isCancelled {
            do {
                try await pool.listen(
                    Self.changeChannel,
                    onReady: {
                        failures.withLock { $0 = 0 }
                        await self.catchUpIndex()
                        await onListening()
                    },
                    onNotification: { await self.catchUpIndex() })
            } catch {
                if Task.isCancelled { break }
                let count = failures.withLock { count in
                    count += 1
                    return count
                }
                if count == 1 || count % 60 == 0 {
                    logger.warning(
                        "listening for changes failed; polling until it works again",
                        metadata: ["error": "\(error)", "failures": "\(count)"])
                }
            }
            do { try await Task.sleep(for: .seconds(1)) } catch { break }
        }
    }
}

/// Background work that must not run on two app nodes at once.
public enum ScheduledJob: Int64, Sendable, CaseIterable {
    /// Mailing the warnings for deadlines about to pass.
    case slaWarnings = 7_263_601
    /// Deleting expired sessions.
    case sessionPurge = 7_263_602
    /// Deleting attachment files no row names.
    case attachmentSweep = 7_263_603
    /// Loading the shipped knowledge base into an empty database (nodes starting together load it once).
    case knowledgeBaseLoad = 7_263_604
}

extension AppDatabase {
    /// Runs `body` unless another process runs the same job on this database right now (then returns nil without
    /// running it): on PostgreSQL under a session advisory lock named by the job, released when `body` ends or its
    /// process dies. A SQLite file has one server, so there `body` always runs.
    public func runAlone<T: Sendable>(_ job: ScheduledJob, _ body: () async throws -> T) async throws -> T? {
        switch backend {
        case .sqlite: return try await body()
        case .postgres(let pool): return try await pool.whileLocked(job.rawValue, body)
        }
    }

    /// Runs `body` once no other process runs the same job on this database: on PostgreSQL it waits for the job's
    /// advisory lock (so nodes starting together take turns, and each sees what the one before it did).
    public func runInTurn<T: Sendable>(_ job: ScheduledJob, _ body: () async throws -> T) async throws -> T {
        switch backend {
        case .sqlite: return try await body()
        case .postgres(let pool):
            guard let result = try await pool.whileLocked(job.rawValue, wait: true, body) else {
                throw StoreUnavailable(cause: "the lock of \(job) was not granted")
            }
            return result
        }
    }
}
