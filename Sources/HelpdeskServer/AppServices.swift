import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdAuth
import Logging

/// The dependencies every controller shares, built once by `buildApplication`.
struct AppServices: Sendable {
    /// The store.
    let database: AppDatabase
    /// The search indexes, attached to `database`.
    let index: HelpdeskIndex
    /// The Prometheus instruments.
    let metrics: AppMetrics
    /// Per-client limit on suggestion requests.
    let suggestionLimiter: RateLimiter
    /// Per-client-and-address limit on login attempts (keyed by `loginKey`).
    let loginLimiter: RateLimiter
    /// The other abuse limits (`AbuseLimitMiddleware`).
    var limits = AbuseLimits(burst: 10)
    /// Templates and assets.
    let views: Views
    /// The OpenID Connect providers people may sign in with (none unless configured).
    var signInProviders: SignInProviders = .none
    /// Bearer token that `/metrics` requires; nil: only clients on this machine and admins may read it.
    var metricsToken: String? = nil
    /// Bearer token that `POST /api/v1/inbound-mail` requires; nil: the route does not exist.
    var inboundMailToken: String? = nil
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    var trustedProxies: Set<String> = []
    /// Whether the admins are mailed about customer activity on tickets nobody holds.
    var notifyAdminsWhenUnassigned = true
    /// The uploaded files.
    let attachments: AttachmentStore
    /// The server's logger.
    let logger: Logger

    /// Cookie name of the browser session.
    static let sessionCookie = "care_session"
    /// Key prefix of sessions in the persist driver.
    static let sessionKeyPrefix = "hbs."
    /// Lifetime of a signed-in session.
    static let signedInLifetime: Duration = .seconds(12 * 3600)
    /// Lifetime of an anonymous session (only made to hold a CSRF token).
    static let anonymousLifetime: Duration = .seconds(2 * 3600)
}

extension AppServices {
    /// The sign-in limit's key for an address typed from a client: spelling variants of one address share it.
    static func loginKey(_ context: AppRequestContext, email: String) -> String {
        "\(context.clientKey)|\(InputValidation.normalizedIdentity(email))"
    }

    /// Whether a mail a client asked for (a reset or confirmation link) may go to `email` now; at most a few an hour
    /// per address, whoever asks.
    func mayMail(_ email: String) -> Bool {
        limits.mailPerAddress.take(InputValidation.normalizedIdentity(email)) == nil
    }

    /// Deletes the session the request arrived with (called before signing in, which starts a new one).
    func discardSession(of request: Request) async {
        guard let id = request.cookies[Self.sessionCookie]?.value else { return }
        try? await database.deleteSession(id: Self.sessionKeyPrefix + String(id))
    }
}

extension AppRequestContext {
    /// Starts a fresh session (new id, new CSRF token) for `user`, so a session id known before sign-in is useless.
    func signIn(_ user: User, flash: String? = nil) {
        sessions.createSession(
            WebSession(userId: user.id, csrfToken: SecureToken.generate(), flash: flash),
            expiresIn: AppServices.signedInLifetime
        )
    }

    /// Ends the session.
    func signOut() {
        sessions.clearSession()
    }

    /// The session's CSRF token, starting an anonymous session when there is none yet.
    func csrfToken() -> String {
        if let session = sessions.session { return session.csrfToken }
        let token = SecureToken.generate()
        sessions.createSession(WebSession(userId: nil, csrfToken: token), expiresIn: AppServices.anonymousLifetime)
        return token
    }

    /// Stores a notice for the next page.
    /// - Parameter refused: whether it says why an action was refused (shown beside a ticket page's actions).
    func setFlash(_ message: String, refused: Bool = false) {
        if sessions.session == nil { _ = csrfToken() }
        sessions.withLockedSession { data in
            data?.flash = message
            data?.flashRefused = refused ? true : nil
        }
    }

    /// Takes the pending notice, if any, and whether it says why an action was refused.
    func takeFlash() -> (message: String, refused: Bool)? {
        guard let session = sessions.session, let flash = session.flash else { return nil }
        sessions.withLockedSession { data in
            data?.flash = nil
            data?.flashRefused = nil
        }
        return (flash, session.flashRefused == true)
    }
}

extension AppServices {
    /// Assigns the ticket to the agent ranked first by `ExpertiseRanker` (similar resolved tickets, declared skill,
    /// newcomer's share) among active agents with spare capacity, ties to the lower load; tried in order until one
    /// assignment succeeds (another request may fill an agent in between; the core checks capacity inside its
    /// transaction).
    /// - Returns: the ticket and why its agent was chosen.
    /// - Throws: `.conflict` when every agent is full; `.forbidden` unless `actor` is an admin.
    func autoAssign(ticketId: Int64, by actor: User) async throws -> AutoAssignment {
        guard actor.role == .admin else { throw HelpdeskError.forbidden("Only an admin can auto-assign tickets.") }
        guard let assignment = try await database.autoAssignment(ticketId: ticketId, by: actor, index: index) else {
            throw HelpdeskError.conflict("No active agent has spare capacity.")
        }
        return assignment
    }

    /// Active agents ranked for `ticket` (best first, ties to the lower load), with what earned each rank: the
    /// resolved tickets, a declared skill, a newcomer's share.
    /// - Parameter agents: the agents' loads and counts when ranking several tickets at once (nil: read for this one).
    func rankAgents(for ticket: Ticket, agents: ExpertiseRanker.Agents? = nil) async throws -> [AgentRanking] {
        try await database.rankAgents(for: ticket, index: index, agents: agents)
    }

    /// The agents' loads and counts the default ranking reads, for ranking several tickets at once.
    func rankingAgents() async throws -> ExpertiseRanker.Agents {
        try await ExpertiseRanker().agents(in: database)
    }

    /// Suggestions for `text` with their highlights, timed into the suggestion histogram. The text is analysed once,
    /// for the search, the re-ranking and the highlights; the solutions' titles and steps were analysed when the
    /// index's catalog read them.
    func suggestions(
        for text: String,
        k: Int,
        topicId: String? = nil,
        prefixLastTerm: Bool,
        viewer: User?
    ) async throws -> [SuggestionResponse] {
        try await suggestionPage(
            for: text, k: k, shown: 0..<k, topicId: topicId, prefixLastTerm: prefixLastTerm, viewer: viewer
        ).page
    }

    /// Up to `k` suggestions for `text` above the relevance floor, counted, and the ones at positions `shown` with
    /// their highlights (only those are highlighted).
    func suggestionPage(
        for text: String,
        k: Int,
        shown: Range<Int>,
        topicId: String? = nil,
        prefixLastTerm: Bool,
        viewer: User?
    ) async throws -> (total: Int, page: [SuggestionResponse]) {
        let start = ContinuousClock.now
        defer { metrics.suggestionLatency.record(ContinuousClock.now - start) }
        // Stops at the first visible character (usually the first): trimming would copy the text through Foundation.
        guard text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { return (0, []) }
        let suggestions = index.suggestions(
            for: text,
            topicId: topicId,
            k: k,
            prefixLastTerm: prefixLastTerm,
            viewer: viewer
        )
        let highlighter = Highlighter(terms: suggestions.terms, query: text, prefixLastTerm: prefixLastTerm)
        let window = shown.clamped(to: 0..<suggestions.matches.count)
        return (suggestions.matches.count, suggestions.matches[window].map { match in
            SuggestionResponse(
                solution: SolutionResponse(match.solution),
                score: match.score,
                match: match.grade,
                strength: match.strength,
                highlights: .init(
                    title: highlighter.segments(match.suggested.title),
                    snippet: highlighter.snippet(of: match.suggested.steps)
                )
            )
        })
    }
}
