import SearchEngine
import Synchronization

/// What one client's keystrokes share while it types (`HelpdeskIndex.suggestions(…, typing:)`): the scores of the
/// complete words (`TypedPrefix`) for each filter its suggestions search (the chosen topic's, and everything), so that
/// a keystroke inside a word reads only the postings of that word and its completions; and the figures that let the
/// meaning pass read only the solutions that can be among the nearest (`NearestPrefix`).
///
/// A prefix is used only for the very words, filter, scoring and index snapshot it was made for, and the meaning's
/// figures only for the very table they were computed on, so a memory shared by two people typing at once, or kept
/// across a change to the index, makes suggestions slower, never different.
public final class TypingMemory: Sendable {
    private let prefixes = Mutex<[(filter: String?, prefix: TypedPrefix)]>([])
    private let meaningPrefix = Mutex<NearestPrefix?>(nil)

    /// The most filters remembered (a topic and everything).
    static let maximumFilters = 2

    /// An empty memory.
    public init() {}

    /// The prefix kept for searches with `filter`.
    func prefix(filter: String?) -> TypedPrefix? {
        prefixes.withLock { kept in kept.first { $0.filter == filter }?.prefix }
    }

    /// Keeps `prefix` for searches with `filter` (forgets the one kept before; nil forgets it only).
    func keep(_ prefix: TypedPrefix?, filter: String?) {
        prefixes.withLock { kept in
            if let i = kept.firstIndex(where: { $0.filter == filter }) {
                if kept[i].prefix === prefix { return }
                kept.remove(at: i)
            }
            guard let prefix else { return }
            if kept.count >= Self.maximumFilters { kept.removeFirst() }
            kept.append((filter, prefix))
        }
    }

    /// The figures kept for the meaning pass (`VectorTable.nearest(_:sum:k:filter:reusing:)`).
    var meaning: NearestPrefix? { meaningPrefix.withLock { $0 } }

    /// Keeps `prefix` for the next meaning pass.
    func keepMeaning(_ prefix: NearestPrefix?) { meaningPrefix.withLock { $0 = prefix } }

    /// Memory the kept prefixes hold, apart from the index snapshots they refer to.
    public var byteCount: Int {
        prefixes.withLock { kept in kept.reduce(64) { $0 + ($1.filter?.utf8.count ?? 0) + $1.prefix.byteCount } }
            + (meaning?.byteCount ?? 0)
    }
}

/// One `TypingMemory` per client (an account, or an anonymous visitor's address), bounded in number and in bytes
/// whatever clients send: past either bound the least recently used quarter is forgotten at once, so the occasional
/// sweep costs O(log n) per request on average.
public final class TypingMemories: Sendable {
    private struct Entry {
        var memory: TypingMemory
        var bytes: Int
        var used: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
        var clock: UInt64 = 0
    }

    private let state = Mutex(State())
    /// The most clients remembered.
    public let maximumClients: Int
    /// The most bytes the memories hold together (a memory is measured after each use).
    public let maximumBytes: Int

    /// - Parameters:
    ///   - maximumClients: the most clients remembered at once.
    ///   - maximumBytes: the most bytes their memories hold together.
    public init(maximumClients: Int = 4_096, maximumBytes: Int = 64 << 20) {
        self.maximumClients = max(1, maximumClients)
        self.maximumBytes = max(1 << 16, maximumBytes)
    }

    /// Runs `body` with the memory of client `key` (a new one when it has none), then measures it.
    public func with<T>(_ key: String, _ body: (TypingMemory) throws -> T) rethrows -> T {
        let memory = state.withLock { state -> TypingMemory in
            state.clock += 1
            if let entry = state.entries[key] {
                state.entries[key]?.used = state.clock
                return entry.memory
            }
            let memory = TypingMemory()
            state.entries[key] = Entry(memory: memory, bytes: 0, used: state.clock)
            return memory
        }
        defer {
            let bytes = memory.byteCount
            state.withLock { state in
                // Measured only if it is still remembered (a sweep may have forgotten it meanwhile).
                guard let entry = state.entries[key], entry.memory === memory else { return }
                state.bytes += bytes - entry.bytes
                state.entries[key]?.bytes = bytes
                if state.entries.count > maximumClients || state.bytes > maximumBytes { Self.sweep(&state) }
            }
        }
        return try body(memory)
    }

    /// Clients remembered.
    public var count: Int { state.withLock { $0.entries.count } }

    /// Bytes the memories held at their last measurement.
    public var byteCount: Int { state.withLock { $0.bytes } }

    /// Forgets the least recently used quarter of the clients (at least one).
    private static func sweep(_ state: inout State) {
        let oldest = state.entries.sorted { $0.value.used < $1.value.used }.prefix(max(1, state.entries.count / 4))
        for (key, entry) in oldest {
            state.entries[key] = nil
            state.bytes -= entry.bytes
        }
    }
}
