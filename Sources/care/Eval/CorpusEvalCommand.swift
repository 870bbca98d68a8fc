import ArgumentParser
import Evaluation
import Foundation
import HelpdeskCore
import HelpdeskImport
import SearchEngine
import ShippedModel

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
    @Flag(help: "With --json: also list the complaints whose right agent was ranked first (for k-fold choices).")
    var agentHits = false
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

    @Flag(help: "Match by words alone, without the shipped embedding model's similarity of meaning (ablation).")
    var noMeaning = false
    @Option(help: "How much the similarity of meaning weighs beside the words' strength (default: the app's).")
    var meaningWeight: Double?
    @Option(help: "The same for similar resolved tickets (default: the app's).")
    var ticketMeaningWeight: Double?
    @Flag(help: "Leave words no solution holds as they are, without reading them as the nearest known word (ablation).")
    var noTypoCorrection = false
    @Option(help: "How words and meaning make the ranking score: linear (the app's), rrf, rrf:K or learned:WORDS,MEANING,PRODUCT[,BIAS].")
    var fusion: MeaningFusion = .linear
    @Option(help: "Write each complaint's suggested candidates with their words' strength and similarity to this TSV file, for learning a fusion.")
    var dumpCandidates: String?

    typealias Complaint = CorpusEvaluation.Complaint

    func run() async throws {
        var options = CorpusEvaluation.Options()
        options.topic = wrongTopic ? .wrong : noTopic ? .notSure : .given
        options.k1 = k1
        options.b = b
        options.ticketVotes = ticketVotes
        options.verdictPrior = !noPrior
        options.learnsBoilerplate = !noBoilerplate
        options.learnsAssociations = !noAssociations
        options.asYouType = asYouType
        options.publicTermCustomers = publicTermCustomers
        options.ranker = rankerOptions.ranker
        options.embeddings = noMeaning ? nil : try ShippedModel.open()
        options.meaningWeight = meaningWeight
        options.ticketMeaningWeight = ticketMeaningWeight
        options.correctTypos = !noTypoCorrection
        options.fusion = fusion
        let dump = CandidateDump()
        if dumpCandidates != nil { options.candidateSink = { @Sendable in dump.append($0) } }
        let evaluation = CorpusEvaluation(corpus: corpus, options: options)
        let figures: CorpusEvaluation.Figures
        let found: [CorpusEvaluation.Miss]
        do {
            (figures, found) = try await evaluation.run()
        } catch let error as EvaluationDataError {
            throw ValidationError(error.description)
        }
        if let dumpCandidates { try dump.write(to: dumpCandidates) }
        if misses > 0 {
            let titles = try await Self.solutionTitles(corpus: corpus)
            for miss in found.prefix(misses) {
                let c = miss.complaint
                print("MISS \(c.id) [\(c.category ?? "-")] \(c.subject) | \(c.description.prefix(160))")
                print("   want \(c.solutions.joined(separator: ",")) \(titles[c.solutions.first ?? ""] ?? ""); got \(miss.ranked.prefix(3).map { "\($0) \(titles[$0] ?? "")" }.joined(separator: " ; "))")
            }
        }
        if json {
            var object: [String: Any] = ["complaints": figures.complaints]
            for (k, v) in figures.rows { object[k] = v }
            if agentHits { object["agent hits"] = figures.agentHitComplaints }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("Corpus eval: \(figures.complaints) held-out complaints (\(corpus)/eval/complaints.jsonl)")
            for (k, v) in figures.rows { print(k.padding(toLength: 42, withPad: " ", startingAt: 0) + String(format: "%.3f", v)) }
        }
        if feedback {
            let complaints = try CorpusEvaluation.readComplaints(corpus + "/eval/complaints.jsonl")
            let report = try await FeedbackReplay.run(corpus: corpus, complaints: complaints, topic: !noTopic)
            print("")
            print(FeedbackReplay.table(report))
        }
    }

    static func solutionTitles(corpus: String) async throws -> [String: String] {
        let database = try AppDatabase.inMemory()
        try CorpusImporter(folder: corpus).run(into: database)
        return try await solutionTitles(database)
    }

    static func solutionTitles(_ database: AppDatabase) async throws -> [String: String] {
        let ids = try await database.solutionExternalIds()
        let solutions = try await database.solutions(ids: Array(ids.keys), for: nil)
        return Dictionary(solutions.compactMap { s in s.id.flatMap { ids[$0] }.map { ($0, s.title) } }, uniquingKeysWith: { a, _ in a })
    }
}
