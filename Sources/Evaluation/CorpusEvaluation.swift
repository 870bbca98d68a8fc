import Embeddings
import Foundation
import HelpdeskCore
import HelpdeskImport
import SearchEngine

/// The shipped knowledge base's own relevance test: for each held-out complaint of `Corpus/eval/complaints.jsonl`,
/// is the right stored solution suggested as the app suggests it, and is the right agent ranked first?
public struct CorpusEvaluation: Sendable {
    /// A held-out complaint with its right solutions and agent.
    public struct Complaint: Decodable, Sendable {
        public let id: String
        public let subject: String
        public let description: String
        public let solutions: [String]
        public let agents: [String]
        public let category: String?
    }

    /// How the complaints are asked.
    public struct Options: Sendable {
        /// Ask with the complaint's topic (as the form asks), without (the form's "Not sure"), or a wrong one with 5
        /// suggestions (does the right one still show?).
        public enum Topic: Sendable { case given, notSure, wrong }
        public var topic: Topic = .given
        /// BM25 parameters; other than the defaults, the public solutions index is searched directly.
        public var k1: Double = BM25.defaultK1
        public var b: Double = BM25.defaultB
        /// Weight of votes from similar resolved tickets (0: the suggestions alone).
        public var ticketVotes: Double = 0
        /// The verdicts as a prior on scores.
        public var verdictPrior = true
        /// Stock phrases stripped, as learned from the store.
        public var learnsBoilerplate = true
        /// Re-ranking by learned term associations.
        public var learnsAssociations = true
        /// The last word also matched as a prefix, as while typing.
        public var asYouType = false
        /// Distinct customers a complaint word needs before customers' searches match it.
        public var publicTermCustomers = HelpdeskIndex.defaultPublicTermCustomers
        /// The agent ranker.
        public var ranker = ExpertiseRanker()
        /// Evaluate every `stride`-th complaint only (1: all).
        public var stride = 1
        /// The model for matching by meaning too (nil: words alone).
        public var embeddings: StaticEmbeddingModel?
        /// The weight of meaning beside the words (nil: the app's default).
        public var meaningWeight: Double?
        /// Whether suggestions correct typing slips (`HelpdeskIndex.correctsTypos`).
        public var correctTypos = HelpdeskIndex.correctsTypos
        /// The weight of meaning beside the words for similar tickets (nil: the app's default for them).
        public var ticketMeaningWeight: Double?
        /// How the words and meaning make the ranking score (the app's linear fusion unless measuring another).
        public var fusion: MeaningFusion = .linear
        /// When set, each complaint's suggested candidates are handed to it (for learning a fusion offline).
        public var candidateSink: (@Sendable (Candidate) -> Void)?

        public init() {}
    }

    /// The figures, each a mean over the complaints.
    public struct Figures: Sendable, Hashable {
        public var complaints = 0
        public var solutionMRR10 = 0.0
        public var solutionP1 = 0.0
        public var solutionRecall5 = 0.0
        public var agentHit1 = 0.0
        public var agentMRR = 0.0
        public var agentHit1MostResolutions = 0.0
        /// The share of complaints whose most similar resolved ticket (as agents see them) was resolved by a right
        /// solution.
        public var similarTicketP1 = 0.0
        /// The complaints whose right agent was ranked first (for k-fold choices of the ranker's weights).
        public var agentHitComplaints: [String] = []

        /// Name and value, in report order.
        public var rows: [(String, Double)] {
            [
                ("solution MRR@10", solutionMRR10), ("solution P@1", solutionP1), ("solution recall@5", solutionRecall5),
                ("agent hit@1", agentHit1), ("agent MRR", agentMRR), ("agent hit@1, baseline: most resolutions", agentHit1MostResolutions),
                ("similar ticket P@1 (resolved by a right solution)", similarTicketP1),
            ]
        }
    }

    /// One suggested candidate of a complaint, with the signals a fusion reads and whether it is right.
    public struct Candidate: Sendable {
        public var complaint: String
        public var solution: String
        public var wordsStrength: Double
        public var similarity: Double
        public var relevant: Bool
    }

    /// A complaint whose right solution was not ranked first: what was wanted and what came.
    public struct Miss: Sendable {
        public var complaint: Complaint
        public var ranked: [String]
    }

    /// The corpus folder.
    public let corpus: String
    /// The settings.
    public let options: Options

    public init(corpus: String, options: Options = Options()) {
        self.corpus = corpus
        self.options = options
    }

    /// Reads the complaints file.
    /// - Throws: `EvaluationDataError` naming the file and line.
    public static func readComplaints(_ path: String) throws -> [Complaint] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw EvaluationDataError("\(path): cannot read the file")
        }
        var out: [Complaint] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            do {
                out.append(try JSONDecoder().decode(Complaint.self, from: Data(line.utf8)))
            } catch {
                throw EvaluationDataError("\(path):\(n + 1): \(error)")
            }
        }
        return out
    }

    /// Loads the corpus into a fresh in-memory store, builds its index and asks every complaint.
    public func run() async throws -> (figures: Figures, misses: [Miss]) {
        let database = try AppDatabase.inMemory(configuration: HelpdeskConfiguration(bcryptCost: 4))
        try CorpusImporter(folder: corpus).run(into: database)
        // Similar tickets are what agents see: asked as an admin.
        let adminEmail = "evaluation-admin@care.invalid"
        let adminPassword = "Evaluation-Admin-1"
        _ = try await database.ensureInitialAdmin(email: adminEmail, password: adminPassword)
        let admin = try await database.login(email: adminEmail, password: adminPassword)
        let index = HelpdeskIndex(
            learnsBoilerplate: options.learnsBoilerplate, learnsAssociations: options.learnsAssociations,
            publicTermCustomers: options.publicTermCustomers, embeddings: options.embeddings)
        try index.rebuild(from: database)
        let solutionIDs = try await database.solutionExternalIds()
        let complaints = try Self.readComplaints(corpus + "/eval/complaints.jsonl").enumerated()
            .filter { $0.offset % max(1, options.stride) == 0 }.map(\.element)
        let volume = try await database.resolvedCounts()
        let categories = try await database.categories().map(\.id).sorted()
        func topic(_ c: Complaint) -> String? {
            guard options.topic != .notSure, let category = c.category else { return nil }
            guard options.topic == .wrong, let i = categories.firstIndex(of: category) else { return category }
            return categories[(i + 1) % categories.count]
        }

        var sums = Figures(complaints: complaints.count)
        var misses: [Miss] = []
        for c in complaints {
            let text = HelpdeskIndex.complaintQuery(subject: c.subject, description: c.description)
            var combined: [Int64: Double] = [:]
            var appOrder: [Int64] = []
            if options.k1 == BM25.defaultK1, options.b == BM25.defaultB {
                // What the app suggests.
                let matches = index.suggestSolutions(
                    for: text, topicId: topic(c), k: options.topic == .wrong ? 5 : 30, prefixLastTerm: options.asYouType,
                    verdictPrior: options.verdictPrior, meaningWeight: options.meaningWeight, fusion: options.fusion,
                    correctTypos: options.correctTypos, viewer: nil)
                if let sink = options.candidateSink {
                    for m in matches {
                        guard let solution = solutionIDs[m.solution.requiredID] else { continue }
                        sink(Candidate(
                            complaint: c.id, solution: solution, wordsStrength: m.wordsStrength, similarity: m.similarity,
                            relevant: c.solutions.contains(solution)))
                    }
                }
                let best = max(matches.first?.score ?? 1, 1e-9)
                for m in matches { combined[m.solution.requiredID, default: 0] += m.score / best }
                appOrder = matches.map(\.solution.requiredID)
            } else {
                let direct = index.publicSolutions.search(
                    SearchRequest(text: text, k: 30, scoring: .bm25(k1: options.k1, b: options.b), filter: topic(c)))
                let bestDirect = max(direct.first?.score ?? 1, 1e-9)
                for h in direct { if let id = Int64(h.id) { combined[id, default: 0] += h.score / bestDirect } }
            }
            if options.ticketVotes > 0 {
                let similar = index.tickets.search(SearchRequest(text: text, k: 30, filter: "resolved"))
                let links = try await database.solutionIds(forTickets: similar.compactMap { Int64($0.id) })
                var votes: [Int64: Double] = [:]
                let best = max(similar.first?.score ?? 1, 1e-9)
                for h in similar {
                    guard let t = Int64(h.id) else { continue }
                    for s in links[t] ?? [] { votes[s, default: 0] += (h.score / best) * (h.score / best) }
                }
                let top = max(votes.values.max() ?? 1, 1e-9)
                for (s, v) in votes { combined[s, default: 0] += options.ticketVotes * v / top }
            }
            let order =
                !appOrder.isEmpty && options.ticketVotes == 0
                ? appOrder : combined.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
            let ranked = order.prefix(10).compactMap { solutionIDs[$0] }
            let relevant = Set(c.solutions)
            if ranked.first.map({ !relevant.contains($0) }) ?? true { misses.append(Miss(complaint: c, ranked: ranked)) }
            sums.solutionMRR10 += RankingMetrics.reciprocalRank(ranked, relevant: relevant, cutoff: 10)
            sums.solutionP1 += RankingMetrics.hit(at: 1, ranked, relevant: relevant)
            sums.solutionRecall5 += RankingMetrics.hit(at: 5, ranked, relevant: relevant)
            let similar = try await index.searchTickets(
                text, bucket: "resolved", k: 1,
                meaningWeight: options.embeddings == nil ? nil : options.ticketMeaningWeight ?? HelpdeskIndex.defaultTicketMeaningWeight,
                for: admin, in: database)
            let similarLinks = try await database.solutionIds(forTickets: similar.map(\.ticket.requiredID))
            let similarSolutions = similar.first.flatMap { similarLinks[$0.ticket.requiredID] } ?? []
            if similarSolutions.contains(where: { solutionIDs[$0].map(relevant.contains) ?? false }) { sums.similarTicketP1 += 1 }
            let agents = try await options.ranker.rank(text: text, categoryId: topic(c), index: index, database: database)
            let agentIDs = agents.map { $0.agent.externalId ?? "" }
            let rightAgent = Set(c.agents.prefix(1))
            sums.agentMRR += RankingMetrics.reciprocalRank(agentIDs, relevant: rightAgent)
            sums.agentHit1 += RankingMetrics.hit(at: 1, agentIDs, relevant: rightAgent)
            if agentIDs.first.map(rightAgent.contains) ?? false { sums.agentHitComplaints.append(c.id) }
            // Baseline: the agent with the most resolutions overall.
            let busiest = agents.max { (volume[$0.agent.requiredID] ?? 0) < (volume[$1.agent.requiredID] ?? 0) }
            if let busiest, c.agents.first == busiest.agent.externalId { sums.agentHit1MostResolutions += 1 }
        }
        let n = Double(max(complaints.count, 1))
        var figures = sums
        figures.solutionMRR10 /= n
        figures.solutionP1 /= n
        figures.solutionRecall5 /= n
        figures.agentHit1 /= n
        figures.agentMRR /= n
        figures.agentHit1MostResolutions /= n
        figures.similarTicketP1 /= n
        return (figures, misses)
    }
}
