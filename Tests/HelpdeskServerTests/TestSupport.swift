import Embeddings
import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import TestSupport

@testable import HelpdeskServer

/// Deployment settings for tests: in memory, bcrypt cost 4, a tiny inline corpus.
struct TestArguments: AppArguments {
    var hostname = "127.0.0.1"
    var port = 0
    var dataFolder: String? = nil
    var corpusFolder: String? = nil
    var baseURL = "http://care.test"
    var adminEmail = "admin@care.test"
    var adminPassword: String? = TestData.adminPassword
    var bcryptCost: UInt8 = 4
    var logLevel: Logger.Level = .warning
    var suggestionBurst = 1000
    var suggestionRefillPerSecond = 200.0
    var loginBurst = 1000
    var abuseBurst = 1000
    var limitRefillScale = 1.0
    var metricsToken: String? = nil
    var inboundMailToken: String? = nil
    var oidcProviders: [OIDCProviderSettings] = []
    var notifyAdminsWhenUnassigned = true
    /// Off, so that the suites that are not about review see an agent's solutions in the help centre at once.
    var newSolutionsNeedReview = false
    var attachmentFolder: String? = nil
    var attachmentLimits = AttachmentLimits()
    /// Two minutes: suites share the store's server with every other suite running at once, and a probe that reports a
    /// slow machine as a dead store would make the probe tests fail on load, not on a fault.
    var readinessDeadline: Duration = .seconds(120)
    /// None: the suites match words alone, unless one is about the model (`Repository.shippedModel`).
    var embeddings: StaticEmbeddingModel? = nil

    func openEmbeddings() throws -> StaticEmbeddingModel? { embeddings }
}

enum TestData {
    static let adminPassword = "Admin-Passw0rd"
    static let password = "Correct-Horse-42"

    /// A tiny corpus: three categories, one agent, four published solutions.
    static let corpusFiles: [String: String] = [
        "categories.jsonl": """
            {"id": "account-access", "name": "Account access", "description": "Signing in"}
            {"id": "shop-payments", "name": "Shop payments", "description": "Payouts and card payments"}
            {"id": "devices", "name": "Devices", "description": "Routers and tablets"}
            """,
        "agents.jsonl": """
            {"id": "agent-ana-ruiz", "name": "Ana Ruiz", "email": "ana@harbourfield.example", "skills": ["shop-payments"], "capacity": 5}
            """,
        "solutions.jsonl": """
            {"id": "SOL-0001", "title": "Reset a forgotten password", "category": "account-access", "steps": ["Open the sign-in screen and tap Forgot password.", "Open the reset e-mail and choose a new password."], "author": "agent-ana-ruiz", "created_at": "2025-11-12T09:38:16Z"}
            {"id": "SOL-0002", "title": "Payout delayed to your bank account", "category": "shop-payments", "steps": ["Check the payout schedule in HF Pay.", "Confirm the bank details under Settings > Payouts.", "Payouts can take three working days."], "author": "agent-ana-ruiz", "created_at": "2025-11-12T09:38:16Z"}
            {"id": "SOL-0003", "title": "Router keeps dropping the Wi-Fi connection", "category": "devices", "steps": ["Restart the Hub router.", "Move it away from the microwave.", "Update the router firmware in the app."], "author": "agent-ana-ruiz", "created_at": "2025-11-12T09:38:16Z"}
            {"id": "SOL-0004", "title": "Card payment declined at checkout", "category": "shop-payments", "steps": ["Check the card expiry date.", "Ask the bank to allow online payments."], "author": "agent-ana-ruiz", "created_at": "2025-11-12T09:38:16Z"}
            """,
        "tickets.jsonl": "",
    ]

    /// Writes the corpus into a fresh temporary folder.
    static func corpusFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("care-corpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in corpusFiles {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return folder.path
    }
}

/// A signed-in (or anonymous) caller: its session cookie, and its CSRF token once a page was read.
struct Caller: Sendable {
    var cookie: String?
    var user: User?
    var name: String

    static let anonymous = Caller(cookie: nil, user: nil, name: "anonymous")
}

/// The running test app, its database, its attachment folder and the OpenAPI validator.
struct TestEnvironment: Sendable {
    let database: AppDatabase
    let validator: OpenAPIValidator
    /// The attachment store's folder (a temporary one, deleted after the test unless the arguments named one).
    let attachmentFolder: String

    /// Builds the app over a fresh in-memory database with the tiny corpus and runs `body` against its router;
    /// `prepare` sees the database before the app is built.
    /// - Parameters:
    ///   - now: the database's clock (a test moves it to pass a deadline).
    ///   - logger: the application's logger; by default warnings and worse, printed.
    static func run(
        _ arguments: TestArguments = TestArguments(),
        corpus: Bool = true,
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger? = nil,
        prepare: @Sendable (AppDatabase) async throws -> Void = { _ in },
        _ body: @Sendable (any TestClientProtocol, TestEnvironment) async throws -> Void
    ) async throws {
        var arguments = arguments
        let corpusFolder = corpus ? try TestData.corpusFolder() : nil
        defer { if let corpusFolder { try? FileManager.default.removeItem(atPath: corpusFolder) } }
        if let corpusFolder { arguments.corpusFolder = corpusFolder }
        let temporaryAttachments = arguments.attachmentFolder == nil
        if temporaryAttachments {
            arguments.attachmentFolder =
                FileManager.default.temporaryDirectory.appendingPathComponent("care-test-attachments-\(UUID().uuidString)").path
        }
        let attachmentFolder = arguments.attachmentFolder!
        defer { if temporaryAttachments { try? FileManager.default.removeItem(atPath: attachmentFolder) } }
        let database = try await TestStore.fresh(
            configuration: HelpdeskConfiguration(
                bcryptCost: 4, baseURL: arguments.baseURL, newSolutionsNeedReview: arguments.newSolutionsNeedReview),
            now: now)
        try await prepare(database)
        let logger =
            logger
            ?? {
                var logger = Logger(label: "care-test")
                logger.logLevel = .warning
                return logger
            }()
        let app = try await buildApplication(arguments, database: database, snapshotFolder: nil, logger: logger)
        let environment = TestEnvironment(
            database: database, validator: try OpenAPIValidator.load(), attachmentFolder: attachmentFolder)
        try await app.test(.router) { client in
            try await body(client, environment)
        }
    }

    // MARK: - Users

    /// The admin created at start.
    func admin(_ client: some TestClientProtocol) async throws -> Caller {
        try await signIn(client, email: "admin@care.test", password: TestData.adminPassword)
    }

    /// Registers, confirms and signs in a customer.
    func customer(_ client: some TestClientProtocol, name: String) async throws -> Caller {
        let email = "\(name.lowercased().replacingOccurrences(of: " ", with: "."))@customer.test"
        try await database.register(name: name, email: email, password: TestData.password)
        let token = try #require(try await database.outbox(recipient: email).last?.payloadValues["token"])
        try await database.confirmEmail(token: token)
        return try await signIn(client, email: email, password: TestData.password)
    }

    /// Creates an agent as the admin, sets their password through the invitation link, signs them in.
    func agent(_ client: some TestClientProtocol, name: String, capacity: Int = 5) async throws -> Caller {
        let admin = try await database.login(email: "admin@care.test", password: TestData.adminPassword)
        let email = "\(name.lowercased().replacingOccurrences(of: " ", with: "."))@staff.test"
        _ = try await database.createAgent(by: admin, name: name, email: email, skills: [], capacity: capacity)
        let token = try #require(try await database.outbox(recipient: email).last?.payloadValues["token"])
        try await database.resetPassword(token: token, newPassword: TestData.password)
        return try await signIn(client, email: email, password: TestData.password)
    }

    /// Signs in through the API and keeps the session cookie.
    func signIn(_ client: some TestClientProtocol, email: String, password: String) async throws -> Caller {
        let response = try await api(
            client,
            .post,
            "/api/v1/session",
            json: ["email": email, "password": password],
            as: .anonymous
        )
        #expect(response.status == .ok)
        let cookie = try #require(Self.sessionCookie(response))
        let user = try await database.login(email: email, password: password)
        return Caller(cookie: cookie, user: user, name: email)
    }

    /// The session cookie set by a response.
    static func sessionCookie(_ response: TestResponse) -> String? {
        for value in response.headers[values: .setCookie] where value.hasPrefix("\(AppServices.sessionCookie)=") {
            let pair = value.split(separator: ";")[0]
            let cookieValue = pair.dropFirst(AppServices.sessionCookie.count + 1)
            if cookieValue.isEmpty { return nil }
            return String(pair)
        }
        return nil
    }

    // MARK: - Requests

    /// An API request whose response is checked against the OpenAPI document.
    @discardableResult
    func api(
        _ client: some TestClientProtocol,
        _ method: HTTPRequest.Method,
        _ uri: String,
        json: [String: Any]? = nil,
        rawBody: String? = nil,
        contentType: String = "application/json",
        headers extra: HTTPFields = [:],
        as caller: Caller
    ) async throws -> TestResponse {
        var headers = extra
        headers[.accept] = "application/json"
        if let cookie = caller.cookie { headers[.cookie] = cookie }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
            headers[.contentType] = contentType
        } else if let rawBody {
            body = ByteBuffer(string: rawBody)
            headers[.contentType] = contentType
        }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
        try validator.validate(method: method, uri: uri, response: response)
        return response
    }

    /// A page request.
    @discardableResult
    func page(_ client: some TestClientProtocol, _ uri: String, as caller: Caller) async throws -> TestResponse {
        var headers: HTTPFields = [.accept: "text/html"]
        if let cookie = caller.cookie { headers[.cookie] = cookie }
        return try await client.execute(uri: uri, method: .get, headers: headers)
    }

    /// A form post; `csrf: nil` leaves the token out, `csrf: ""` reads it from `tokenPage` first.
    @discardableResult
    func form(
        _ client: some TestClientProtocol,
        _ uri: String,
        _ fields: [(String, String)],
        csrf: String? = "",
        tokenPage: String? = nil,
        as caller: Caller
    ) async throws -> TestResponse {
        var caller = caller
        var fields = fields
        if let csrf {
            var token = csrf
            if token.isEmpty {
                let tokenPage = tokenPage ?? (caller.cookie == nil ? "/login" : "/help")
                let page = try await page(client, tokenPage, as: caller)
                if caller.cookie == nil, let cookie = Self.sessionCookie(page) { caller.cookie = cookie }
                token = try #require(Self.csrfToken(in: String(buffer: page.body)), "no CSRF token on \(tokenPage)")
            }
            fields.append(("csrf", token))
        }
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .accept: "text/html"]
        if let cookie = caller.cookie { headers[.cookie] = cookie }
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// A file of a multipart request.
    struct UploadFile: Sendable {
        var field = "attachments"
        var name: String
        /// What the client claims; the server sniffs the content instead.
        var contentType = "application/octet-stream"
        var bytes: [UInt8]
    }

    /// A `multipart/form-data` body: the text fields first (the CSRF token among them), then the files.
    static func multipartBody(_ fields: [(String, String)], files: [UploadFile], boundary: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        for (name, value) in fields {
            buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            buffer.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\n"
                    + "Content-Type: \(file.contentType)\r\n\r\n")
            buffer.writeBytes(file.bytes)
            buffer.writeString("\r\n")
        }
        buffer.writeString("--\(boundary)--\r\n")
        return buffer
    }

    static let boundary = "----careTestBoundary7MA4YWxkTrZu0gW"

    /// A multipart form post of a page, with the session's CSRF token first (as the pages' forms send it).
    @discardableResult
    func upload(
        _ client: some TestClientProtocol,
        _ uri: String,
        _ fields: [(String, String)],
        files: [UploadFile],
        tokenPage: String = "/help",
        as caller: Caller
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(Self.boundary)", .accept: "text/html"]
        var fields = fields
        if let cookie = caller.cookie {
            headers[.cookie] = cookie
            let page = try await page(client, tokenPage, as: caller)
            let token = try #require(Self.csrfToken(in: String(buffer: page.body)), "no CSRF token on \(tokenPage)")
            fields.insert(("csrf", token), at: 0)
        }
        return try await client.execute(
            uri: uri, method: .post, headers: headers, body: Self.multipartBody(fields, files: files, boundary: Self.boundary))
    }

    /// A multipart API request, checked against the OpenAPI document: with a bearer token, or with the caller's
    /// session cookie and `csrfHeader` (the session's token when "", none when nil).
    @discardableResult
    func apiUpload(
        _ client: some TestClientProtocol,
        _ uri: String,
        _ fields: [(String, String)],
        files: [UploadFile],
        bearer: String? = nil,
        csrfHeader: String? = "",
        as caller: Caller
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(Self.boundary)", .accept: "application/json"]
        if let bearer {
            headers[.authorization] = "Bearer \(bearer)"
        } else if let cookie = caller.cookie {
            headers[.cookie] = cookie
            if var token = csrfHeader {
                if token.isEmpty {
                    let page = try await page(client, "/help", as: caller)
                    token = try #require(Self.csrfToken(in: String(buffer: page.body)))
                }
                headers[RequireJSONMiddleware.csrfHeader] = token
            }
        }
        let response = try await client.execute(
            uri: uri, method: .post, headers: headers, body: Self.multipartBody(fields, files: files, boundary: Self.boundary))
        try validator.validate(method: .post, uri: uri, response: response)
        return response
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: #"name="csrf" value="([^"]+)""#, options: .regularExpression) else { return nil }
        let match = html[range]
        return match.split(separator: "\"").dropFirst(3).first.map(String.init)
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// Decodes a JSON body.
    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    /// Creates a personal API token on the account page of `caller` and returns it (shown once, on that page).
    func apiToken(_ client: some TestClientProtocol, for caller: Caller, name: String = "script") async throws -> String {
        let created = try await form(client, "/account/tokens", [("name", name)], tokenPage: "/account", as: caller)
        #expect(created.status == .created)
        let html = String(buffer: created.body)
        let range = try #require(html.range(of: #"ccr_[A-Za-z0-9_\-]+"#, options: .regularExpression), "no token shown")
        return String(html[range])
    }

    /// The status of `GET /api/v1/session` with `Authorization: Bearer token`: 200 while the token works, 401 after.
    func bearerStatus(_ client: some TestClientProtocol, token: String) async throws -> HTTPResponse.Status {
        try await api(client, .get, "/api/v1/session", headers: [.authorization: "Bearer \(token)"], as: .anonymous).status
    }

    /// Whether `caller`'s browser is signed in: a signed-in page answers 200, not a redirect to the login page.
    func isSignedIn(_ client: some TestClientProtocol, _ caller: Caller) async throws -> Bool {
        let response = try await page(client, "/account", as: caller)
        if response.status == .seeOther { #expect(response.headers[.location]?.hasPrefix("/login") == true) }
        return response.status == .ok
    }

    /// Creates a ticket for `customer` through the API and returns its id.
    func ticket(_ client: some TestClientProtocol, by customer: Caller, subject: String = "Payout delayed",
                description: String = "My payout has not arrived at my bank account.") async throws -> Int64 {
        let response = try await api(
            client,
            .post,
            "/api/v1/tickets",
            json: ["subject": subject, "description": description, "categoryId": "shop-payments", "priority": "high"],
            as: customer
        )
        #expect(response.status == .created)
        return try #require((try Self.json(response)["id"] as? NSNumber)?.int64Value)
    }
}

extension Data {
    init(buffer: ByteBuffer) {
        self = Data(buffer.readableBytesView)
    }
}
