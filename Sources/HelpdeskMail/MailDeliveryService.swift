import Foundation
import HelpdeskCore
import Logging
import Synchronization

/// How often and how long to retry a mail that failed for now.
public struct RetryPolicy: Sendable, Hashable {
    /// After this many failed attempts the mail is left alone (and shows as failed to admins).
    public var maxAttempts: Int
    /// Wait after the first failure; doubled after each further one.
    public var initialDelay: Duration
    /// The longest wait between two attempts.
    public var maxDelay: Duration

    /// Creates a policy. The defaults retry for about four hours: 30 s, 1, 2, 4, 8, 16, 32 min, then hourly.
    public init(maxAttempts: Int = 10, initialDelay: Duration = .seconds(30), maxDelay: Duration = .seconds(3_600)) {
        precondition(maxAttempts >= 1, "at least one attempt")
        self.maxAttempts = maxAttempts
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
    }

    /// The wait before the next attempt once `attempts` attempts have failed (`attempts` ≥ 1).
    public func delay(afterAttempts attempts: Int) -> Duration {
        var delay = initialDelay
        for _ in 1..<max(1, attempts) {
            delay *= 2
            if delay >= maxDelay { return maxDelay }
        }
        return min(delay, maxDelay)
    }
}

/// What one `deliverPending()` call did.
public struct DeliveryReport: Sendable, Hashable {
    /// Mails the server accepted (or written to files), now marked sent.
    public var sent = 0
    /// Mails that failed for now and will be retried after a back-off.
    public var deferred = 0
    /// Mails that failed for good, or ran out of attempts.
    public var failed = 0

    /// An empty report.
    public init() {}
}

/// Sends the outbox: picks pending mails, renders them, hands them to a transport and records each outcome.
///
/// Delivery is at least once. A mail is marked sent right after the server accepted it (250 after the final dot),
/// before the next mail is sent; if the process dies between the two, or marking fails, the mail is sent again
/// later. Each outbox row always renders to the same bytes with the same `Message-ID`
/// (`outbox.<id>.<created>@<sender domain>`), so such rare duplicates can be recognised and dropped by receivers.
/// Within one process delivery rounds run one at a time, so a mail is never handed to the transport twice at once.
/// Across processes (several app nodes on one database) a worker claims each batch in the database before sending it
/// (`AppDatabase.claimMails`), for a lease (`lease`, five minutes by default): another worker passes over claimed mails
/// until the claim is released (sent, failed, or the worker stopped gracefully) or the lease ends (the worker died
/// mid-delivery, so its mails go out from another node, with the same `Message-ID`).
///
/// Failures for now (4xx, connection errors, timeouts) are counted in the row's `attempts` and `lastError` and retried
/// with exponential back-off (`RetryPolicy`); a 5xx for the recipient or the content marks the mail failed for good
/// with the server's reason. Back-off times are kept in memory, per worker: after a restart every pending mail is tried
/// once straight away, and with several nodes a failing mail may be tried by each of them.
///
/// A mail that carries a one-time link (confirmation, password reset, invitation, verdict) keeps the plain token in
/// its outbox row only until it is delivered or given up on; then the core replaces the body with a short note and
/// drops the token and the link paths from the payload (`markMailSent`, `markMailFailed(maxAttempts:)`). The `.eml`
/// files of `FileMailTransport` are the delivery itself and keep the link.
public final class MailDeliveryService: Sendable {
    /// The store whose outbox is delivered.
    public let database: AppDatabase
    /// Where messages go.
    public let transport: any MailTransport
    /// Renders rows into messages.
    public let templates: MailTemplates
    /// Reply addresses for mails about tickets, when answers by e-mail are taken.
    public let replies: ReplyAddressing?
    /// Retry limits and back-off.
    public let retryPolicy: RetryPolicy
    /// Most mails handed to the transport at once (one SMTP connection).
    public let batchSize: Int
    /// How long a claim on a batch holds against other workers: far longer than a batch takes to send.
    public let lease: Duration
    /// This worker's name on its claims: host, process and a random part, unique across nodes and restarts.
    public let owner: String
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let state = Mutex(State())
    /// The end of the last queued round; the next round waits for it.
    private let lastRound = Mutex<Task<Void, Never>?>(nil)

    /// Which mails are being sent and which wait for their back-off to pass.
    private struct State {
        var inFlight: Set<Int64> = []
        var notBefore: [Int64: Date] = [:]
    }

    /// Rows read per pass to find due mails among ones waiting for their back-off.
    private static let scanLimit = 500

    /// Creates the service; nothing is sent until `run()` or `deliverPending()`.
    /// - Parameters:
    ///   - database: the store.
    ///   - transport: `SMTPMailTransport` or `FileMailTransport`.
    ///   - baseURL: prefix of links in mails, e.g. `https://help.example.com`.
    ///   - retryPolicy: attempts and back-off.
    ///   - batchSize: mails per connection.
    ///   - lease: how long a claimed batch is this worker's alone.
    ///   - now: the clock for back-off and leases, injectable for tests.
    ///   - logger: where sends, retries and failures are logged.
    public init(
        database: AppDatabase,
        transport: any MailTransport,
        baseURL: String,
        retryPolicy: RetryPolicy = RetryPolicy(),
        batchSize: Int = 20,
        lease: Duration = .seconds(300),
        replies: ReplyAddressing? = nil,
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "HelpdeskMail")
    ) {
        self.database = database
        self.replies = replies
        self.lease = max(lease, .seconds(1))
        self.owner = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):"
            + UUID().uuidString.prefix(8).lowercased()
        self.transport = transport
        self.templates = MailTemplates(baseURL: baseURL, coreBaseURL: database.configuration.baseURL)
        self.retryPolicy = retryPolicy
        self.batchSize = max(1, batchSize)
        self.now = now
        self.logger = logger
    }

    /// The service a deployment wants: SMTP when `smtpURL` is given, otherwise `.eml` files in
    /// `<dataDirectory>/outbox/`.
    /// - Throws: `SMTPConfigurationError` for a bad URL; TLS errors when `cafile` cannot be loaded.
    public static func make(
        database: AppDatabase,
        smtpURL: String?,
        dataDirectory: URL,
        baseURL: String,
        lease: Duration = .seconds(300),
        replies: ReplyAddressing? = nil,
        logger: Logger = Logger(label: "HelpdeskMail")
    ) throws -> MailDeliveryService {
        let transport: any MailTransport
        if let smtpURL, !smtpURL.trimmingWhitespace().isEmpty {
            let configuration = try SMTPConfiguration(url: smtpURL)
            transport = try SMTPMailTransport(configuration: configuration, logger: logger)
            logger.info("mail goes out over SMTP", metadata: ["smtp": "\(configuration)"])
        } else {
            let directory = dataDirectory.appendingPathComponent("outbox", isDirectory: true)
            transport = FileMailTransport(directory: directory, logger: logger)
            logger.info("no SMTP configured: mail is written to files", metadata: ["directory": "\(directory.path)"])
        }
        return MailDeliveryService(
            database: database, transport: transport, baseURL: baseURL, lease: lease, replies: replies, logger: logger)
    }

    // MARK: - Running

    /// Delivers pending mail every `pollInterval` until the task is cancelled; database and transport problems are
    /// logged and retried on the next round. Returns once cancelled (the mail being sent at that moment is finished
    /// first; the rest stays pending).
    public func run(pollInterval: Duration = .seconds(2)) async {
        logger.info("mail delivery started")
        while !Task.isCancelled {
            do {
                try await deliverPending()
            } catch {
                if Task.isCancelled { break }
                logger.error("mail delivery round failed", metadata: ["error": "\(error)"])
            }
            do { try await Task.sleep(for: pollInterval) } catch { break }
        }
        logger.info("mail delivery stopped")
    }

    /// Gives back the mails this worker still holds a claim on (on graceful shutdown), so that another node can send
    /// them without waiting for the lease; failures are logged (the lease then runs out by itself).
    public func releaseClaims() async {
        do {
            let released = try await database.releaseMailClaims(owner: owner)
            if released > 0 { logger.info("released claimed mails", metadata: ["count": "\(released)"]) }
        } catch {
            logger.warning("could not release claimed mails", metadata: ["error": "\(error)"])
        }
    }

    /// Delivers every mail that is due now (pending, under the attempt limit, past its back-off), in batches, once
    /// each, and returns what happened.
    ///
    /// Safe to call from anywhere at any time (e.g. right after a request wrote a mail): calls are queued and run one
    /// round at a time, each reading the outbox afresh, so that a round never works from a list that another round
    /// has already sent.
    /// - Throws: database errors while reading the outbox.
    @discardableResult
    public func deliverPending() async throws -> DeliveryReport {
        let round: Task<DeliveryReport, any Error> = lastRound.withLock { last in
            let previous = last
            let round = Task {
                await previous?.value
                return try await self.deliverRound()
            }
            last = Task { _ = try? await round.value }
            return round
        }
        return try await withTaskCancellationHandler {
            try await round.value
        } onCancel: {
            round.cancel()
        }
    }

    /// One delivery round; rounds never overlap (see `deliverPending()`).
    private func deliverRound() async throws -> DeliveryReport {
        let tally = Tally()
        var tried = Set<Int64>()
        while !Task.isCancelled {
            let at = now()
            let pending = try await database.claimableMails(
                limit: Self.scanLimit, maxAttempts: retryPolicy.maxAttempts, at: at)
            let chosen = claim(from: pending, excluding: tried)
            if chosen.isEmpty { break }
            let ids = chosen.compactMap(\.id)
            tried.formUnion(ids)
            let batch: [OutboxMail]
            do {
                batch = try await database.claimMails(
                    ids: ids, owner: owner, until: at.addingTimeInterval(Self.seconds(lease)), at: at)
            } catch {
                state.withLock { $0.inFlight.subtract(ids) }
                throw error
            }
            await deliver(batch, tally: tally)
            state.withLock { $0.inFlight.subtract(ids) }
            if chosen.count < batchSize { break }
        }
        return tally.report.withLock { $0 }
    }

    /// Marks up to `batchSize` due mails as in flight and returns them.
    private func claim(from pending: [OutboxMail], excluding tried: Set<Int64>) -> [OutboxMail] {
        let at = now()
        let batchSize = self.batchSize
        return state.withLock { state in
            var batch: [OutboxMail] = []
            for mail in pending where batch.count < batchSize {
                guard let id = mail.id, !tried.contains(id), !state.inFlight.contains(id) else { continue }
                if let due = state.notBefore[id], due > at { continue }
                state.inFlight.insert(id)
                batch.append(mail)
            }
            return batch
        }
    }

    private func deliver(_ batch: [OutboxMail], tally: Tally) async {
        var rows: [Int64: OutboxMail] = [:]
        var messages: [MailMessage] = []
        for mail in batch {
            guard let id = mail.id else { continue }
            do {
                messages.append(try message(for: mail))
                rows[id] = mail
            } catch {
                await record(mail, .permanent("\(error)"), tally: tally)
            }
        }
        let found = rows
        await transport.deliver(messages) { message, outcome in
            guard let id = message.outboxID, let mail = found[id] else { return }
            await self.record(mail, outcome, tally: tally)
        }
    }

    /// Writes the outcome of one attempt to the outbox row and schedules the next attempt.
    private func record(_ mail: OutboxMail, _ outcome: DeliveryOutcome, tally: Tally) async {
        guard let id = mail.id else { return }
        let metadata: Logger.Metadata = ["outboxId": "\(id)", "kind": "\(mail.kind.rawValue)"]
        switch outcome {
        case .delivered:
            state.withLock { _ = $0.notBefore.removeValue(forKey: id) }
            tally.report.withLock { $0.sent += 1 }
            do {
                try await Self.uncancelled { try await self.database.markMailSent(id: id) }
                logger.info("mail sent", metadata: metadata)
            } catch {
                logger.critical(
                    "mail was delivered but could not be marked sent; it will be sent again",
                    metadata: metadata.merging(["error": "\(error)"]) { $1 }
                )
            }
        case .transient(let reason):
            let attempts = mail.attempts + 1
            let giveUp = attempts >= retryPolicy.maxAttempts
            let delay = retryPolicy.delay(afterAttempts: attempts)
            let retryAt = now().addingTimeInterval(Self.seconds(delay))
            state.withLock { state in
                if giveUp { state.notBefore.removeValue(forKey: id) } else { state.notBefore[id] = retryAt }
            }
            tally.report.withLock { if giveUp { $0.failed += 1 } else { $0.deferred += 1 } }
            do {
                let maxAttempts = retryPolicy.maxAttempts
                try await Self.uncancelled {
                    try await self.database.markMailFailed(id: id, error: reason, maxAttempts: maxAttempts)
                }
            } catch {
                logger.error(
                    "could not record a failed attempt",
                    metadata: metadata.merging(["error": "\(error)"]) { $1 }
                )
            }
            if giveUp {
                logger.error(
                    "mail not delivered after \(attempts) attempts; giving up",
                    metadata: metadata.merging(["error": "\(reason)"]) { $1 }
                )
            } else {
                logger.warning(
                    "mail delivery deferred",
                    metadata: metadata.merging(["error": "\(reason)", "attempts": "\(attempts)", "retryIn": "\(delay)"])
                    {
                        $1
                    }
                )
            }
        case .permanent(let reason):
            state.withLock { _ = $0.notBefore.removeValue(forKey: id) }
            tally.report.withLock { $0.failed += 1 }
            do {
                let maxAttempts = retryPolicy.maxAttempts
                try await Self.uncancelled {
                    try await self.database.markMailUndeliverable(mail, reason: reason, maxAttempts: maxAttempts)
                }
            } catch {
                logger.error("could not record a failed mail", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            }
            logger.error("mail undeliverable", metadata: metadata.merging(["error": "\(reason)"]) { $1 })
        }
    }

    // MARK: - Rendering

    /// The message for an outbox row: rendered templates, the transport's sender, and a `Message-ID` that stays the
    /// same for every attempt, so receivers can drop a duplicate.
    /// - Throws: `MailAddressError` when the recipient is not a usable address.
    public func message(for mail: OutboxMail) throws -> MailMessage {
        let sender = transport.sender
        let recipient = try MailAddress(mail.recipient)
        // A mail to a ticket's customer takes answers by e-mail when replies are configured.
        let replyTo = replies.flatMap { replies -> MailAddress? in
            guard mail.kind.takesAnswersByMail, let ticketId = mail.payloadValues["ticketId"].flatMap({ Int64($0) }) else {
                return nil
            }
            return replies.replyTo(ticketId: ticketId, recipient: recipient.address, name: sender.name)
        }
        let rendered = templates.render(mail, replyMarker: replyTo != nil)
        let created = Int64(mail.createdAt.timeIntervalSince1970.rounded(.down))
        let references = mail.payloadValues["ticketId"].map { ["ticket.\($0)@\(sender.domain)"] } ?? []
        return MailMessage(
            from: sender,
            to: [recipient],
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
            messageID: "outbox.\(mail.id ?? 0).\(created)@\(sender.domain)",
            references: references,
            date: mail.createdAt,
            outboxID: mail.id,
            replyTo: replyTo
        )
    }

    /// Runs `write` in a task of its own, so that an outcome is recorded even while the worker is being cancelled
    /// (a delivered mail left unmarked would be sent again).
    private static func uncancelled(_ write: @escaping @Sendable () async throws -> Void) async throws {
        try await Task { try await write() }.value
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}

/// Counts outcomes reported from the transport's callback.
private final class Tally: Sendable {
    let report = Mutex(DeliveryReport())
}
