import Synchronization

/// A token bucket per key (a client address, a normalised e-mail, an account): each key may spend `capacity` requests
/// at once and earns `refillPerSecond` back.
///
/// Its memory is bounded whatever clients send: a key is kept as a fixed-size 64-bit hash (seeded per process, so a
/// client cannot aim collisions), and at most `maximumKeys` buckets are held. When the table is full, buckets that
/// have refilled completely are dropped first (they hold nothing worth remembering); if that is not enough, the
/// bucket held longest without use goes. Locked sections are O(1) apart from that occasional sweep, which runs at most
/// once per `maximumKeys / 4` new keys.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private struct State {
        var buckets: [Int: Bucket] = [:]
    }

    /// Burst size.
    let capacity: Double
    /// Sustained rate.
    let refillPerSecond: Double
    /// The most buckets held at once.
    let maximumKeys: Int
    private let state = Mutex(State())
    private let clock = ContinuousClock()

    /// Creates a limiter.
    /// - Parameters:
    ///   - capacity: the burst, at least 1.
    ///   - refillPerSecond: tokens earned back per second (positive).
    ///   - maximumKeys: the most keys remembered at once (about 40 bytes each).
    init(capacity: Int, refillPerSecond: Double, maximumKeys: Int = 100_000) {
        self.capacity = Double(max(1, capacity))
        self.refillPerSecond = max(refillPerSecond, 1e-6)
        self.maximumKeys = max(16, maximumKeys)
        state.withLock { $0.buckets.reserveCapacity(min(self.maximumKeys, 1_024)) }
    }

    /// The fixed-size form a key is kept in.
    private static func slot(_ key: String) -> Int {
        var hasher = Hasher()
        hasher.combine(key)
        return hasher.finalize()
    }

    /// Spends one token for `key`.
    /// - Returns: nil when allowed, else the whole seconds until a token is available (for `Retry-After`).
    func take(_ key: String) -> Int? {
        take(slot: Self.slot(key))
    }

    /// Whether `key` could spend a token now, without spending it.
    func wouldAllow(_ key: String) -> Bool {
        let now = clock.now
        let slot = Self.slot(key)
        return state.withLock { state in
            guard let bucket = state.buckets[slot] else { return true }
            return refilled(bucket, now: now).tokens >= 1
        }
    }

    private func take(slot: Int) -> Int? {
        let now = clock.now
        return state.withLock { state in
            let known = state.buckets[slot]
            if known == nil, state.buckets.count >= maximumKeys { evict(&state, now: now) }
            var bucket = known.map { refilled($0, now: now) } ?? Bucket(tokens: capacity, updated: now)
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                state.buckets[slot] = bucket
                return nil
            }
            state.buckets[slot] = bucket
            let seconds = ((1 - bucket.tokens) / refillPerSecond).rounded(.up)
            return seconds < 86_400 ? max(1, Int(seconds)) : 86_400
        }
    }

    /// Forgets `key` (a successful login clears its failures).
    func reset(_ key: String) {
        let slot = Self.slot(key)
        _ = state.withLock { $0.buckets.removeValue(forKey: slot) }
    }

    /// How many keys are held now.
    var count: Int { state.withLock { $0.buckets.count } }

    private func refilled(_ bucket: Bucket, now: ContinuousClock.Instant) -> Bucket {
        let elapsed = bucket.updated.duration(to: now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Bucket(tokens: min(capacity, bucket.tokens + max(0, seconds) * refillPerSecond), updated: now)
    }

    /// Makes room for at least a quarter of the table: full buckets go first, then the longest unused.
    private func evict(_ state: inout State, now: ContinuousClock.Instant) {
        let target = maximumKeys * 3 / 4
        state.buckets = state.buckets.filter { refilled($0.value, now: now).tokens < capacity }
        guard state.buckets.count > target else { return }
        let oldestFirst = state.buckets.sorted { $0.value.updated < $1.value.updated }
        for (slot, _) in oldestFirst.prefix(state.buckets.count - target) { state.buckets.removeValue(forKey: slot) }
    }
}
