import Embeddings
import HelpdeskCore
import Logging

/// What `buildApplication` needs to know about a deployment: the `care serve` command and the tests' `TestArguments`
/// both conform.
public protocol AppArguments {
    /// Interface to listen on.
    var hostname: String { get }
    /// TCP port to listen on.
    var port: Int { get }
    /// Folder for `care.sqlite` and the index snapshot; nil keeps everything in memory (tests).
    var dataFolder: String? { get }
    /// The store when it is not the data folder's SQLite file: a `postgres://` URL (or a SQLite file path).
    var databaseURL: String? { get }
    /// The `Corpus/` folder to load into an empty database; nil loads nothing.
    var corpusFolder: String? { get }
    /// Prefix of links written into mails, e.g. `https://help.example.com`.
    var baseURL: String { get }
    /// SMTP server for outgoing mail (`smtp://…`); nil writes `.eml` files into `<data>/outbox/`.
    var smtpURL: String? { get }
    /// The address answers to ticket mails go to (`support@example.com`; each mail's Reply-To adds
    /// `+r<ticket>-<signature>`, and `care mail-in` takes the answers); nil: mails ask to answer on the web.
    var replyAddress: String? { get }
    /// Address of the first admin, created on first start.
    var adminEmail: String { get }
    /// The first admin's password; nil generates one and prints it once.
    var adminPassword: String? { get }
    /// Bcrypt cost (12 in production, 4 in tests).
    var bcryptCost: UInt8 { get }
    /// Log level of the server's logger.
    var logLevel: Logger.Level { get }
    /// Suggestion requests a client may burst (the bucket size); refilled at a fifth of that per second.
    var suggestionBurst: Int { get }
    /// Suggestion tokens a client earns back per second (default: a fifth of the burst).
    var suggestionRefillPerSecond: Double { get }
    /// Login attempts per client address and e-mail before 429; one more every 30 seconds.
    var loginBurst: Int { get }
    /// OpenID Connect providers offered on the sign-in page (Google, LinkedIn, others by issuer).
    var oidcProviders: [OIDCProviderSettings] { get }
    /// Bearer token `/metrics` requires; nil lets only clients on this machine (and admins) read it.
    var metricsToken: String? { get }
    /// Bearer token of `POST /api/v1/inbound-mail`, where a mail system hands over answers by e-mail; nil: no such
    /// route (`care mail-in` still takes them).
    var inboundMailToken: String? { get }
    /// Addresses of reverse proxies whose `X-Forwarded-For` header names the client.
    var trustedProxies: [String] { get }
    /// How many distinct customers must have written a word of a resolved complaint before anonymous visitors and
    /// other customers may match it (`PublicVocabulary`); staff match every word.
    var publicTermCustomers: Int { get }
    /// Account actions (registration, password resets, confirmations) one client may make at once; sign-in attempts
    /// across addresses, token creations and ticket filings scale with it (`AbuseLimits`).
    var abuseBurst: Int { get }
    /// How fast the sign-in and abuse limits earn tokens back, relative to their production rates (1); tests that
    /// count answers set 0 so that a slow machine cannot earn a token back in the middle of the count.
    var limitRefillScale: Double { get }
    /// Whether the admins are mailed when a customer replies, reopens or says "not solved" on a ticket nobody holds
    /// (the assignee is mailed otherwise).
    var notifyAdminsWhenUnassigned: Bool { get }
    /// Whether an agent's new solution waits for an admin or another agent to approve it before the help centre shows
    /// it (`HelpdeskConfiguration.newSolutionsNeedReview`).
    var newSolutionsNeedReview: Bool { get }
    /// Folder of the attachment store; nil: `<data>/attachments`, or without a data folder a fresh temporary folder.
    var attachmentFolder: String? { get }
    /// How large and how many files a request or a message may carry.
    var attachmentLimits: AttachmentLimits { get }
    /// How long the mail worker's claim on a batch holds against the workers of other nodes (after a node dies
    /// mid-delivery, its mails go out from another node once this has passed).
    var mailLease: Duration { get }
    /// The static embedding model suggestions match meaning with beside the words; nil matches words alone. Opened once,
    /// when the application is built.
    /// - Throws: when the model's files cannot be read (the start stops with that message).
    func openEmbeddings() throws -> StaticEmbeddingModel?
    /// How long `/health/ready` waits for the store's answer before it reports the store as not answering.
    var readinessDeadline: Duration { get }
}

extension AppArguments {
    /// Whether cookies carry the `Secure` attribute (the public address is HTTPS).
    var secureCookies: Bool { baseURL.lowercased().hasPrefix("https://") }
}

extension AppArguments {
    /// No SMTP server unless one is configured.
    public var smtpURL: String? { nil }
    /// No replies by mail unless an address is configured.
    public var replyAddress: String? { nil }

    /// Five minutes: far longer than a batch of mails takes to send.
    public var mailLease: Duration { .seconds(300) }

    /// The data folder's SQLite file unless another store is named.
    public var databaseURL: String? { nil }

    /// No sign-in providers unless configured.
    public var oidcProviders: [OIDCProviderSettings] { [] }

    /// No metrics token unless configured.
    public var metricsToken: String? { nil }
    public var inboundMailToken: String? { nil }

    /// No trusted proxies unless configured.
    public var trustedProxies: [String] { [] }

    /// Suggestion requests a client may burst (the bucket size); refilled at a fifth of that per second.
    public var suggestionBurst: Int { 40 }
    /// Suggestion tokens a client earns back per second: a fifth of the burst, at least 0.2.
    public var suggestionRefillPerSecond: Double { max(0.2, Double(suggestionBurst) / 5) }
    /// Login attempts per client address and e-mail before 429; one more every 30 seconds.
    public var loginBurst: Int { 10 }

    /// Five distinct customers, unless configured.
    public var publicTermCustomers: Int { HelpdeskIndex.defaultPublicTermCustomers }

    /// Ten account actions at once per client.
    public var abuseBurst: Int { 10 }

    /// The production refill rates.
    public var limitRefillScale: Double { 1 }
    /// The admins hear of customer activity on unassigned tickets, unless configured otherwise.
    public var notifyAdminsWhenUnassigned: Bool { true }
    /// New solutions wait for review, unless configured otherwise.
    public var newSolutionsNeedReview: Bool { true }

    /// Three seconds: far longer than a trivial query takes on a store that works.
    public var readinessDeadline: Duration { .seconds(3) }

    /// Words alone, unless a model is given.
    public func openEmbeddings() throws -> StaticEmbeddingModel? { nil }

    /// The data folder's `attachments/`, unless configured.
    public var attachmentFolder: String? { nil }

    /// 10 MiB a file, 25 MiB and 10 files a message, unless configured.
    public var attachmentLimits: AttachmentLimits { AttachmentLimits() }
}
