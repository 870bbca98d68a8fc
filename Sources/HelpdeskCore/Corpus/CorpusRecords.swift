import Foundation

/// A parsed corpus: the JSONL files of `Corpus/`, validated, ready to import.
public struct Corpus: Sendable {
    /// `categories.jsonl`.
    public struct CategoryLine: Decodable, Sendable {
        /// Category id.
        public var id: String
        /// Display name.
        public var name: String
        /// Description.
        public var description: String
    }

    /// `agents.jsonl`.
    public struct AgentLine: Decodable, Sendable {
        /// External agent id, e.g. `agent-ana-ruiz`.
        public var id: String
        /// Full name.
        public var name: String
        /// E-mail address.
        public var email: String
        /// Category ids.
        public var skills: [String]
        /// Most open tickets at once.
        public var capacity: Int
    }

    /// `solutions.jsonl`.
    public struct SolutionLine: Decodable, Sendable {
        /// External solution id, e.g. `SOL-0001`.
        public var id: String
        /// Title.
        public var title: String
        /// Category id.
        public var category: String
        /// Steps without numbers.
        public var steps: [String]
        /// Agent id of the author.
        public var author: String
        /// When it was written.
        public var createdAt: Date

        enum CodingKeys: String, CodingKey {
            case id, title, category, steps, author
            case createdAt = "created_at"
        }
    }

    /// `tickets.jsonl`.
    public struct TicketLine: Decodable, Sendable {
        /// The customer of a corpus ticket.
        public struct Customer: Decodable, Sendable {
            /// Name.
            public var name: String
            /// E-mail address.
            public var email: String
        }

        /// One thread message of a corpus ticket.
        public struct Message: Decodable, Sendable {
            /// Who wrote it.
            public enum Author: String, Decodable, Sendable {
                /// The ticket's agent.
                case agent
                /// The ticket's customer.
                case customer
            }

            /// Who wrote it.
            public var author: Author
            /// Text.
            public var body: String
            /// When.
            public var at: Date
        }

        /// The corpus spelling of verdicts.
        public enum CorpusVerdict: String, Decodable, Sendable {
            /// It solved the problem.
            case solved
            /// It did not.
            case notSolved = "not_solved"
        }

        /// External ticket id, e.g. `TCK-00001`.
        public var id: String
        /// The customer.
        public var customer: Customer
        /// Subject.
        public var subject: String
        /// Description.
        public var description: String
        /// Category id.
        public var category: String
        /// Priority.
        public var priority: TicketPriority
        /// Filed at.
        public var createdAt: Date
        /// First agent reply.
        public var firstResponseAt: Date?
        /// Resolved at.
        public var resolvedAt: Date
        /// Agent id who resolved it.
        public var agent: String
        /// Solution id that resolved it.
        public var solution: String
        /// The customer's verdict.
        public var verdict: CorpusVerdict?
        /// The thread after the description.
        public var messages: [Message]

        enum CodingKeys: String, CodingKey {
            case id, customer, subject, description, category, priority, agent, solution, verdict, messages
            case createdAt = "created_at"
            case firstResponseAt = "first_response_at"
            case resolvedAt = "resolved_at"
        }
    }

    /// Categories.
    public var categories: [CategoryLine]
    /// Agents.
    public var agents: [AgentLine]
    /// Solutions.
    public var solutions: [SolutionLine]
    /// Resolved tickets.
    public var tickets: [TicketLine]
}

/// What an import added (rows already present by external id or e-mail are skipped).
public struct CorpusSummary: Sendable, Hashable {
    /// Categories added or updated.
    public var categories = 0
    /// Agents added.
    public var agents = 0
    /// Customers added.
    public var customers = 0
    /// Solutions added.
    public var solutions = 0
    /// Tickets added.
    public var tickets = 0
    /// Thread messages added.
    public var messages = 0
    /// Verdicts recorded.
    public var verdicts = 0
}

/// A bad corpus line: the file, the 1-based line and the field at fault.
public struct CorpusError: Error, Sendable, Hashable, CustomStringConvertible {
    /// File name, e.g. `tickets.jsonl`.
    public var file: String
    /// 1-based line number (0 when the file itself is the problem).
    public var line: Int
    /// The JSON field path, e.g. `customer.email` or `messages[1].at`.
    public var field: String?
    /// What is wrong.
    public var message: String

    /// `file:line: field: message`.
    public var description: String {
        "\(file):\(line): " + (field.map { "\($0): " } ?? "") + message
    }
}
