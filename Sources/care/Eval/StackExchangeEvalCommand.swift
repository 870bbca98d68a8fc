import ArgumentParser
import Evaluation
import Foundation
import HelpdeskCore
import HelpdeskImport
import SearchEngine
import ShippedModel

/// `care eval stackexchange DIR`: a Stack Exchange site replayed in time order through the real store, index and
/// expertise ranker.
///
/// The oldest 70 % of questions (by creation date) are imported with their accepted answers. Then each later
/// question with an accepted answer, in time order: (1) the stored solutions are ranked for it, and the answers of
/// the questions linked to it (`PostLinks.xml`: duplicate or related) that are already stored are the relevant
/// ones; (2) the agents (everyone who wrote an accepted answer so far) are ranked for it, and the right agent is the
/// one whose answer it accepted; self-answered questions are left out of (2). Then the question and its answer are
/// added, and the question's own text is searched again to find its own answer (known-item check).
struct StackExchangeEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stackexchange",
        abstract: "Replay a Stack Exchange dump in time order: solution MRR/nDCG@10 and agent hit@1/hit@5/MRR beside baselines."
    )

    @Argument(help: "The dump folder (Posts.xml; PostLinks.xml when present), e.g. ../shared/data/stackexchange-cardano")
    var directory: String
    @Option(help: "Share of questions (oldest first) imported before the replay starts.")
    var train: Double = 0.7
    @Flag(help: "Print one JSON object instead of a table.")
    var json = false
    @OptionGroup var rankerOptions: RankerOptions
    @Flag(help: "Read a word no stored answer holds and the shipped model's vocabulary does not list as the nearest known word, as the app's suggestions do.")
    var typoCorrection = false

    func validate() throws {
        guard train > 0, train < 1 else { throw ValidationError("--train: must be between 0 and 1, got \(train)") }
    }

    func run() async throws {
        let importer = StackExchangeImporter(directory: directory)
        let replay: StackExchangeReplay
        do {
            replay = try StackExchangeReplay(importer)
        } catch let error as ImportError {
            throw ValidationError("\(directory)/\(error)")
        }
        let report = try await StackExchangeProtocol.run(
            replay, site: importer.site, trainShare: train, ranker: rankerOptions.ranker,
            knownWords: typoCorrection ? HelpdeskIndex.knownWords(of: try ShippedModel.open()) : nil)
        if json {
            let data = try JSONSerialization.data(withJSONObject: report.json, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(report.table(directory: directory))
        }
    }
}

/// The expertise ranker's weights, settable for ablations (the defaults are what the app ships).
struct RankerOptions: ParsableArguments {
    @Option(help: "Ranker: exponent of the volume normalisation (0 = plain sum of votes).")
    var volumeExponent: Double = ExpertiseRanker().volumeExponent
    @Option(help: "Ranker: similar resolved tickets considered.")
    var evidence: Int = ExpertiseRanker().evidenceSize
    @Option(help: "Ranker: sharpness of the similarity weighting.")
    var sharpness: Double = ExpertiseRanker().sharpness
    @Option(help: "Ranker: half-life of a resolution's vote, in days.")
    var halfLife: Double = ExpertiseRanker().halfLife / 86_400
    @Option(help: "Ranker: similarity (0-1) below which a similar resolved ticket's vote counts nothing.")
    var similarityFloor: Double = ExpertiseRanker().similarityFloor
    @Option(help: "Ranker: what a declared skill in the ticket's topic adds.")
    var skillShare: Double = ExpertiseRanker().skillShare
    @Option(help: "Ranker: what a new agent (no resolved tickets) gets.")
    var newcomerShare: Double = ExpertiseRanker().newcomerShare
    @Option(help: "Ranker: resolved tickets from which an agent is no longer new.")
    var newcomerTickets: Int = ExpertiseRanker().newcomerTickets

    var ranker: ExpertiseRanker {
        var ranker = ExpertiseRanker()
        ranker.volumeExponent = volumeExponent
        ranker.evidenceSize = evidence
        ranker.sharpness = sharpness
        ranker.halfLife = halfLife * 86_400
        ranker.similarityFloor = similarityFloor
        ranker.skillShare = skillShare
        ranker.newcomerShare = newcomerShare
        ranker.newcomerTickets = newcomerTickets
        return ranker
    }
}

/// The replay.
enum StackExchangeProtocol {
    /// Sums of per-query figures.
    typealias Figures = RankingSums

    struct Report {
        var questions = 0
        var imported = 0
        var replayed = 0
        var selfAnswered = 0
        var newAnswerer = 0
        var linked = Figures()
        var own = Figures()
        var ranker = Figures()
        var mostAccepted = Figures()
        var random = Figures()

        var json: [String: Any] {
            func f(_ x: Figures, ndcg: Bool = false) -> [String: Any] {
                var o: [String: Any] = ["queries": x.queries, "MRR": x.mean(x.rr), "hit@1": x.mean(x.hit1), "hit@5": x.mean(x.hit5)]
                if ndcg { o["nDCG@10"] = x.mean(x.ndcg) }
                return o
            }
            return [
                "questions": questions, "imported": imported, "replayed": replayed,
                "self_answered_dropped": selfAnswered, "answerer_not_yet_an_agent": newAnswerer,
                "solutions_linked": f(linked, ndcg: true), "solutions_own_answer": f(own, ndcg: true),
                "agents_expertise": f(ranker), "agents_baseline_most_accepted": f(mostAccepted),
                "agents_baseline_random": f(random),
            ]
        }

        func table(directory: String) -> String {
            var lines = [
                "Stack Exchange replay (\(directory)): \(questions) questions; \(imported) answered ones imported first, \(replayed) replayed in time order",
                "",
                "solutions                                    queries    MRR  nDCG@10",
            ]
            func s(_ name: String, _ x: Figures) -> String {
                name.padding(toLength: 44, withPad: " ", startingAt: 0)
                    + String(format: "%8d  %5.3f  %7.3f", x.queries, x.mean(x.rr), x.mean(x.ndcg))
            }
            lines.append(s("answers of linked questions (PostLinks)", linked))
            lines.append(s("its own accepted answer, once added", own))
            lines.append("")
            lines.append("agents (right = the accepted answerer)       queries  hit@1  hit@5    MRR")
            func a(_ name: String, _ x: Figures) -> String {
                name.padding(toLength: 44, withPad: " ", startingAt: 0)
                    + String(format: "%8d  %5.3f  %5.3f  %5.3f", x.queries, x.mean(x.hit1), x.mean(x.hit5), x.mean(x.rr))
            }
            lines.append(a("expertise ranking (voting model)", ranker))
            lines.append(a("baseline: most accepted answers so far", mostAccepted))
            lines.append(a("baseline: random active agent (expected)", random))
            lines.append("")
            lines.append(
                "\(selfAnswered) self-answered questions left out of the agent figures; \(newAnswerer) answered by someone with no earlier accepted answer (a miss for every method).")
            return lines.joined(separator: "\n")
        }
    }

    static func run(
        _ replay: StackExchangeReplay, site: String, trainShare: Double, ranker: ExpertiseRanker = ExpertiseRanker(),
        knownWords: KnownWords? = nil
    ) async throws -> Report {
        func request(_ text: String) -> SearchRequest {
            var request = SearchRequest(text: text, k: 10)
            request.typoCorrection = knownWords
            return request
        }
        // A question is "resolved" when its answer was accepted, not at the dump's last activity: the replay must not
        // see the future.
        let threads = replay.threads.map { thread -> StackExchangeThread in
            var thread = thread
            if let answer = thread.solution { thread.ticket.resolvedAt = max(thread.createdAt, answer.createdAt) }
            return thread
        }
        let cut = Int((Double(threads.count) * trainShare).rounded(.down))
        var report = Report(questions: threads.count)
        let index = HelpdeskIndex()
        let store = try AppDatabase.inMemory()
        store.attach(index: index)
        var accepted: [Int: Int] = [:]  // answerer → accepted answers so far
        var stored: Set<Int> = []  // questions whose answer is stored

        let history = threads[..<cut].filter { $0.solution != nil }
        for chunk in stride(from: 0, to: history.count, by: 500) {
            let batch = history[(history.startIndex + chunk)..<min(history.endIndex, history.startIndex + chunk + 500)]
            _ = try store.write(batch: batch.flatMap(\.records), label: "\(site) replay history")
        }
        for thread in history {
            stored.insert(thread.questionId)
            if let who = thread.answererId { accepted[who, default: 0] += 1 }
        }
        report.imported = history.count

        let database = store
        for thread in threads[cut...] where thread.solution != nil {
            report.replayed += 1
            let text = HelpdeskIndex.complaintQuery(subject: thread.ticket.subject, description: thread.ticket.description)
            let solutionIds = try await database.solutionExternalIds()

            // (1) Answers of linked questions that are already stored.
            let relevant = Set((replay.links[thread.questionId] ?? []).filter(stored.contains).compactMap { q in
                threads.first { $0.questionId == q }?.solution?.externalId
            })
            if !relevant.isEmpty {
                let hits = index.solutions.search(request(text)).compactMap { Int64($0.id).flatMap { solutionIds[$0] } }
                let ranks = hits.enumerated().filter { relevant.contains($0.element) }.map(\.offset)
                report.linked.add(rank: ranks.first, relevantRanks: ranks, relevantCount: relevant.count)
            }

            // (2) Agents, unless the asker answered their own question.
            if let answerer = thread.answererId, answerer != thread.askerId {
                let right = "se:\(site):agent:\(answerer)"
                let ranking = try await ranker.rank(text: text, index: index, database: database, now: thread.createdAt)
                let ids = ranking.map { $0.agent.externalId ?? "" }
                if !ids.contains(right) { report.newAnswerer += 1 }
                report.ranker.add(rank: ids.firstIndex(of: right))
                let byVolume = ranking.map { candidate -> (String, Int) in
                    let id = candidate.agent.externalId ?? ""
                    let user = Int(id.split(separator: ":").last ?? "") ?? -1
                    return (id, accepted[user] ?? 0)
                }
                .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.map(\.0)
                report.mostAccepted.add(rank: byVolume.firstIndex(of: right))
                // A uniformly random order of the n agents: expected hit@1 = 1/n, hit@5 = min(5, n)/n, RR = H(n)/n.
                let n = ids.count
                report.random.queries += 1
                if ids.contains(right), n > 0 {
                    report.random.hit1 += 1 / Double(n)
                    report.random.hit5 += Double(min(5, n)) / Double(n)
                    report.random.rr += (1...n).reduce(0) { $0 + 1 / Double($1) } / Double(n)
                }
            } else if thread.answererId != nil {
                report.selfAnswered += 1
            }

            // Add the question and its answer, then look for that answer with the question's own text.
            _ = try store.write(batch: thread.records, label: "\(site) replay")
            stored.insert(thread.questionId)
            if let who = thread.answererId { accepted[who, default: 0] += 1 }
            let own = thread.solution!.externalId
            let after = try await database.solutionExternalIds()
            let hits = index.solutions.search(request(text)).compactMap { Int64($0.id).flatMap { after[$0] } }
            report.own.add(rank: hits.firstIndex(of: own))
        }
        return report
    }
}
