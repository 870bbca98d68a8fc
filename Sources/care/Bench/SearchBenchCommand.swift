import ArgumentParser
import Foundation
import SearchEngine

/// `care bench search`: builds our index and an SQLite FTS5 table over the same corpus, runs every
/// query on both after a warm-up, one query at a time, and reports build and query figures.
struct SearchBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Build both indexes from a JSONL corpus and time top-k queries on each.",
        discussion: """
            Corpus lines are {"id","title","body"}; query lines are {"id","text"}. Use a release build
            (swift build -c release) for figures worth reporting.
            """
    )

    @Option(help: "JSONL corpus: one {\"id\",\"title\",\"body\"} object a line.")
    var corpus: String
    @Option(help: "JSONL queries: one {\"id\",\"text\"} object a line.")
    var queries: String
    @Option(help: "Results per query.")
    var k: Int = 10
    @Flag(help: "Print one JSON object with the figures instead of a table.")
    var json = false
    @Option(help: "Engines to run, comma-separated: ours, impact (ours frozen into 8-bit BM25 impacts), fts5.")
    var engines: String = "ours,fts5"
    @Option(help: "Our top-k algorithm: blockMaxScore, maxScore, blockMaxWAND, wand, exhaustive.")
    var algorithm: String = "blockMaxScore"
    @Option(help: "Our scoring: bm25 or tfidf.")
    var scoring: String = "bm25"
    @Option(help: "Weight of the title field (the body weighs 1); 1 matches the peers, which index title + body as one text.")
    var titleWeight: Double = 1
    @Option(help: "Timed passes over the queries (the best pass is reported).")
    var repeats: Int = 3
    @Option(help: "Untimed queries before timing.")
    var warmup: Int = 100
    @Option(help: "Run FTS5 on at most this many queries (it is slow on large corpora).")
    var fts5Queries: Int = 1_000
    @Option(help: "TREC qrels (qid 0 docid rel) to report P@10 and MRR@10.")
    var qrels: String?
    @Option(help: "Save our snapshot here and time opening it again.")
    var snapshot: String?
    @Option(help: "Threads building our index (one segment each); default: the processors available.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Merge our index into one segment after building it, as a finished index would be (the build time includes the merge).")
    var merge = false

    func run() async throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        let engineList = engines.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let algorithm = RetrievalAlgorithm(rawValue: algorithm) else {
            throw ValidationError("--algorithm must be one of \(RetrievalAlgorithm.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let scoring: Scoring
        switch self.scoring {
        case "bm25": scoring = .bm25
        case "tfidf": scoring = .tfidf
        default: throw ValidationError("--scoring must be bm25 or tfidf")
        }
        let loadStart = ContinuousClock.now
        var documents: [Document] = []
        try JSONLines.forEach(path: corpus) { object, line in
            documents.append(Document(
                id: try JSONLines.string(object, "id", path: corpus, line: line),
                fields: ["title": try JSONLines.string(object, "title", path: corpus, line: line),
                         "body": try JSONLines.string(object, "body", path: corpus, line: line)]))
        }
        var queryList: [(id: String, text: String)] = []
        try JSONLines.forEach(path: queries) { object, line in
            queryList.append((try JSONLines.string(object, "id", path: queries, line: line),
                              try JSONLines.string(object, "text", path: queries, line: line)))
        }
        let judgements = try qrels.map(Qrels.load)
        log("read \(documents.count) documents and \(queryList.count) queries in \(seconds(since: loadStart)) s")

        var results: [EngineResult] = []
        if engineList.contains("ours") || engineList.contains("impact") {
            results.append(contentsOf: try await runOurs(
                documents: documents, queries: queryList, scoring: scoring, algorithm: algorithm, qrels: judgements,
                float: engineList.contains("ours"), impacts: engineList.contains("impact")))
        }
        if engineList.contains("fts5") {
            results.append(try FTS5Bench.run(
                documents: documents, queries: Array(queryList.prefix(fts5Queries)), k: k, repeats: repeats,
                warmup: min(warmup, 20), qrels: judgements, log: log))
        }
        report(results, documents: documents.count, queries: queryList.count)
    }

    /// Builds our index and times the float search (`float`) and, on the same index frozen into quantised
    /// impacts, the impact search (`impacts`; build time is the freezing, index size what the impact index holds).
    private func runOurs(
        documents: [Document], queries: [(id: String, text: String)], scoring: Scoring, algorithm: RetrievalAlgorithm,
        qrels: Qrels?, float: Bool, impacts: Bool
    ) async throws -> [EngineResult] {
        let configuration = IndexConfiguration(fields: [
            FieldDefinition(name: "title", weight: titleWeight), FieldDefinition(name: "body", weight: 1),
        ])
        let index = SearchIndex(configuration: configuration, automaticMerges: false)
        let rssBefore = ProcessMemory.residentBytes()
        let start = ContinuousClock.now
        let cpuStart = ProcessCPU.microseconds()
        await index.bulkLoad(documents, parallelism: threads)
        let loaded = seconds(since: start)
        if merge { index.compact(force: true) }
        let build = seconds(since: start)
        let buildCPU = (ProcessCPU.microseconds() - cpuStart) / 1e6
        log(
            "ours: built \(documents.count) documents in \(format(build)) s on \(threads) thread(s)"
                + (merge ? " (merged in \(format(build - loaded)) s)" : "") + ", \(index.segmentCount) segment(s)")
        var result = EngineResult(engine: "ours", documents: documents.count)
        result.buildSeconds = build
        result.buildCPUSeconds = buildCPU
        result.indexBytes = index.memoryBytes
        result.peakRSSBytes = ProcessMemory.peakBytes()
        result.rssDeltaBytes = ProcessMemory.residentBytes() - rssBefore
        if let snapshot {
            try index.save(to: snapshot)
            let loadStart = ContinuousClock.now
            let reopened = try SearchIndex(contentsOf: snapshot, automaticMerges: false)
            result.snapshotLoadSeconds = seconds(since: loadStart)
            result.snapshotBytes = (try? FileManager.default.attributesOfItem(atPath: snapshot)[.size] as? Int) ?? nil
            precondition(reopened.documentCount == index.documentCount)
        }
        var results: [EngineResult] = []
        if float {
            let run = QueryTimer.time(queries: queries, repeats: repeats, warmup: warmup) { text in
                index.search(SearchRequest(text: text, k: k, scoring: scoring, algorithm: algorithm)).map(\.id)
            }
            result.apply(run, qrels: qrels, k: k)
            results.append(result)
        }
        if impacts {
            guard case .bm25(let k1, let b) = scoring else { throw ValidationError("the impact engine is BM25 only") }
            let freezeStart = ContinuousClock.now
            let cpuFreezeStart = ProcessCPU.microseconds()
            let frozen = await ImpactIndex.freezing(index, k1: k1, b: b)
            var impact = EngineResult(engine: "impact", documents: documents.count)
            impact.buildSeconds = seconds(since: freezeStart)
            impact.buildCPUSeconds = (ProcessCPU.microseconds() - cpuFreezeStart) / 1e6
            impact.indexBytes = frozen.memoryBytes
            impact.peakRSSBytes = ProcessMemory.peakBytes()
            log("impact: froze \(documents.count) documents in \(format(impact.buildSeconds ?? 0)) s"
                + " (\(format(Double(frozen.memoryBytes) / 1_048_576, digits: 1)) MiB,"
                + " \(format(Double(frozen.impactBytes) / 1_048_576, digits: 1)) MiB of it not shared with ours)")
            let run = QueryTimer.time(queries: queries, repeats: repeats, warmup: warmup) { text in
                frozen.search(SearchRequest(text: text, k: k, algorithm: algorithm)).map(\.id)
            }
            impact.apply(run, qrels: qrels, k: k)
            results.append(impact)
        }
        return results
    }

    private func report(_ results: [EngineResult], documents: Int, queries: Int) {
        let ours = results.first { $0.engine == "ours" }
        let fts5 = results.first { $0.engine == "fts5" }
        if json {
            var object: [String: Any] = ["documents": documents, "queries": queries, "k": k, "engines": results.map(\.json)]
            if let a = ours?.p50, let b = fts5?.p50 { object["p50_ratio_ours_fts5"] = a / b }
            let data = try! JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("engine   build_s  docs/s      index_MiB  peak_RSS_MiB  q/s       p50_us     p95_us     p99_us     P@10   MRR@10")
        for r in results { print(r.row) }
        if let a = ours?.p50, let b = fts5?.p50, let qa = ours?.qps, let qb = fts5?.qps {
            print("ratio ours/fts5: p50 \(format(a / b, digits: 4))×, q/s \(format(qa / qb, digits: 1))×")
        }
    }

    private func log(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func format(_ x: Double, digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }
