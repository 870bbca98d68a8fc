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
