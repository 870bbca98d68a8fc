import Foundation
import HelpdeskCore
import Hummingbird

/// The limits that keep one client from wearing out the server, a mailbox or the password hasher. Every limiter is
/// keyed on a normalised identity (client address, account, `InputValidation.normalizedIdentity` of an address) and
/// holds a bounded number of keys (`RateLimiter`).
struct AbuseLimits: Sendable {
    /// Sign-in attempts from one client across all addresses.
    let signInPerClient: RateLimiter
    /// Registration, forgotten and reset password, and resent confirmations from one client.
    let accountActionsPerClient: RateLimiter
    /// Mails that a client's request sends to one address (reset links, confirmation links).
    let mailPerAddress: RateLimiter
    /// API tokens one account creates.
    let tokensPerAccount: RateLimiter
    /// Tickets one account files.
    let ticketsPerAccount: RateLimiter
    /// Anonymous sessions one client starts (a page with a form starts one, for its CSRF token): each is a database row
    /// kept for two hours, so a client fetching form pages without its cookie must not add them without end.
    let anonymousSessionsPerClient: RateLimiter
    /// Password hashing (sign-in, registration, password changes): about one per core at a time.
    let hashing: ConcurrencyGate
    /// Mails taken in over HTTP (`POST /api/v1/inbound-mail`): two at a time, eight waiting, so that ten-megabyte mails
    /// neither hold every core nor add up in memory.
    let mailIntake = ConcurrencyGate(limit: 2, queueLimit: 8)

    /// Limits scaled from `burst`, the account actions one client may make at once (10 in production).
    /// - Parameter refillScale: the refill rates relative to production's (1); 0 never refills (tests).
    init(burst: Int, refillScale: Double = 1) {
        let burst = max(1, burst)
        let scale = max(0, refillScale)
        signInPerClient = RateLimiter(capacity: burst * 3, refillPerSecond: scale / 5)
        accountActionsPerClient = RateLimiter(capacity: burst, refillPerSecond: scale / 60)
        mailPerAddress = RateLimiter(capacity: max(3, burst / 3), refillPerSecond: scale / 600)
        tokensPerAccount = RateLimiter(capacity: burst, refillPerSecond: scale / 60)
        ticketsPerAccount = RateLimiter(capacity: burst * 2, refillPerSecond: scale / 60)
        // 60 at once and one a second: a whole office behind one address still gets its pages, a script at most 7,200
        // rows in a session's lifetime.
        anonymousSessionsPerClient = RateLimiter(capacity: burst * 6, refillPerSecond: scale)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        hashing = ConcurrencyGate(limit: max(2, cores), queueLimit: max(2, cores) * 8)
    }
}

/// Applies `AbuseLimits` to the routes they guard, before the handler reads the body: a limited request gets a 429
/// with `Retry-After`, and one that would hash a password while the hasher's queue is full gets a 503 with
/// `Retry-After` at once. Every other route passes with one dictionary look-up.
struct AbuseLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// What a route costs.
    enum Guard: Sendable {
        /// Counts against the client's sign-in attempts and hashes a password.
        case signIn
        /// Counts against the client's account actions.
        case accountAction
        /// Counts against the client's account actions and hashes a password.
        case accountActionHashing
        /// Hashes a password (signed in: a password change).
        case hashing
        /// Counts against the signed-in account's token creations.
        case token
        /// Counts against the signed-in account's ticket filings.
        case ticket
    }

    let limits: AbuseLimits

    /// The guarded `POST` routes.
    static let guards: [String: Guard] = [
        "/login": .signIn, "/api/v1/session": .signIn,
        "/register": .accountActionHashing, "/api/v1/accounts": .accountActionHashing,
        "/reset-password": .accountActionHashing,
        "/forgot-password": .accountAction, "/resend-confirmation": .accountAction,
        "/account/password": .hashing,
        "/account/tokens": .token,
        "/tickets": .ticket, "/api/v1/tickets": .ticket,
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.sessions.session == nil else { return try await guarded(request, context: context, next: next) }
        // A request without a session that leaves one behind (anonymous: a form's CSRF token, a notice) spends the
        // client's allowance of new sessions. Past it the page is still answered, and what the handler did stands (a
        // confirmation link is not used up for nothing), but the session is not kept: no row, no cookie, so a form
        // on that page is refused as stale when sent. Paid for also when the request fails.
        func settle() {
            guard let session = context.sessions.session, session.userId == nil else { return }
            if limits.anonymousSessionsPerClient.take("client:\(context.clientKey)") != nil { context.sessions.clearSession() }
        }
        let response: Response
        do {
            response = try await guarded(request, context: context, next: next)
        } catch {
            settle()
            throw error
        }
        settle()
        return response
    }

    /// Runs `next` under the limit of the route, if it has one.
    private func guarded(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let guarded = Self.guards[Self.routedPath(request.uri.path)] else {
            return try await next(request, context)
        }
        let client = "client:\(context.clientKey)"
        let account = context.identity.map { "account:\($0.requiredID)" } ?? client
        switch guarded {
        case .signIn:
            try Self.spend(limits.signInPerClient, client)
            return try await limits.hashing.run { try await next(request, context) }
        case .accountAction:
            try Self.spend(limits.accountActionsPerClient, client)
            return try await next(request, context)
        case .accountActionHashing:
            try Self.spend(limits.accountActionsPerClient, client)
            return try await limits.hashing.run { try await next(request, context) }
        case .hashing:
            return try await limits.hashing.run { try await next(request, context) }
        case .token:
            try Self.spend(limits.tokensPerAccount, account)
            return try await next(request, context)
        case .ticket:
            try Self.spend(limits.ticketsPerAccount, account)
            return try await next(request, context)
        }
    }

    /// `path` as the router matches it, empty segments dropped, so that `/api/v1/session/` or `//api/v1//session`,
    /// which reach the same handler, meet the same limit. (The router matches segments as sent, percent escapes
    /// included, so `/api/v1/%73ession` reaches no handler.)
    static func routedPath(_ path: String) -> String {
        "/" + path.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
    }

    private static func spend(_ limiter: RateLimiter, _ key: String) throws {
        if let retry = limiter.take(key) { throw ServerError.rateLimited(retryAfter: retry) }
    }
}
