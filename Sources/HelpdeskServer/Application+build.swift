import Foundation
import HelpdeskCore
import HelpdeskImport
import HelpdeskMail
import Hummingbird
import HummingbirdAuth
import Logging
import NIOPosix
import ServiceLifecycle

/// Builds the helpdesk web application: opens (or creates) the database, loads the corpus into an empty one,
/// loads or rebuilds the search index and attaches it, creates the first admin, and wires the router.
/// - Parameter arguments: the deployment settings (`care serve`, or the tests' `TestArguments`).
/// - Returns: the application, ready for `runService()` or `test(.router)`.
public func buildApplication(_ arguments: some AppArguments) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "care")
    logger.logLevel = arguments.logLevel
    let configuration = HelpdeskConfiguration(
        bcryptCost: arguments.bcryptCost, baseURL: arguments.baseURL, newSolutionsNeedReview: arguments.newSolutionsNeedReview)

    let database: AppDatabase
    var snapshotFolder: String?
    if let url = arguments.databaseURL {
        let location = try StoreLocation.parse(url)
        database = try await AppDatabase.open(location, configuration: configuration, logger: logger)
        if let folder = arguments.dataFolder {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            snapshotFolder = URL(fileURLWithPath: folder).appendingPathComponent(location.snapshotFolderName).path
        }
        logger.info("opened the database", metadata: ["store": "\(location)"])
    } else if let folder = arguments.dataFolder {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = URL(fileURLWithPath: folder).appendingPathComponent("care.sqlite").path
        database = try AppDatabase.openFile(at: path, configuration: configuration, logger: logger)
        snapshotFolder = URL(fileURLWithPath: folder).appendingPathComponent("index").path
        logger.info("opened the database", metadata: ["path": "\(path)"])
    } else {
        database = try AppDatabase.inMemory(configuration: configuration)
    }
    return try await buildApplication(arguments, database: database, snapshotFolder: snapshotFolder, logger: logger)
}

/// Builds the application over an open database (tests pass an in-memory one they can inspect).
func buildApplication(
    _ arguments: some AppArguments,
    database: AppDatabase,
    snapshotFolder: String?,
    logger: Logger
) async throws -> some ApplicationProtocol {
    // Nodes starting together on one empty database take turns, so the knowledge base is loaded once.
    if let corpus = arguments.corpusFolder,
        let summary = try await database.runInTurn(.knowledgeBaseLoad, {
            try await CorpusImporter(folder: corpus).loadIfNeeded(into: database)
        })
    {
        logger.info(
            "loaded the corpus",
            metadata: [
                "folder": "\(corpus)", "solutions": "\(summary.solutions)", "tickets": "\(summary.tickets)",
                "agents": "\(summary.agents)",
            ]
        )
    }

    let embeddings = try arguments.openEmbeddings()
    let index: HelpdeskIndex
    if let snapshotFolder {
        let (loaded, rebuilt) = try HelpdeskIndex.load(
            from: snapshotFolder, database: database, publicTermCustomers: arguments.publicTermCustomers,
            embeddings: embeddings)
        index = loaded
        logger.info("search index ready", metadata: ["rebuilt": "\(rebuilt)", "checkpoint": "\(index.checkpoint)"])
    } else {
        index = HelpdeskIndex(publicTermCustomers: arguments.publicTermCustomers, embeddings: embeddings)
        try index.rebuild(from: database)
    }
    database.attach(index: index)

    if let password = try await database.ensureInitialAdmin(email: arguments.adminEmail, password: arguments.adminPassword) {
        // Printed once, on the start that created the admin, straight to stdout (unbuffered); it is not logged.
        let notice = """
            ==> Created the first admin account.
                e-mail:   \(arguments.adminEmail)
                password: \(password)
                (shown only this once; change it after signing in)

            """
        FileHandle.standardOutput.write(Data(notice.utf8))
    }

    let attachments = AttachmentStore(
        folder: arguments.attachmentFolder
            ?? arguments.dataFolder.map { URL(fileURLWithPath: $0).appendingPathComponent("attachments").path }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("care-attachments-\(UUID().uuidString)").path,
        limits: arguments.attachmentLimits
    )
    // Files a crash left between their write and their transaction (or whose rows are gone) are no use to anyone.
    let orphans = attachments.removeOrphans(
        referenced: try await database.attachmentDigests(), olderThan: Date().addingTimeInterval(-60))
    if orphans > 0 { logger.info("removed orphaned attachment files", metadata: ["count": "\(orphans)"]) }

    let appServices = AppServices(
        database: database,
        index: index,
        metrics: AppMetrics.shared,
        suggestionLimiter: RateLimiter(
            capacity: arguments.suggestionBurst,
            refillPerSecond: arguments.suggestionRefillPerSecond
        ),
        loginLimiter: RateLimiter(capacity: arguments.loginBurst, refillPerSecond: arguments.limitRefillScale / 30),
        limits: AbuseLimits(burst: arguments.abuseBurst, refillScale: arguments.limitRefillScale),
        views: try await Views.load(),
        signInProviders: SignInProviders(arguments.oidcProviders, baseURL: arguments.baseURL, logger: logger),
        metricsToken: arguments.metricsToken,
        inboundMailToken: arguments.inboundMailToken,
        trustedProxies: Set(arguments.trustedProxies.map(ClientAddress.normalized)),
        notifyAdminsWhenUnassigned: arguments.notifyAdminsWhenUnassigned,
        attachments: attachments,
        logger: logger
    )
    let router = try buildRouter(
        services: appServices, secureCookies: arguments.secureCookies, readinessDeadline: arguments.readinessDeadline)
    let maintenance = MaintenanceService(
        database: database,
        index: index,
        snapshotFolder: snapshotFolder,
        metrics: appServices.metrics,
        logger: logger,
        attachments: attachments
    )
    var services: [any Service] = [maintenance]
    if arguments.databaseURL != nil || arguments.dataFolder != nil {
        // Another node, or a `care` command, may write to the same database.
        services.append(ChangeFollowerService(database: database))
    }
    if let dataFolder = arguments.dataFolder {
        maintenance.saveSnapshot()
        // The mail worker (HelpdeskMail) delivers the outbox: over SMTP, or as .eml files in <data>/outbox/.
        var replies: ReplyAddressing?
        if let address = arguments.replyAddress {
            replies = ReplyAddressing(base: try MailAddress(parsing: address), key: try await database.mailReplyKey())
            logger.info("mails about tickets take answers by e-mail", metadata: ["replyAddress": "\(address)"])
        }
        let mail = try MailDeliveryService.make(
            database: database,
            smtpURL: arguments.smtpURL,
            dataDirectory: URL(fileURLWithPath: dataFolder),
            baseURL: arguments.baseURL,
            lease: arguments.mailLease,
            replies: replies,
            logger: logger
        )
        services.append(MailWorkerService(delivery: mail))
    }
    return Application(
        router: router,
        configuration: .init(address: .hostname(arguments.hostname, port: arguments.port), serverName: "care"),
        services: services,
        logger: logger
    )
}

/// Wires middleware and controllers.
///
/// Order matters: metrics and security headers wrap everything (errors included); the session and the identity are
/// loaded before `ErrorMiddleware`, so error pages know who is signed in and session changes made by a failing
/// request are still saved.
func buildRouter(
    services: AppServices, secureCookies: Bool, readinessDeadline: Duration = .seconds(3)
) throws -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    // The health check and the assets need no client address and are not counted per route (a load balancer asks
    // several times a second).
    router.add(middleware: UnlessProbe(ClientAddressMiddleware(trustedProxies: services.trustedProxies)))
    router.add(middleware: UnlessProbe(MetricsMiddleware<AppRequestContext>()))
    // No one-time tokens or OpenID codes in the logs; no line per health check or asset (`UnlessProbe`).
    router.add(middleware: UnlessProbe(RequestLogMiddleware<AppRequestContext>(.info)))
    router.add(middleware: SecurityHeadersMiddleware())
    // The health check and the assets read no session and no identity.
    router.add(
        middleware: UnlessProbe(SessionMiddleware(
            storage: DatabasePersistDriver(database: services.database),
            configuration: .init(
                sessionCookieParameters: .init(
                    name: AppServices.sessionCookie,
                    path: "/",
                    secure: secureCookies,
                    sameSite: .lax
                ),
                keyPrefix: AppServices.sessionKeyPrefix,
                defaultSessionExpiration: AppServices.signedInLifetime
            )
        ))
    )
    router.add(middleware: UnlessProbe(AuthenticationMiddleware(database: services.database)))
    router.add(middleware: ErrorMiddleware(services: services))
    router.add(middleware: AbuseLimitMiddleware(limits: services.limits))

    HealthController(services: services, storeDeadline: readinessDeadline).addRoutes(to: router)
    router.get("metrics") { request, context in
        guard services.mayReadMetrics(request, context: context) else {
            return Response(
                status: .unauthorized,
                headers: [.contentType: "text/plain; charset=utf-8", .wwwAuthenticate: "Bearer"],
                body: .init(byteBuffer: ByteBuffer(string: "Metrics need the metrics token (care serve --metrics-token).\n")))
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: services.metrics.render()))
        )
    }
    router.get("assets/:name") { _, context in
        guard let name = context.parameters.get("name"), let body = services.views.assets[name] else {
            throw ServerError.notFound
        }
        let type =
            name.hasSuffix(".css")
            ? "text/css; charset=utf-8" : name.hasSuffix(".js") ? "text/javascript; charset=utf-8" : "application/octet-stream"
        return Response(
            status: .ok,
            headers: [.contentType: type, .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: body)
        )
    }

    // Answers by e-mail handed over by the mail system over HTTP (a raw mail, not JSON).
    InboundMailController(services: services).addRoutes(to: router)

    // JSON API
    let api = router.group("api/v1").add(middleware: RequireJSONMiddleware())
    let accountsAPI = AccountsAPIController(services: services)
    let solutionsAPI = SolutionsAPIController(services: services, openAPI: try Views.openAPIDocument())
    accountsAPI.addPublicRoutes(to: api)
    solutionsAPI.addPublicRoutes(to: api)
    let signedInAPI = api.group().add(middleware: RequireUserMiddleware())
    accountsAPI.addRoutes(to: signedInAPI)
    solutionsAPI.addRoutes(to: signedInAPI)
    TicketsAPIController(services: services).addRoutes(to: signedInAPI)
    CustomersAPIController(services: services).addRoutes(to: signedInAPI)
    AttachmentsController(services: services).addAPIRoutes(to: signedInAPI)

    // HTML pages
    // Pages: anonymous visitors of signed-in pages are sent to the login page before the CSRF check, so a stale
    // form after sign-out also lands there.
    let web = router.group().add(middleware: CSRFMiddleware())
    WebAccountsController(services: services).addRoutes(to: web)
    SignInController(services: services).addRoutes(to: web)
    HelpCentreController(services: services).addRoutes(to: web)
    let signedIn = router.group().add(middleware: RequireUserMiddleware())
        .add(middleware: PasswordChangeMiddleware())
        .add(middleware: CSRFMiddleware(attachments: services.attachments))
    CustomerController(services: services).addRoutes(to: signedIn)
    AgentConsoleController(services: services).addRoutes(to: signedIn)
    AdminController(services: services).addRoutes(to: signedIn)
    CustomersController(services: services).addRoutes(to: signedIn)
    ReportsController(services: services).addRoutes(to: signedIn)
    AccountController(services: services).addRoutes(to: signedIn)
    AttachmentsController(services: services).addRoutes(to: signedIn)
    return router
}
