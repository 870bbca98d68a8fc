import ArgumentParser
import Foundation
import HelpdeskCore
import SearchEngine

/// `care eval corpus`: the shipped knowledge base's own relevance test — for each held-out complaint in
/// `Corpus/eval/complaints.jsonl`, is the right stored solution suggested, and is the right agent ranked
/// first?
struct CorpusEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "Solution suggestions and agent ranking on Corpus/eval: MRR@10, P@1, recall@5, agent hit@1 and MRR."
    )

    @Option(help: "The corpus folder.")
    var corpus: String = "Corpus"
    @Flag(help: "Print one JSON object instead of a table.")
    var json = false
    @Option(help: "BM25 k1 for solution suggestions.")
    var k1: Double = BM25.defaultK1
    @Option(help: "BM25 b (length normalisation) for solution suggestions.")
    var b: Double = BM25.defaultB
    @Option(help: "Weight of votes from similar resolved tickets (0: the solutions index alone).")
    var ticketVotes: Double = 0
    @OptionGroup var rankerOptions: RankerOptions
    @Option(help: "Print the first N complaints whose right solution is not ranked first.")
    var misses: Int = 0
    @Flag(help: "Ask without the complaint's topic, as when the customer leaves the form's topic on \"Not sure\" (by default the topic comes first, as the form asks).")
    var noTopic = false
    @Flag(help: "Ask with a wrong topic (the next category in the list) and for 5 suggestions, as the form shows: does the right solution still show?")
    var wrongTopic = false
    @Flag(help: "Leave out the customers' verdicts as a prior on solution scores (ablation).")
    var noPrior = false
    @Flag(help: "Search complaints whole, without stripping the stock phrases learned from the store (ablation).")
    var noBoilerplate = false
    @Flag(help: "Keep the search engine's order, without re-ranking by the term associations learned from the store (ablation).")
    var noAssociations = false
    @Flag(help: "Also replay half of the complaints as reuse (right and wrong) and measure the other half.")
    var feedback = false
    @Flag(help: "Ask as the new-complaint form does while the customer types (the last word also matched as a prefix).")
    var asYouType = false
    @Option(help: "How many distinct customers must have written a complaint word before a customer's search may match it (1: every word, as staff see them).")
    var publicTermCustomers: Int = HelpdeskIndex.defaultPublicTermCustomers

    struct Complaint: Decodable {
        let id: String
        let subject: String
        let description: String
        let solutions: [String]
        let agents: [String]
        let category: String?
    }

    func run() async throws {
        let database = try AppDatabase.inMemory()
        try await CorpusLoader(path: corpus).load(into: database)
        let index = HelpdeskIndex(
            learnsBoilerplate: !noBoilerplate, learnsAssociations: !noAssociations,
            publicTermCustomers: publicTermCustomers)
        try index.rebuild(from: database)
        let solutionIDs = try await database.solutionExternalIds()
        let complaints = try Self.readComplaints(corpus + "/eval/complaints.jsonl")
        let ranker = rankerOptions.ranker
        let volume = try await database.resolvedCounts()
        let categories = try await database.categories().map(\.id).sorted()
        func topic(_ c: Complaint) -> String? {
            guard !noTopic, let category = c.category else { return nil }
            guard wrongTopic, let i = categories.firstIndex(of: category) else { return category }
            return categories[(i + 1) % categories.count]
        }

        var shownMisses = 0
        let titles = misses > 0 ? try await Self.solutionTitles(database) : [:]
        var mrr = 0.0, p1 = 0.0, recall5 = 0.0
        var agentHit1 = 0.0, agentMRR = 0.0, volumeHit1 = 0.0
        for c in complaints {
            let text = HelpdeskIndex.complaintQuery(subject: c.subject, description: c.description)
            var combined: [Int64: Double] = [:]
            // The app's own order (topic first), unless ticket votes are mixed in.
            var appOrder: [Int64] = []
            if k1 == BM25.defaultK1, b == BM25.defaultB {
                // What the app suggests.
                let matches = index.suggestSolutions(
                    for: text, topicId: topic(c), k: wrongTopic ? 5 : 30, prefixLastTerm: asYouType,
                    verdictPrior: !noPrior, viewer: nil)
                let best = max(matches.first?.score ?? 1, 1e-9)
                for m in matches { combined[m.solution.requiredID, default: 0] += m.score / best }
                appOrder = matches.map(\.solution.requiredID)
            } else {
                let direct = index.publicSolutions.search(SearchRequest(
                    text: text, k: 30, scoring: .bm25(k1: k1, b: b), filter: topic(c)))
                let bestDirect = max(direct.first?.score ?? 1, 1e-9)
                for h in direct { if let id = Int64(h.id) { combined[id, default: 0] += h.score / bestDirect } }
            }
            if ticketVotes > 0 {
                let similar = index.tickets.search(SearchRequest(text: text, k: 30, filter: "resolved"))
                let links = try await database.solutionIds(forTickets: similar.compactMap { Int64($0.id) })
                var votes: [Int64: Double] = [:]
                let best = max(similar.first?.score ?? 1, 1e-9)
                for h in similar {
                    guard let t = Int64(h.id) else { continue }
                    for s in links[t] ?? [] { votes[s, default: 0] += (h.score / best) * (h.score / best) }
                }
                let top = max(votes.values.max() ?? 1, 1e-9)
                for (s, v) in votes { combined[s, default: 0] += ticketVotes * v / top }
            }
            let order = !appOrder.isEmpty && ticketVotes == 0
                ? appOrder : combined.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
            let ranked = order.prefix(10).compactMap { solutionIDs[$0] }
            if shownMisses < misses, ranked.first.map({ !c.solutions.contains($0) }) ?? true {
                shownMisses += 1
                print("MISS \(c.id) [\(c.category ?? "-")] \(c.subject) | \(c.description.prefix(160))")
                print("   want \(c.solutions.joined(separator: ",")) \(titles[c.solutions.first ?? ""] ?? ""); got \(ranked.prefix(3).map { "\($0) \(titles[$0] ?? "")" }.joined(separator: " ; "))")
            }
            if let r = ranked.firstIndex(where: c.solutions.contains) {
                mrr += 1 / Double(r + 1)
                if r == 0 { p1 += 1 }
                if r < 5 { recall5 += 1 }
            }
            let agents = try await ranker.rank(text: text, index: index, database: database)
            let agentIDs = agents.map { $0.agent.externalId ?? "" }
            if let r = agentIDs.firstIndex(where: c.agents.prefix(1).contains) {
                agentMRR += 1 / Double(r + 1)
                if r == 0 { agentHit1 += 1 }
            }
            // Baseline: the agent with the most resolutions overall.
            let busiest = agents.max { (volume[$0.agent.requiredID] ?? 0) < (volume[$1.agent.requiredID] ?? 0) }
            if let busiest, c.agents.first == busiest.agent.externalId { volumeHit1 += 1 }
        }
        let n = Double(complaints.count)
        let figures: [(String, Double)] = [
            ("solution MRR@10", mrr / n), ("solution P@1", p1 / n), ("solution recall@5", recall5 / n),
            ("agent hit@1", agentHit1 / n), ("agent MRR", agentMRR / n),
            ("agent hit@1, baseline: most resolutions", volumeHit1 / n),
        ]
        if json {
            var object: [String: Any] = ["complaints": complaints.count]
            for (k, v) in figures { object[k] = v }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("Corpus eval: \(complaints.count) held-out complaints (\(corpus)/eval/complaints.jsonl)")
            for (k, v) in figures { print(k.padding(toLength: 42, withPad: " ", startingAt: 0) + String(format: "%.3f", v)) }
        }
        if feedback {
            let report = try await FeedbackReplay.run(corpus: corpus, complaints: complaints, topic: !noTopic)
            print("")
            print(FeedbackReplay.table(report))
        }
    }

    static func solutionTitles(_ database: AppDatabase) async throws -> [String: String] {
        let ids = try await database.solutionExternalIds()
        let solutions = try await database.solutions(ids: Array(ids.keys), for: nil)
        return Dictionary(solutions.compactMap { s in s.id.flatMap { ids[$0] }.map { ($0, s.title) } }, uniquingKeysWith: { a, _ in a })
    }

    static func readComplaints(_ path: String) throws -> [Complaint] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("\(path): cannot read the file")
        }
        var out: [Complaint] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            do {
                out.append(try JSONDecoder().decode(Complaint.self, from: Data(line.utf8)))
            } catch {
                throw ValidationError("\(path):\(n + 1): \(error)")
            }
        }
        return out
    }
}
