import Synchronization

/// Lets at most `limit` operations run at once and at most `queueLimit` wait; past that a caller is refused at once
/// (`ServerError.busy`), so a flood of expensive requests (each a bcrypt hash of about 250 ms) gets fast 503s instead
/// of an ever longer queue, while the rest of the server keeps its cores.
final class ConcurrencyGate: Sendable {
    private struct State {
        var running = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
        var head = 0
    }

    /// The most operations running at once.
    let limit: Int
    /// The most operations waiting for a turn.
    let queueLimit: Int
    private let state = Mutex(State())

    /// Creates a gate.
    init(limit: Int, queueLimit: Int) {
        self.limit = max(1, limit)
        self.queueLimit = max(0, queueLimit)
    }

    /// Runs `body` when a turn is free.
    /// - Throws: `ServerError.busy` at once when `queueLimit` callers already wait; whatever `body` throws.
    func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await enter()
        defer { leave() }
        return try await body()
    }

    private enum Entry { case go, wait, refuse }

    private func enter() async throws {
        // Decide under the lock whether to run, wait or refuse; suspend outside it.
        let entry: Entry = state.withLock { state in
            if state.running < limit {
                state.running += 1
                return .go
            }
            return state.waiting.count - state.head < queueLimit ? .wait : .refuse
        }
        switch entry {
        case .go: return
        case .refuse: throw ServerError.busy(retryAfter: 1)
        case .wait:
            await withCheckedContinuation { continuation in
                let resumeNow: Bool = state.withLock { state in
                    // A turn may have been freed between the decision and here.
                    if state.running < limit {
                        state.running += 1
                        return true
                    }
                    state.waiting.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    private func leave() {
        let next: CheckedContinuation<Void, Never>? = state.withLock { state in
            guard state.head < state.waiting.count else {
                state.running -= 1
                return nil
            }
            // Hand this turn to the longest waiting caller (running stays the same).
            let continuation = state.waiting[state.head]
            state.head += 1
            if state.head == state.waiting.count {
                state.waiting.removeAll(keepingCapacity: true)
                state.head = 0
            }
            return continuation
        }
        next?.resume()
    }

    /// Operations running now (for tests and metrics).
    var running: Int { state.withLock { $0.running } }
}
