import Foundation

/// A customer named by an imported ticket: found by external id, else by e-mail, else created.
public struct CustomerRecord: Sendable, Hashable {
    /// Id in the source system, e.g. `se:cardano:customer:17`.
    public var externalId: String?
    /// Display name.
    public var name: String
    /// E-mail address (normalised before use).
    public var email: String

    /// Creates a customer reference.
    public init(externalId: String?, name: String, email: String) {
        self.externalId = externalId
        self.name = name
        self.email = email
    }
}

/// An agent to create (skipped when the external id or e-mail already exists).
public struct AgentRecord: Sendable, Hashable {
    /// Id in the source system, e.g. `agent-ana-ruiz`.
    public var externalId: String
    /// Full name.
    public var name: String
    /// E-mail address.
    public var email: String
    /// Category ids (unknown ones are created).
    public var skills: [String]
    /// Most open tickets at once.
    public var capacity: Int

    /// Creates an agent record.
    public init(externalId: String, name: String, email: String, skills: [String] = [], capacity: Int = 10) {
        self.externalId = externalId
        self.name = name
        self.email = email
        self.skills = skills
        self.capacity = capacity
    }
}

/// How an imported row names an agent: an existing one (by external id or e-mail), or one to create if missing.
public enum AgentReference: Sendable, Hashable {
    /// Must already exist (in the database or earlier in the import).
    case existing(String)
    /// Created when no user has its external id.
    case createIfMissing(AgentRecord)
}

/// One message of an imported ticket's thread.
public struct MessageRecord: Sendable, Hashable {
    /// Who wrote it.
    public enum Author: String, Sendable, Hashable, Codable {
        /// The ticket's agent.
        case agent
        /// The ticket's customer.
        case customer
    }

    /// Who wrote it.
    public var author: Author
    /// Plain text.
    public var body: String
    /// When.
    public var at: Date

    /// Creates a message record.
    public init(author: Author, body: String, at: Date) {
        self.author = author
        self.body = body
        self.at = at
    }
}

/// A ticket to create (skipped when its external id exists).
public struct TicketRecord: Sendable, Hashable {
    /// Id in the source system.
    public var externalId: String
    /// The customer who asked.
    public var customer: CustomerRecord
    /// Subject.
    public var subject: String
    /// Description.
    public var description: String
    /// Category id (created when unknown).
    public var categoryId: String?
    /// Priority.
    public var priority: TicketPriority
    /// Status.
    public var status: TicketStatus
    /// Filed at.
    public var createdAt: Date
    /// First agent reply.
    public var firstResponseAt: Date?
    /// Resolved at.
    public var resolvedAt: Date?
    /// The assignee.
    public var agent: AgentReference?
    /// External id of the solution that resolved it (must exist).
    public var solution: String?
    /// The customer's verdict on `solution`.
    public var verdict: Verdict?
    /// The thread after the description.
    public var messages: [MessageRecord]
    /// Closed at, for a closed ticket (default: its last activity).
    public var closedAt: Date?
    /// When the verdict was given (default: the ticket's last activity).
    public var verdictAt: Date?
    /// Self-service events around the filing (suggestions listed and opened while it was written, other visitors
    /// deflected): written with the ticket, so only once.
    public var selfService: [SelfServiceRecord]

    /// Creates a ticket record.
    public init(
        externalId: String, customer: CustomerRecord, subject: String, description: String, categoryId: String? = nil,
        priority: TicketPriority = .normal, status: TicketStatus, createdAt: Date, firstResponseAt: Date? = nil,
        resolvedAt: Date? = nil, agent: AgentReference? = nil, solution: String? = nil, verdict: Verdict? = nil,
        messages: [MessageRecord] = [], closedAt: Date? = nil, verdictAt: Date? = nil, selfService: [SelfServiceRecord] = []
    ) {
        self.externalId = externalId
        self.customer = customer
        self.subject = subject
        self.description = description
        self.categoryId = categoryId
        self.priority = priority
        self.status = status
        self.createdAt = createdAt
        self.firstResponseAt = firstResponseAt
        self.resolvedAt = resolvedAt
        self.agent = agent
        self.solution = solution
        self.verdict = verdict
        self.messages = messages
        self.closedAt = closedAt
        self.verdictAt = verdictAt
        self.selfService = selfService
    }
}

/// A stored solution to create (skipped when its external id exists), optionally resolving an earlier ticket.
public struct SolutionRecord: Sendable, Hashable {
    /// The ticket a solution resolves, as a Stack Exchange accepted answer resolves its question.
    public struct Resolution: Sendable, Hashable {
        /// External id of the ticket (imported earlier in the same import or before).
        public var ticketExternalId: String
        /// The customer's verdict.
        public var verdict: Verdict?
        /// Also add the answer as the agent's reply in the ticket's thread.
        public var reply: String?
        /// Take the solution's title and category from the ticket (a Stack Exchange answer has no title of its own).
        public var titleFromTicket: Bool

        /// Creates a resolution.
        public init(ticketExternalId: String, verdict: Verdict? = nil, reply: String? = nil, titleFromTicket: Bool = false) {
            self.ticketExternalId = ticketExternalId
            self.verdict = verdict
            self.reply = reply
            self.titleFromTicket = titleFromTicket
        }
    }

    /// Id in the source system.
    public var externalId: String
    /// Title.
    public var title: String
    /// Steps, in order.
    public var steps: [String]
    /// Category id (created when unknown).
    public var categoryId: String?
    /// The author.
    public var author: AgentReference?
    /// When it was written.
    public var createdAt: Date
    /// The ticket it resolves, if any.
    public var resolves: Resolution?

    /// Creates a solution record.
    public init(
        externalId: String, title: String, steps: [String], categoryId: String? = nil, author: AgentReference? = nil,
        createdAt: Date, resolves: Resolution? = nil
    ) {
        self.externalId = externalId
        self.title = title
        self.steps = steps
        self.categoryId = categoryId
        self.author = author
        self.createdAt = createdAt
        self.resolves = resolves
    }
}

/// A self-service event of a past period: suggestions listed while someone wrote, one opened, or a visitor who found
/// their answer and filed nothing (a deflection). Solutions are named by external id and must exist.
public struct SelfServiceRecord: Sendable, Hashable {
    /// What happened.
    public enum Kind: Sendable, Hashable {
        /// `count` suggestions were listed.
        case shown(count: Int)
        /// The solution was opened from the suggestions.
        case opened(solution: String)
        /// The solution solved the visitor's problem before any ticket was filed.
        case deflected(solution: String, query: String)
    }

    /// What happened.
    public var kind: Kind
    /// When.
    public var at: Date

    /// Creates an event.
    public init(_ kind: Kind, at: Date) {
        self.kind = kind
        self.at = at
    }
}

/// One unit of imported data, with where it was read.
public struct ImportRecord: Sendable, Hashable {
    /// What the row is.
    public enum Value: Sendable, Hashable {
        /// A category (created when missing, never renamed).
        case category(Category)
        /// An agent.
        case agent(AgentRecord)
        /// A customer account (created when neither its external id nor its e-mail is stored).
        case customer(CustomerRecord)
        /// A solution.
        case solution(SolutionRecord)
        /// A ticket.
        case ticket(TicketRecord)
    }

    /// The row.
    public var value: Value
    /// Where it was read, for errors found while writing (unknown references, e-mail clashes).
    public var source: InputLocation

    /// Creates a record.
    public init(_ value: Value, source: InputLocation) {
        self.value = value
        self.source = source
    }
}

/// What an import added; rows already present (by external id) are counted as skipped.
public struct ImportSummary: Sendable, Hashable, CustomStringConvertible {
    /// Rows read from the input (questions, answers and lines, not users).
    public var rowsRead = 0
    /// Tickets added.
    public var tickets = 0
    /// Solutions added.
    public var solutions = 0
    /// Agents added.
    public var agents = 0
    /// Customers added.
    public var customers = 0
    /// Categories added.
    public var categories = 0
    /// Thread messages added.
    public var messages = 0
    /// Ticket–solution links added.
    public var links = 0
    /// Self-service events added.
    public var events = 0
    /// Rows skipped because their external id was already stored.
    public var skipped = 0
    /// Transactions committed.
    public var batches = 0

    /// Creates an empty summary.
    public init() {}

    /// Adds another summary's counts to this one.
    public mutating func add(_ other: ImportSummary) {
        rowsRead += other.rowsRead
        tickets += other.tickets
        solutions += other.solutions
        agents += other.agents
        customers += other.customers
        categories += other.categories
        messages += other.messages
        links += other.links
        events += other.events
        skipped += other.skipped
        batches += other.batches
    }

    /// One line for the terminal.
    public var description: String {
        "\(tickets) tickets, \(solutions) solutions, \(agents) agents, \(customers) customers, "
            + "\(categories) categories, \(messages) messages, \(links) links"
            + (events > 0 ? ", \(events) self-service events" : "") + " added; \(skipped) already present; "
            + "\(batches) batches"
    }
}
