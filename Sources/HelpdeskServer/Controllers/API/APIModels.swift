import Foundation
import HelpdeskCore
import Hummingbird

// The JSON shapes of the API. Each mirrors a schema of `Resources/openapi.json`; optional values are always
// written (as null) so that clients see a stable set of keys.

/// A user as the API shows it.
struct UserResponse: ResponseEncodable, Decodable, Sendable {
    var id: Int64
    var name: String
    var email: String
    var role: String

    init(_ user: User) {
        id = user.requiredID
        name = user.name
        email = user.email
        role = user.role.rawValue
    }
}

/// `POST /api/v1/session`.
struct SessionResponse: ResponseEncodable, Sendable {
    var user: UserResponse
    /// The personal API token, when asked for; shown once.
    var token: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(user, forKey: .user)
        try container.encode(token, forKey: .token)
    }

    enum CodingKeys: String, CodingKey { case user, token }
}

/// `POST /api/v1/accounts`.
struct RegistrationResponse: ResponseEncodable, Sendable {
    var status = "pendingConfirmation"
    var message: String
}

/// `GET /api/v1/accounts/confirm`.
struct ConfirmationResponse: ResponseEncodable, Sendable {
    var confirmed: Bool
    var user: UserResponse
}

/// A ticket.
/// `POST /api/v1/tickets/duplicates`: open tickets that look like the same problem, best first.
struct DuplicateListResponse: ResponseEncodable, Sendable {
    var duplicates: [DuplicateResponse]
}

struct DuplicateResponse: Encodable, Sendable {
    var ticket: TicketResponse
    /// How strongly it matches, from 0 to 1 (words fused with meaning), at least the duplicate floor.
    var strength: Double
}

struct TicketResponse: ResponseEncodable, Sendable {
    var id: Int64
    var subject: String
    var description: String
    var status: String
    var priority: String
    var categoryId: String?
    var customerId: Int64
    var assigneeId: Int64?
    var createdAt: Date
    var updatedAt: Date
    var firstResponseAt: Date?
    var resolvedAt: Date?
    var closedAt: Date?
    var firstResponseDueAt: Date
    var resolutionDueAt: Date
    var slaBreached: Bool
    /// When the customer last replied, reopened the ticket or said "not solved".
    var lastCustomerActivityAt: Date?
    /// What the customer did then: `replied`, `reopened` or `notSolved`.
    var lastCustomerAction: String?
    /// Why auto-assign chose the assignee; only in the answer to an auto-assignment.
    var routing: RoutingResponse?

    init(_ ticket: Ticket, now: Date = Date()) {
        id = ticket.requiredID
        subject = ticket.subject
        description = ticket.description
        status = ticket.status.rawValue
        priority = ticket.priority.rawValue
        categoryId = ticket.categoryId
        customerId = ticket.customerId
        assigneeId = ticket.assigneeId
        createdAt = ticket.createdAt
        updatedAt = ticket.updatedAt
        firstResponseAt = ticket.firstResponseAt
        resolvedAt = ticket.resolvedAt
        closedAt = ticket.closedAt
        firstResponseDueAt = ticket.firstResponseDueAt
        resolutionDueAt = ticket.resolutionDueAt
        slaBreached = ticket.isFirstResponseBreached(at: now) || ticket.isResolutionBreached(at: now)
        lastCustomerActivityAt = ticket.lastCustomerActivityAt
        lastCustomerAction = ticket.lastCustomerAction?.rawValue
    }

    enum CodingKeys: String, CodingKey {
        case id, subject, description, status, priority, categoryId, customerId, assigneeId, createdAt, updatedAt
        case firstResponseAt, resolvedAt, closedAt, firstResponseDueAt, resolutionDueAt, slaBreached
        case lastCustomerActivityAt, lastCustomerAction, routing
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(subject, forKey: .subject)
        try c.encode(description, forKey: .description)
        try c.encode(status, forKey: .status)
        try c.encode(priority, forKey: .priority)
        try c.encode(categoryId, forKey: .categoryId)
        try c.encode(customerId, forKey: .customerId)
        try c.encode(assigneeId, forKey: .assigneeId)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(firstResponseAt, forKey: .firstResponseAt)
        try c.encode(resolvedAt, forKey: .resolvedAt)
        try c.encode(closedAt, forKey: .closedAt)
        try c.encode(firstResponseDueAt, forKey: .firstResponseDueAt)
        try c.encode(resolutionDueAt, forKey: .resolutionDueAt)
        try c.encode(slaBreached, forKey: .slaBreached)
        try c.encode(lastCustomerActivityAt, forKey: .lastCustomerActivityAt)
        try c.encode(lastCustomerAction, forKey: .lastCustomerAction)
        try c.encodeIfPresent(routing, forKey: .routing)
    }
}

/// Why auto-assign chose an agent: their history's fit on an absolute scale and in words, and what applied.
struct RoutingResponse: Encodable, Sendable {
    /// `strong`, `some` or `none` (no resolved ticket similar enough to count).
    var fit: String
    /// The fit from 0 to 1, absolute (`1 − e^(−history)`): about 0.63 for one resolved ticket holding every word.
    var fitScore: Double
    /// What applied, strongest first: `similarHistory`, `declaredSkill`, `newAgent`; empty when the lowest load chose.
    var reasons: [String]
    /// Similar resolved tickets of the agent that counted.
    var similarTickets: Int
    /// Up to three of them, the closest first.
    var evidenceTicketIds: [Int64]
    /// The topic whose declared skill counted.
    var skillTopic: String?
    /// Whether any agent had similar history (when not, declared skills and load chose).
    var anyoneHasHistory: Bool

    init(_ assignment: AutoAssignment) {
        let ranking = assignment.ranking
        fit = ranking.level.rawValue
        fitScore = (ranking.fit * 100).rounded() / 100
        reasons = ranking.reasons.map(\.rawValue)
        similarTickets = ranking.similarTickets
        evidenceTicketIds = ranking.evidence.map(\.ticketId)
        skillTopic = ranking.skillTopic
        anyoneHasHistory = assignment.anyoneHasHistory
    }
}

/// A page of tickets.
struct TicketListResponse: ResponseEncodable, Sendable {
    var tickets: [TicketResponse]
    var total: Int
    var page: Int
    var pageSize: Int
}

/// One message of a thread.
struct MessageResponse: ResponseEncodable, Sendable {
    var id: Int64
    var kind: String
    var authorId: Int64?
    var authorName: String?
    var body: String
    var createdAt: Date
    var attachments: [AttachmentResponse]

    /// The message, with those of `attachments` that came with it.
    init(_ message: TicketMessage, names: [Int64: String], attachments: [Attachment] = []) {
        id = message.id ?? 0
        kind = message.kind.rawValue
        authorId = message.authorId
        authorName = message.authorId.flatMap { names[$0] }
        body = message.body
        createdAt = message.createdAt
        self.attachments = attachments.filter { $0.messageId != nil && $0.messageId == message.id }.map(AttachmentResponse.init)
    }

    enum CodingKeys: String, CodingKey { case id, kind, authorId, authorName, body, createdAt, attachments }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(authorId, forKey: .authorId)
        try c.encode(authorName, forKey: .authorName)
        try c.encode(body, forKey: .body)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(attachments, forKey: .attachments)
    }
}

/// A file of a ticket or a message: its name, the type sniffed from its content, its size and where to fetch it.
struct AttachmentResponse: ResponseEncodable, Sendable {
    var id: Int64
    var fileName: String
    var contentType: String
    var size: Int64
    var isImage: Bool
    var url: String
    var createdAt: Date

    init(_ attachment: Attachment) {
        id = attachment.id ?? 0
        fileName = attachment.fileName
        contentType = attachment.contentType
        size = attachment.size
        isImage = attachment.isImage
        url = "/api/v1" + attachment.path
        createdAt = attachment.createdAt
    }
}

/// A stored solution.
struct SolutionResponse: ResponseEncodable, Sendable {
    var id: Int64
    var title: String
    var steps: [String]
    var categoryId: String?
    var isPublished: Bool
    var isCurrent: Bool
    var reuseCount: Int
    var solvedCount: Int
    var notSolvedCount: Int
    var updatedAt: Date

    init(_ solution: Solution) {
        id = solution.requiredID
        title = solution.title
        steps = solution.steps
        categoryId = solution.categoryId
        isPublished = solution.isPublished
        isCurrent = !solution.isSuperseded
        reuseCount = solution.reuseCount
        solvedCount = solution.solvedCount
        notSolvedCount = solution.notSolvedCount
        updatedAt = solution.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, title, steps, categoryId, isPublished, isCurrent, reuseCount, solvedCount, notSolvedCount, updatedAt
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(steps, forKey: .steps)
        try c.encode(categoryId, forKey: .categoryId)
        try c.encode(isPublished, forKey: .isPublished)
        try c.encode(isCurrent, forKey: .isCurrent)
        try c.encode(reuseCount, forKey: .reuseCount)
        try c.encode(solvedCount, forKey: .solvedCount)
        try c.encode(notSolvedCount, forKey: .notSolvedCount)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}

/// A ticket with its thread and solutions.
struct TicketDetailResponse: ResponseEncodable, Sendable {
    var ticket: TicketResponse
    var messages: [MessageResponse]
    var solutions: [SolutionResponse]
    var verdict: String?
    /// The files sent with the request itself (those of messages are in `messages`).
    var attachments: [AttachmentResponse]

    enum CodingKeys: String, CodingKey { case ticket, messages, solutions, verdict, attachments }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ticket, forKey: .ticket)
        try c.encode(messages, forKey: .messages)
        try c.encode(solutions, forKey: .solutions)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(attachments, forKey: .attachments)
    }
}

/// `POST /api/v1/tickets/{id}/resolve`.
struct ResolutionResponse: ResponseEncodable, Sendable {
    var ticket: TicketResponse
    var solution: SolutionResponse
}

/// A solution found by a search.
struct SolutionHitResponse: ResponseEncodable, Sendable {
    var solution: SolutionResponse
    var score: Double
    /// `strong` or `partial` (`MatchGrade`) for a search; absent when listing without one.
    var match: MatchGrade?
    /// The match strength from 0 to 1 (`SolutionMatch.strength`); absent when listing without a search.
    var strength: Double?
}

/// `GET /api/v1/solutions`.
struct SolutionListResponse: ResponseEncodable, Sendable {
    var solutions: [SolutionHitResponse]
}

/// A suggestion: the solution, its score, and the matched words marked in its title and best step.
struct SuggestionResponse: ResponseEncodable, Sendable {
    struct Highlights: Codable, Sendable {
        var title: [HighlightSegment]
        var snippet: [HighlightSegment]
    }

    var solution: SolutionResponse
    var score: Double
    /// `strong` or `partial` (`MatchGrade`): what people are told about the match.
    var match: MatchGrade
    /// The match strength from 0 to 1 (`SolutionMatch.strength`), comparable across texts.
    var strength: Double
    var highlights: Highlights
}

/// `POST /api/v1/suggestions`. Written as JSON directly (`SuggestionListResponse+JSON.swift`): the same bytes as
/// `APIJSON.encoder` writes, without its intermediate tree, since suggestions answer every keystroke.
struct SuggestionListResponse: Encodable, ResponseGenerator, Sendable {
    var suggestions: [SuggestionResponse]
}

/// An agent with their load.
struct AgentResponse: ResponseEncodable, Sendable {
    var id: Int64
    var name: String
    var email: String
    var skills: [String]
    var capacity: Int
    var isActive: Bool
    var openTickets: Int

    init(_ load: AgentLoad) {
        id = load.agent.requiredID
        name = load.agent.name
        email = load.agent.email
        skills = load.agent.skills
        capacity = load.agent.capacity
        isActive = load.agent.isActive
        openTickets = load.openTickets
    }
}

/// `GET /api/v1/agents`.
struct AgentListResponse: ResponseEncodable, Sendable {
    var agents: [AgentResponse]
}
