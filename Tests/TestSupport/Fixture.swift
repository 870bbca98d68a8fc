import Embeddings
import Foundation
import HelpdeskCore
import Logging
import Synchronization
import Testing

/// A clock tests can move forward.
public final class TestClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    /// Creates a clock at a fixed instant.
    public init() {}
    /// The time now.
    public var now: Date { current.withLock { $0 } }
    /// Moves the clock forward.
    public func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    /// Sets the clock back (or forward) to `date`.
    public func reset(to date: Date) { current.withLock { $0 = date } }
    /// The clock as the store's `now`.
    public var closure: @Sendable () -> Date { { self.now } }
}

/// A fresh store with fast bcrypt and a test clock, plus helpers to make the people of a scene through the domain's
/// own operations (so outbox rows, audit rows and tokens are real).
public struct Fixture: Sendable {
    /// The store.
    public let db: AppDatabase
    /// Its clock.
    public let clock: TestClock
    /// The password every helper account gets.
    public static let password = "correct-Horse-42"

    /// An in-memory store.
    public init(configuration: HelpdeskConfiguration = HelpdeskConfiguration(bcryptCost: 4)) throws {
        clock = TestClock()
        db = try AppDatabase.inMemory(configuration: configuration, now: clock.closure)
    }

    /// A fresh store of the kind the run tests: in memory on SQLite, or a throwaway PostgreSQL database when
    /// `CARE_TEST_STORE=postgres` (with `CARE_TEST_POSTGRES_URL`), so every core suite runs on both stores.
    /// - Parameter logger: where the store reports (index progress, background problems).
    public static func make(
        configuration: HelpdeskConfiguration = HelpdeskConfiguration(bcryptCost: 4), logger: Logger = Logger(label: "HelpdeskCore")
    ) async throws -> Fixture {
        let clock = TestClock()
        return Fixture(db: try await TestStore.fresh(configuration: configuration, now: clock.closure, logger: logger), clock: clock)
    }

    private init(db: AppDatabase, clock: TestClock) {
        self.db = db
        self.clock = clock
    }

    /// A store in the file at `path`.
    public init(file path: String, clock: TestClock = TestClock()) throws {
        self.clock = clock
        db = try AppDatabase.openFile(at: path, configuration: HelpdeskConfiguration(bcryptCost: 4), now: clock.closure)
    }

    /// The newest outbox mail of `kind` to `recipient`.
    public func lastMail(_ kind: MailKind, to recipient: String) async throws -> OutboxMail {
        let mails = try await db.outbox(recipient: recipient).filter { $0.kind == kind }
        return try #require(mails.last, "no \(kind) mail to \(recipient)")
    }

    /// Registers and confirms a customer (`name@example.com` unless `email` is given).
    @discardableResult
    public func customer(_ name: String = "Ada", email: String? = nil) async throws -> User {
        let email = email ?? "\(name.lowercased())@example.com"
        try await db.register(name: name, email: email, password: Self.password)
        let token = try #require(try await lastMail(.confirmEmail, to: email).payloadValues["token"])
        return try await db.confirmEmail(token: token)
    }

    /// The initial admin.
    public func admin() async throws -> User {
        _ = try await db.ensureInitialAdmin(email: "admin@example.com", password: Self.password)
        return try await db.login(email: "admin@example.com", password: Self.password)
    }

    /// An agent created by `admin`, with `skills` (category ids that exist).
    public func agent(_ name: String = "Grace", by admin: User, skills: [String] = [], capacity: Int = 5) async throws -> User {
        try await db.createAgent(
            by: admin, name: name, email: "\(name.lowercased())@care.example", skills: skills, capacity: capacity)
    }
}

/// A fresh temporary directory.
public func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("helpdesk-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Places in the repository and beside it.
public enum Repository {
    /// The package root, found from this file.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The shipped knowledge base, `Corpus/`.
    public static let corpusFolder = root.appendingPathComponent("Corpus")

    /// The shipped embedding model, `Models/wordllama-l2-supercat` (what `care serve` matches meaning with).
    public static let modelFolder = root.appendingPathComponent("Models/wordllama-l2-supercat")

    /// The shipped embedding model, opened once for every test that matches meaning.
    public static let shippedModel: StaticEmbeddingModel = {
        do { return try StaticEmbeddingModel(directory: modelFolder.path) } catch { fatalError("\(error)") }
    }()

    /// `../shared/data/<name>` when it holds `marker`; nil when absent (tests that need it skip with a message).
    public static func sharedData(_ name: String, marker: String = "Posts.xml") -> String? {
        let candidate = root.deletingLastPathComponent().appendingPathComponent("shared/data").appendingPathComponent(name)
        return FileManager.default.fileExists(atPath: candidate.appendingPathComponent(marker).path) ? candidate.path : nil
    }
}
