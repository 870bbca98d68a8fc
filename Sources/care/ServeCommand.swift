import ArgumentParser
import Foundation
import HelpdeskCore
import HelpdeskServer
import Hummingbird
import Logging
import ShippedCorpus
import ShippedModel
import Embeddings

/// `care serve`: runs the web application (help centre, customer pages, agent console, admin, JSON API).
struct ServeCommand: AsyncParsableCommand, AppArguments {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the helpdesk web server."
    )

    @Option(name: .long, help: "Interface to listen on (env CARE_HOST).")
    var host: String = ProcessInfo.processInfo.environment["CARE_HOST"] ?? "127.0.0.1"

    @Option(name: .long, help: "Port to listen on (env CARE_PORT).")
    var port: Int = Int(ProcessInfo.processInfo.environment["CARE_PORT"] ?? "") ?? 8080

    @Option(name: .customLong("data"), help: "Folder for care.sqlite and the index snapshot (env CARE_DATA).")
    var data: String = ProcessInfo.processInfo.environment["CARE_DATA"] ?? "./care-data"

    @Option(
        name: .customLong("database"),
        help: "Run on PostgreSQL: postgres://user:password@host:port/name?sslmode=…&sslrootcert=… (env CARE_DATABASE_URL; prefer the variable, it keeps the password out of the process list). Default: care.sqlite in --data.")
    var database: String? = ProcessInfo.processInfo.environment["CARE_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }

    @Option(name: .long, help: """
            SMTP server for outgoing mail, e.g. smtp://mail.example.com:587?from=help%40example.com; STARTTLS is required \
            for any server but this machine unless the URL says starttls=opportunistic or starttls=never; without it mail \
            is written to <data>/outbox/*.eml (env CARE_SMTP_URL).
            """)
    var smtp: String? = ProcessInfo.processInfo.environment["CARE_SMTP_URL"]

    @Option(name: .customLong("reply-address"), help: """
            Take answers to ticket mails by e-mail: mails to a ticket's customer ask to be answered at this address \
            (e.g. "Help Desk <support@example.com>") with +r<ticket>-<signature> added, and the mail system hands \
            those answers to care mail-in or POST /api/v1/inbound-mail (env CARE_REPLY_ADDRESS). Without it, mails ask \
            to answer on the web.
            """)
    var replyAddressOption: String? = ProcessInfo.processInfo.environment["CARE_REPLY_ADDRESS"]

    @Option(name: .customLong("base-url"), help: "Public address used in mail links (env CARE_BASE_URL).")
    var baseURLOption: String? = ProcessInfo.processInfo.environment["CARE_BASE_URL"]

    @Flag(
        name: .customLong("no-corpus"),
        help: "Do not load any corpus into an empty database (env CARE_NO_CORPUS=1)."
    )
    var noCorpus = false

    @Flag(help: "Match suggestions by words alone, without the shipped embedding model's similarity of meaning (env CARE_NO_MEANING=1).")
    var noMeaning = false

    @Option(
        name: .customLong("corpus"),
        help: """
            Folder in the Corpus/ layout to load into an empty database (env CARE_CORPUS). Default: the knowledge base \
            built into care, copied from the repository's Corpus/*.jsonl into the \
            CustomerCareRegistry_ShippedCorpus.resources folder beside the binary; the working folder does not matter.
            """
    )
    var corpusPath: String? = ProcessInfo.processInfo.environment["CARE_CORPUS"].flatMap { $0.isEmpty ? nil : $0 }

    @Option(name: .customLong("admin-email"), help: "E-mail of the first admin (env CARE_ADMIN_EMAIL).")
    var adminEmailOption: String = ProcessInfo.processInfo.environment["CARE_ADMIN_EMAIL"] ?? "admin@example.com"

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env CARE_LOG_LEVEL).")
    var logLevelName: String = ProcessInfo.processInfo.environment["CARE_LOG_LEVEL"] ?? "info"

    @Option(name: .customLong("google-client-id"), help: "Client id for sign-in with Google (env CARE_GOOGLE_CLIENT_ID).")
    var googleClientIdOption: String?

    @Option(name: .customLong("google-client-secret"), help: "Client secret for Google; prefer env CARE_GOOGLE_CLIENT_SECRET.")
    var googleClientSecretOption: String?

    @Option(name: .customLong("linkedin-client-id"), help: "Client id for sign-in with LinkedIn (env CARE_LINKEDIN_CLIENT_ID).")
    var linkedInClientIdOption: String?

    @Option(name: .customLong("linkedin-client-secret"), help: "Client secret for LinkedIn; prefer env CARE_LINKEDIN_CLIENT_SECRET.")
    var linkedInClientSecretOption: String?

    @Option(name: .customLong("facebook-client-id"), help: "App id for sign-in with Facebook (env CARE_FACEBOOK_CLIENT_ID).")
    var facebookClientIdOption: String?

    @Option(name: .customLong("facebook-client-secret"), help: "App secret for Facebook; prefer env CARE_FACEBOOK_CLIENT_SECRET.")
    var facebookClientSecretOption: String?

    @Option(
        name: .customLong("oidc-provider"),
        help: "Another OpenID Connect provider as NAME,ISSUER,CLIENT_ID,CLIENT_SECRET; repeatable (env CARE_OIDC_PROVIDERS, separated by ;)."
    )
    var oidcProviderSpecs: [String] = []

    @Option(name: .customLong("metrics-token"), help: "Bearer token /metrics requires; without it only this machine and admins may read it (prefer env CARE_METRICS_TOKEN).")
    var metricsTokenOption: String?

    @Option(name: .customLong("inbound-mail-token"), help: "Bearer token of POST /api/v1/inbound-mail, where a mail system hands over answers by e-mail as raw mails; without it there is no such route (prefer env CARE_INBOUND_MAIL_TOKEN).")
    var inboundMailTokenOption: String?

    @Option(
        name: .customLong("trusted-proxy"),
        help: "Address of a reverse proxy whose X-Forwarded-For names the client; repeatable (env CARE_TRUSTED_PROXIES, comma-separated)."
    )
    var trustedProxyOptions: [String] = []

    @Option(
        name: .customLong("public-term-customers"),
        help: "How many distinct customers must have written a word of a resolved complaint before anonymous visitors and other customers may match it; staff match every word (env CARE_PUBLIC_TERM_CUSTOMERS, default 5)."
    )
    var publicTermCustomersOption: Int = Int(ProcessInfo.processInfo.environment["CARE_PUBLIC_TERM_CUSTOMERS"] ?? "") ?? 5

    @Option(name: .customLong("abuse-burst"), help: "Account actions (registrations, password resets, confirmation mails) one client may make at once; sign-in attempts across addresses (3×), API tokens and tickets per account (2×) scale with it (env CARE_ABUSE_BURST, default 10).")
    var abuseBurstOption: Int = Int(ProcessInfo.processInfo.environment["CARE_ABUSE_BURST"] ?? "") ?? 10

    @Option(name: .customLong("login-burst"), help: "Sign-in attempts per client and address before 429; one more every 30 seconds (env CARE_LOGIN_BURST, default 10).")
    var loginBurstOption: Int = Int(ProcessInfo.processInfo.environment["CARE_LOGIN_BURST"] ?? "") ?? 10

    @Option(name: .customLong("suggestion-burst"), help: "Suggestion requests one client may burst; a fifth of that comes back each second (env CARE_SUGGESTION_BURST, default 40).")
    var suggestionBurstOption: Int = Int(ProcessInfo.processInfo.environment["CARE_SUGGESTION_BURST"] ?? "") ?? 40

    @Flag(
        name: .customLong("notify-admins-unassigned"),
        inversion: .prefixedNo,
        help: "Mail the admins when a customer replies, reopens or says \"not solved\" on a ticket nobody holds (default on; env CARE_NOTIFY_ADMINS_UNASSIGNED=0 turns it off)."
    )
    var notifyAdminsUnassigned = !["0", "false", "no"].contains(
        ProcessInfo.processInfo.environment["CARE_NOTIFY_ADMINS_UNASSIGNED"]?.lowercased() ?? "")

    @Flag(
        name: .customLong("publish-at-once"),
        help: "Publish an agent's new solution in the help centre as soon as it is saved (by default an admin or another agent approves it first; env CARE_PUBLISH_AT_ONCE=1)."
    )
    var publishAtOnce = ["1", "true", "yes"].contains(ProcessInfo.processInfo.environment["CARE_PUBLISH_AT_ONCE"]?.lowercased() ?? "")

    @Option(name: .customLong("attachment-max-file"), help: "Largest file a request or message may carry: bytes, or K or M for KiB or MiB (env CARE_ATTACHMENT_MAX_FILE, default 10M).")
    var attachmentMaxFileOption: String = ProcessInfo.processInfo.environment["CARE_ATTACHMENT_MAX_FILE"] ?? "10M"

    @Option(name: .customLong("attachment-max-message"), help: "Most bytes of files on one request or message, as --attachment-max-file (env CARE_ATTACHMENT_MAX_MESSAGE, default 25M).")
    var attachmentMaxMessageOption: String = ProcessInfo.processInfo.environment["CARE_ATTACHMENT_MAX_MESSAGE"] ?? "25M"

    @Option(name: .customLong("attachment-max-files"), help: "Most files on one request or message; 0 turns attachments off (env CARE_ATTACHMENT_MAX_FILES, default 10).")
    var attachmentMaxFilesOption: Int = Int(ProcessInfo.processInfo.environment["CARE_ATTACHMENT_MAX_FILES"] ?? "") ?? 10

    @Option(name: .customLong("attachments"), help: "Folder of attached files, shared by every node of one database (env CARE_ATTACHMENTS, default <data>/attachments).")
    var attachmentsOption: String? = ProcessInfo.processInfo.environment["CARE_ATTACHMENTS"].flatMap { $0.isEmpty ? nil : $0 }

    @Option(name: .customLong("mail-lease"), help: "Seconds a mail worker's claim on the mails it sends holds against other nodes' workers (env CARE_MAIL_LEASE, default 300).")
    var mailLeaseSeconds: Int = Int(ProcessInfo.processInfo.environment["CARE_MAIL_LEASE"] ?? "") ?? 300

    // MARK: AppArguments

    var hostname: String { host }
    var smtpURL: String? { smtp.flatMap { $0.isEmpty ? nil : $0 } }
    var replyAddress: String? { replyAddressOption.flatMap { $0.isEmpty ? nil : $0 } }
    var dataFolder: String? { data }
    var databaseURL: String? { database }
    var baseURL: String { baseURLOption ?? "http://\(host):\(port)" }
    var adminEmail: String { adminEmailOption }
    /// Read from the environment only, so it never shows in the process list.
    var adminPassword: String? { ProcessInfo.processInfo.environment["CARE_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 } }
    var bcryptCost: UInt8 { 12 }
    var logLevel: Logger.Level { Logger.Level(rawValue: logLevelName) ?? .info }
    var corpusFolder: String? {
        // The variable is read here: a flag's default cannot be true (ArgumentParser refuses it).
        let noCorpusVariable = ProcessInfo.processInfo.environment["CARE_NO_CORPUS"]?.lowercased() ?? ""
        if noCorpus || ["1", "true", "yes"].contains(noCorpusVariable) { return nil }
        return corpusPath ?? ShippedCorpus.folder
    }
    func openEmbeddings() throws -> StaticEmbeddingModel? {
        let noMeaningVariable = ProcessInfo.processInfo.environment["CARE_NO_MEANING"]?.lowercased() ?? ""
        if noMeaning || ["1", "true", "yes"].contains(noMeaningVariable) { return nil }
        return try ShippedModel.open()
    }
    var suggestionBurst: Int { min(max(suggestionBurstOption, 1), 1_000_000) }
    var attachmentFolder: String? { attachmentsOption }
    var mailLease: Duration { .seconds(min(max(mailLeaseSeconds, 1), 86_400)) }
    var loginBurst: Int { min(max(loginBurstOption, 1), 1_000_000) }
    var abuseBurst: Int { min(max(abuseBurstOption, 1), 1_000_000) }
    var publicTermCustomers: Int { min(max(publicTermCustomersOption, 1), 1_000) }
    var notifyAdminsWhenUnassigned: Bool { notifyAdminsUnassigned }
    var newSolutionsNeedReview: Bool { !publishAtOnce }
    var attachmentLimits: AttachmentLimits {
        AttachmentLimits(
            maxFileBytes: AttachmentLimits.byteCount(attachmentMaxFileOption) ?? 10 << 20,
            maxMessageBytes: AttachmentLimits.byteCount(attachmentMaxMessageOption) ?? 25 << 20,
            maxFiles: min(max(attachmentMaxFilesOption, 0), 100)
        )
    }
    var oidcProviders: [OIDCProviderSettings] { (try? signInProviders()) ?? [] }
    var inboundMailToken: String? {
        (inboundMailTokenOption ?? ProcessInfo.processInfo.environment["CARE_INBOUND_MAIL_TOKEN"]).flatMap { $0.isEmpty ? nil : $0 }
    }
    var metricsToken: String? {
        (metricsTokenOption ?? ProcessInfo.processInfo.environment["CARE_METRICS_TOKEN"]).flatMap { $0.isEmpty ? nil : $0 }
    }
    var trustedProxies: [String] {
        if !trustedProxyOptions.isEmpty { return trustedProxyOptions }
        return (ProcessInfo.processInfo.environment["CARE_TRUSTED_PROXIES"] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Google, LinkedIn and Facebook when both their id and secret are given, then every `--oidc-provider` (or,
    /// without any, those of `CARE_OIDC_PROVIDERS`).
    /// Flags win over the environment, which is read here rather than as the flags' defaults so that `--help` never
    /// prints a secret.
    func signInProviders() throws -> [OIDCProviderSettings] {
        func given(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        let environment = ProcessInfo.processInfo.environment
        let googleClientId = given(googleClientIdOption) ?? environment["CARE_GOOGLE_CLIENT_ID"]
        let googleClientSecret = given(googleClientSecretOption) ?? environment["CARE_GOOGLE_CLIENT_SECRET"]
        let linkedInClientId = given(linkedInClientIdOption) ?? environment["CARE_LINKEDIN_CLIENT_ID"]
        let linkedInClientSecret = given(linkedInClientSecretOption) ?? environment["CARE_LINKEDIN_CLIENT_SECRET"]
        let facebookClientId = given(facebookClientIdOption) ?? environment["CARE_FACEBOOK_CLIENT_ID"]
        let facebookClientSecret = given(facebookClientSecretOption) ?? environment["CARE_FACEBOOK_CLIENT_SECRET"]
        if (given(googleClientId) == nil) != (given(googleClientSecret) == nil) {
            throw OIDCSettingsError("sign-in with Google needs both a client id and a client secret")
        }
        if (given(linkedInClientId) == nil) != (given(linkedInClientSecret) == nil) {
            throw OIDCSettingsError("sign-in with LinkedIn needs both a client id and a client secret")
        }
        if (given(facebookClientId) == nil) != (given(facebookClientSecret) == nil) {
            throw OIDCSettingsError("sign-in with Facebook needs both an app id and an app secret")
        }
        var providers: [OIDCProviderSettings] = []
        if let id = given(googleClientId), let secret = given(googleClientSecret) {
            providers.append(.google(clientId: id, clientSecret: secret))
        }
        if let id = given(linkedInClientId), let secret = given(linkedInClientSecret) {
            providers.append(.linkedIn(clientId: id, clientSecret: secret))
        }
        if let id = given(facebookClientId), let secret = given(facebookClientSecret) {
            providers.append(.facebook(clientId: id, clientSecret: secret))
        }
        if oidcProviderSpecs.isEmpty, let list = given(ProcessInfo.processInfo.environment["CARE_OIDC_PROVIDERS"]) {
            providers += try OIDCProviderSettings.parseList(list)
        } else {
            providers += try oidcProviderSpecs.map(OIDCProviderSettings.parse)
        }
        return providers
    }

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535.") }
        if let corpusPath, !FileManager.default.fileExists(atPath: corpusPath + "/solutions.jsonl") {
            throw ValidationError("--corpus \(corpusPath) has no solutions.jsonl.")
        }
        guard Logger.Level(rawValue: logLevelName) != nil else { throw ValidationError("Unknown --log-level \(logLevelName).") }
        for (option, value) in [("--attachment-max-file", attachmentMaxFileOption), ("--attachment-max-message", attachmentMaxMessageOption)]
        where AttachmentLimits.byteCount(value) == nil {
            throw ValidationError("\(option) must be a size from 1 byte to 1 GiB, like 10M, 512K or 1048576; not \(value).")
        }
        guard (0...100).contains(attachmentMaxFilesOption) else {
            throw ValidationError("--attachment-max-files must be between 0 and 100.")
        }
        do {
            _ = try signInProviders()
        } catch let error as OIDCSettingsError {
            throw ValidationError("Sign-in providers: \(error.description).")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = DeferredMetadataLogHandler(StreamLogHandler.standardError(label: label))
            handler.logLevel = Logger.Level(rawValue: logLevelName) ?? .info
            return handler
        }
        let app: any ApplicationProtocol
        do { app = try await buildApplication(self) } catch {
            let store = (try? database.map(StoreLocation.parse))??.description ?? dataFolder.map { $0 + "/care.sqlite" }
            throw StoreFailure.exit(error, store: store ?? "the database")
        }
        try await app.runService()
    }
}
