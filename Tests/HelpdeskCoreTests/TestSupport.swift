import Foundation
import GRDB
import Synchronization
import Testing

@testable import HelpdeskCore

/// A clock tests can move forward.
final class TestClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    var now: Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    var closure: @Sendable () -> Date { { self.now } }
}

/// A fresh in-memory store with fast bcrypt, plus helpers to make users.
struct Fixture {
    let db: AppDatabase
    let clock: TestClock
    static let password = "correct-Horse-42"

    init(configuration: HelpdeskConfiguration = HelpdeskConfiguration(bcryptCost: 4)) throws {
        clock = TestClock()
        db = try AppDatabase(DatabaseQueue(), configuration: configuration, now: clock.closure)
    }

    init(file path: String, clock: TestClock = TestClock()) throws {
        self.clock = clock
        db = try AppDatabase.openFile(at: path, configuration: HelpdeskConfiguration(bcryptCost: 4), now: clock.closure)
    }

    /// The newest outbox mail of `kind` to `recipient`.
    func lastMail(_ kind: MailKind, to recipient: String) async throws -> OutboxMail {
        let mails = try await db.outbox(recipient: recipient).filter { $0.kind == kind }
        return try #require(mails.last, "no \(kind) mail to \(recipient)")
    }

    /// Registers and confirms a customer.
    func customer(_ name: String = "Ada") async throws -> User {
        let email = "\(name.lowercased())@example.com"
        try await db.register(name: name, email: email, password: Self.password)
        let token = try #require(try await lastMail(.confirmEmail, to: email).payloadValues["token"])
        return try await db.confirmEmail(token: token)
    }

    /// The initial admin.
    func admin() async throws -> User {
        _ = try await db.ensureInitialAdmin(email: "admin@example.com", password: Self.password)
        return try await db.login(email: "admin@example.com", password: Self.password)
    }

    /// An agent created by `admin`.
    func agent(_ name: String = "Grace", by admin: User, capacity: Int = 5) async throws -> User {
        try await db.createAgent(by: admin, name: name, email: "\(name.lowercased())@care.example", capacity: capacity)
    }

    /// A customer, an admin, an agent and a new ticket.
    func scene() async throws -> (customer: User, admin: User, agent: User, ticket: Ticket) {
        let customer = try await customer()
        let admin = try await admin()
        let agent = try await agent(by: admin)
        let ticket = try await db.createTicket(
            by: customer,
            subject: "Printer is offline",
            description: "Since this morning the printer shows offline."
        )
        return (customer, admin, agent, ticket)
    }

    /// The shipped corpus loaded into the store, and an index rebuilt from it (learning what a rebuild learns).
    func shippedCorpusIndex() async throws -> HelpdeskIndex {
        _ = try await CorpusLoader(folder: CorpusLoaderTests.corpusFolder).load(into: db)
        let index = HelpdeskIndex()
        try index.rebuild(from: db)
        return index
    }

    /// `index` saved as a snapshot into a fresh folder and loaded back against the store (the folder is removed).
    func savedAndLoaded(_ index: HelpdeskIndex) throws -> (index: HelpdeskIndex, rebuilt: Bool) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try index.save(to: folder)
        return try HelpdeskIndex.load(from: folder, database: db)
    }

    /// `scene()` with an index attached to the store, the agent having taken the ticket and resolved it with a new
    /// solution of `title` and `steps`.
    func resolvedScene(title: String, steps: [String]) async throws
        -> (index: HelpdeskIndex, customer: User, agent: User, ticket: Ticket, solution: Solution)
    {
        let index = HelpdeskIndex()
        db.attach(index: index)
        let (customer, _, agent, ticket) = try await scene()
        try await db.take(ticketId: ticket.requiredID, by: agent)
        let (_, solution) = try await db.resolve(
            ticketId: ticket.requiredID, by: agent, with: .new(SolutionDraft(title: title, steps: steps)))
        return (index, customer, agent, ticket, solution)
    }
}

/// Expects `body` to throw exactly `expected`.
func expectError<T>(
    _ expected: HelpdeskError,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> T
) async {
    do {
        _ = try await body()
        Issue.record("expected \(expected), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as HelpdeskError {
        #expect(error == expected, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(expected), got \(error)", sourceLocation: sourceLocation)
    }
}

/// The kind of refusal a test expects.
enum ErrorKind {
    case forbidden, conflict, invalidTransition, notFound, invalidToken, anyError
    case field(String)
    case message(field: String, containing: String)

    func matches(_ error: HelpdeskError) -> Bool {
        switch (self, error) {
        case (.forbidden, .forbidden), (.conflict, .conflict), (.invalidTransition, .invalidTransition),
            (.notFound, .notFound), (.invalidToken, .invalidToken), (.anyError, _):
            true
        case (.field(let expected), .invalidInput(let field, _)): field == expected
        case (.message(let expected, let text), .invalidInput(let field, let message)):
            field == expected && message.contains(text)
        default: false
        }
    }
}

/// Expects `body` to throw a `HelpdeskError` of `kind`.
func expectFailure<T>(
    _ kind: ErrorKind,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> T
) async {
    do {
        _ = try await body()
        Issue.record("expected \(kind), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as HelpdeskError {
        #expect(kind.matches(error), "unexpected \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a HelpdeskError, got \(error)", sourceLocation: sourceLocation)
    }
}

extension HelpdeskError {
    var isForbidden: Bool { if case .forbidden = self { true } else { false } }
    var isConflict: Bool { if case .conflict = self { true } else { false } }
    var isInvalidTransition: Bool { if case .invalidTransition = self { true } else { false } }
    var isNotFound: Bool { if case .notFound = self { true } else { false } }
    var invalidField: String? { if case .invalidInput(let field, _) = self { field } else { nil } }
}

/// A fresh temporary directory.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("helpdesk-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
