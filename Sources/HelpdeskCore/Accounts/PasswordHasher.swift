import Dispatch
import HummingbirdBcrypt
import Synchronization

/// Bcrypt hashing and verification, run on a dedicated dispatch queue so that async callers never block a
/// cooperative thread for the ~250 ms a cost-12 hash takes.
public struct PasswordHasher: Sendable {
    /// The bcrypt cost (log2 rounds): 12 in production, 4 in tests.
    public let cost: UInt8
    private let queue: DispatchQueue
    private let dummyHash: DummyHash

    /// A password hash that no password matches, for accounts that must not log in with a password.
    public static let unusableHash = "!unusable"

    /// Creates a hasher.
    /// - Parameter cost: bcrypt cost between 4 and 31.
    public init(cost: UInt8 = 12) {
        precondition((4...31).contains(cost), "bcrypt cost must be between 4 and 31")
        self.cost = cost
        self.queue = DispatchQueue(label: "HelpdeskCore.PasswordHasher", qos: .userInitiated, attributes: .concurrent)
        self.dummyHash = DummyHash()
    }

    /// The bcrypt hash of `password`, computed off the caller's thread.
    public func hash(_ password: String) async -> String {
        let cost = self.cost
        return await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Bcrypt.hash(password, cost: cost)) }
        }
    }

    /// Whether `password` matches `hash`, computed off the caller's thread.
    public func verify(_ password: String, hash: String) async -> Bool {
        guard hash.hasPrefix("$2") else {
            // An account without a usable password answers as slowly as a wrong password.
            await verifyAgainstDummy(password)
            return false
        }
        return await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Bcrypt.verify(password, hash: hash)) }
        }
    }

    /// Spends the same time as a real verification, so that an unknown e-mail answers as slowly as a wrong
    /// password.
    public func verifyAgainstDummy(_ password: String) async {
        let existing = dummyHash.value.withLock { $0 }
        let hash: String
        if let existing {
            hash = existing
        } else {
            hash = await self.hash("dummy-password-for-timing")
            dummyHash.value.withLock { $0 = hash }
        }
        _ = await verify(password, hash: hash)
    }
}

/// Holds the lazily computed hash used by `verifyAgainstDummy`.
private final class DummyHash: Sendable {
    let value = Mutex<String?>(nil)
}
