import Dispatch
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// A few PostgreSQL connections for the helpdesk's transactions. A transaction takes a free connection, runs on a
/// dispatch thread (its statements block that thread, as GRDB's do on SQLite), and gives the connection back; a
/// connection found closed is opened again, so a restarted server is picked up without restarting `care`.
package final class PostgresPool: Sendable {
    /// Where the database is.
    package let settings: PostgresSettings
    private let configuration: PostgresConnection.Configuration
    /// One connection per slot; a slot belongs to the transaction that took its index from `free`.
    private let slots: Mutex<[PostgresConnection?]>
    private let size: Int
    private let free: Mutex<[Int]>
    private let available: DispatchSemaphore
    private let logger: Logger

    /// Opens the first of up to `size` connections, so that a wrong address or password is reported at once; the
    /// others open when concurrent transactions first need them.
    /// - Throws: `StoreOpenError` naming the URL (without password) and the cause.
    package static func open(_ settings: PostgresSettings, size: Int = 4, logger: Logger = Logger(label: "HelpdeskCore.postgres"))
        async throws -> PostgresPool
    {
        let pool = try PostgresPool(settings: settings, size: max(1, size), logger: logger)
        do {
            let connection = try await pool.connect()
            // Transactions take slots from the end of `free`: the open connection is the first one taken.
            pool.slots.withLock { $0[pool.size - 1] = connection }
        } catch {
            throw StoreOpenError(location: settings.redacted, cause: PostgresStore.explain(error, settings: settings))
        }
        return pool
    }

    private init(settings: PostgresSettings, size: Int, logger: Logger) throws {
        self.settings = settings
        self.logger = logger
        configuration = try PostgresStore.configuration(for: settings, connectTimeout: .seconds(10))
        self.size = size
        slots = Mutex(Array(repeating: nil, count: size))
        free = Mutex(Array(0..<size))
        available = DispatchSemaphore(value: size)
    }

    private func connect() async throws -> PostgresConnection {
        try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: Int.random(in: 1...Int.max),
            logger: logger)
    }

    private func connectNow() throws -> PostgresConnection {
        try PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: Int.random(in: 1...Int.max),
            logger: logger
        ).wait()
    }

    /// Runs `body` in a transaction on a free connection: committed when it returns, rolled back when it throws.
    ///
    /// Transactions are serializable, as SQLite's are, so the rules written once above the seam (capacity, workflow,
    /// unique e-mail addresses) hold under concurrency without locks of their own. A transaction that PostgreSQL
    /// aborts to keep that promise (serialization failure, deadlock) runs again, a few times, after a short random
    /// wait; `body` must therefore do nothing outside the transaction.
    package func transaction<T: Sendable>(
        exclusive lock: Int64? = nil, _ body: @escaping @Sendable (any SQLExecutor) throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try self.transactionNow(exclusive: lock, body) })
            }
        }
    }

    /// How many times a transaction runs before a serialization failure reaches the caller.
    static let attempts = 12

    /// `transaction` on the calling thread (which it blocks).
    /// - Parameter lock: an advisory lock held from before the transaction begins until after it ends, so that the
    ///   transactions holding it run one after the other, each seeing everything the previous one committed (taken
    ///   inside the transaction, the lock would come after its snapshot).
    package func transactionNow<T>(exclusive lock: Int64? = nil, _ body: (any SQLExecutor) throws -> T) throws -> T {
        var attempt = 1
        var reconnected = false
        while true {
            var began = false
            do {
                return try onConnection { executor in
                    if let lock { _ = try executor.execute("SELECT pg_advisory_lock(?)", [.integer(lock)]) }
                    defer { if let lock { _ = try? executor.execute("SELECT pg_advisory_unlock(?)", [.integer(lock)]) } }
                    _ = try executor.execute("BEGIN ISOLATION LEVEL SERIALIZABLE", [])
                    began = true
                    do {
                        let result = try body(executor)
                        _ = try executor.execute("COMMIT", [])
                        return result
                    } catch {
                        _ = try? executor.execute("ROLLBACK", [])
                        throw error
                    }
                }
            } catch let error as PSQLError where Self.isRetryable(error) && attempt < Self.attempts {
                attempt += 1
                usleep(UInt32.random(in: 1_000...UInt32(min(200_000, 2_000 << min(attempt, 7)))))
            } catch is StoreUnavailable where !began && !reconnected {
                // The connection had died before this transaction sent anything (a server restart between two
                // requests): nothing ran, so it runs once more on a fresh connection.
                reconnected = true
            }
        }
    }

    /// Whether PostgreSQL aborted the transaction only because of another one running at the same time.
    static func isRetryable(_ error: PSQLError) -> Bool {
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40001" || state == "40P01"
    }

    /// Runs `body` with a connection of its own (opened again when found closed). A connection that fails underneath
    /// (the server restarted, the network dropped) is dropped, so the next transaction opens a fresh one, and the
    /// failure becomes `StoreUnavailable`: the request that met it gets a 503 and the store recovers by itself.
    private func onConnection<T>(_ body: (PostgresExecutor) throws -> T) throws -> T {
        available.wait()
        let index = free.withLock { $0.removeLast() }
        defer {
            free.withLock { $0.append(index) }
            available.signal()
        }
        var connection = slots.withLock { $0[index] }
        if connection == nil || connection!.isClosed {
            do {
                let fresh = try connectNow()
                slots.withLock { $0[index] = fresh }
                connection = fresh
            } catch {
                throw StoreUnavailable(cause: PostgresStore.explain(error, settings: settings))
            }
        }
        do {
            return try body(PostgresExecutor(connection: connection!, logger: logger))
        } catch let error as PSQLError where Self.isConnectionFailure(error) {
            slots.withLock { $0[index] = nil }
            // The connection must outlive its close: PostgresNIO asserts (a trap in debug builds) that a connection
            // is closed when freed, and a server that dropped it may not have closed the channel yet.
            if let dropped = connection { dropped.close().whenComplete { _ in withExtendedLifetime(dropped) {} } }
            throw StoreUnavailable(cause: PostgresStore.describe(error))
        }
    }

    /// Whether the error says the connection (not the statement) failed.
    static func isConnectionFailure(_ error: PSQLError) -> Bool {
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown, .poolClosed:
            return true
        default:
            // 08…: connection exceptions; 57P01–57P03: the server is shutting down or not yet accepting connections.
            guard let state = error.serverInfo?[.sqlState] else { return false }
            return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
        }
    }

    deinit {
        // Each connection lives until its close completes (PostgresNIO asserts that a connection is closed when freed).
        for connection in slots.withLock({ $0 }) {
            connection?.close().whenComplete { _ in withExtendedLifetime(connection) {} }
        }
    }

    /// Listens on `channel` on a connection of its own (not one of the pool's), calling `onNotification` for each
    /// notification, one at a time, until the task is cancelled or the connection fails (then it throws, and the caller
    /// listens again). `onReady` runs once the server has confirmed `LISTEN`.
    package func listen(
        _ channel: String, onReady: @Sendable () async -> Void = {}, onNotification: @Sendable () async -> Void
    ) async throws {
        let connection: PostgresConnection
        do { connection = try await connect() } catch {
            throw StoreUnavailable(cause: PostgresStore.explain(error, settings: settings))
        }
        do {
            try await connection.listen(on: channel) { notifications in
                await onReady()
                for try await _ in notifications { await onNotification() }
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }

    /// Runs `body` while this process holds the session advisory lock `key`, taken on a connection of its own; returns
    /// nil at once, without running it, when another session holds the lock (unless `wait`). The lock ends with that connection, so a
    /// process that dies mid-job frees it too.
    /// - Parameter wait: wait for the lock instead (then `body` always runs, once the other session let go).
    package func whileLocked<T: Sendable>(_ key: Int64, wait: Bool = false, _ body: () async throws -> T) async throws -> T? {
        let connection: PostgresConnection
        do { connection = try await connect() } catch {
            throw StoreUnavailable(cause: PostgresStore.explain(error, settings: settings))
        }
        do {
            var locked = false
            if wait {
                for try await _ in try await connection.query("SELECT pg_advisory_lock(\(key))", logger: logger) {}
                locked = true
            } else {
                for try await taken in try await connection.query("SELECT pg_try_advisory_lock(\(key))", logger: logger)
                    .decode(Bool.self)
                {
                    locked = taken
                }
            }
            let result = locked ? try await body() : nil
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Closes every connection.
    package func close() {
        let connections = slots.withLock { slots -> [PostgresConnection] in
            defer { slots = Array(repeating: nil, count: slots.count) }
            return slots.compactMap { $0 }
        }
        for connection in connections { try? connection.close().wait() }
    }
}
