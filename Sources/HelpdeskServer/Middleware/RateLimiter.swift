import Synchronization

/// A token bucket per key (client address, or address + e-mail): each key may spend `capacity` requests at once
/// and earns `refillPerSecond` back. Locked sections are O(1) apart from an occasional sweep of idle buckets.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    /// Burst size.
    let capacity: Double
    /// Sustained rate.
    let refillPerSecond: Double
    private let buckets = Mutex<[String: Bucket]>([:])
    private let clock = ContinuousClock()
    /// Above this many keys, buckets that have refilled completely are dropped.
    private let sweepThreshold = 10_000

    /// Creates a limiter.
    init(capacity: Int, refillPerSecond: Double) {
        self.capacity = Double(capacity)
        self.refillPerSecond = refillPerSecond
    }

    /// Spends one token for `key`.
    /// - Returns: nil when allowed, else the whole seconds until a token is available (for `Retry-After`).
    func take(_ key: String) -> Int? {
        let now = clock.now
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
            let elapsed = bucket.updated.duration(to: now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(capacity, bucket.tokens + seconds * refillPerSecond)
            bucket.updated = now
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                buckets[key] = bucket
                if buckets.count > sweepThreshold { sweep(&buckets, now: now) }
                return nil
            }
            buckets[key] = bucket
            return max(1, Int(((1 - bucket.tokens) / refillPerSecond).rounded(.up)))
        }
    }

    /// Forgets `key` (a successful login clears its failures).
    func reset(_ key: String) {
        _ = buckets.withLock { $0.removeValue(forKey: key) }
    }

    private func sweep(_ buckets: inout [String: Bucket], now: ContinuousClock.Instant) {
        let full = capacity / refillPerSecond
        buckets = buckets.filter { _, bucket in
            let idle = bucket.updated.duration(to: now)
            return Double(idle.components.seconds) < full
        }
    }
}
