import Foundation

/// Figures for one engine.
struct EngineResult {
    let engine: String
    let documents: Int
    var buildSeconds: Double?
    var indexBytes: Int?
    var peakRSSBytes: Int?
    var rssDeltaBytes: Int?
    var snapshotLoadSeconds: Double?
    var snapshotBytes: Int?
    var queries = 0
    var qps: Double?
    var p50: Double?
    var p95: Double?
    var p99: Double?
    var cpuP50: Double?
    var cpuP99: Double?
    var buildCPUSeconds: Double?
    var precisionAt10: Double?
    var mrrAt10: Double?

    init(engine: String, documents: Int) {
        self.engine = engine
        self.documents = documents
    }

    mutating func apply(_ run: QueryTimer.Run, qrels: Qrels?, k: Int) {
        queries = run.latencies.count
        qps = run.qps
        p50 = QueryTimer.percentile(run.latencies, 0.50)
        p95 = QueryTimer.percentile(run.latencies, 0.95)
        p99 = QueryTimer.percentile(run.latencies, 0.99)
        cpuP50 = QueryTimer.percentile(run.cpuLatencies, 0.50)
        cpuP99 = QueryTimer.percentile(run.cpuLatencies, 0.99)
        if let qrels {
            let q = qrels.evaluate(run.rankings)
            precisionAt10 = q.precisionAt10
            mrrAt10 = q.mrrAt10
        }
    }

    var docsPerSecond: Double? { buildSeconds.map { Double(documents) / max($0, 1e-9) } }

    var json: [String: Any] {
        var o: [String: Any] = ["engine": engine, "docs": documents, "queries": queries]
        o["build_s"] = buildSeconds
        o["docs_per_s"] = docsPerSecond
        o["index_bytes"] = indexBytes
        o["peak_rss_bytes"] = peakRSSBytes
        o["rss_delta_bytes"] = rssDeltaBytes
        o["snapshot_load_s"] = snapshotLoadSeconds
        o["snapshot_bytes"] = snapshotBytes
        o["qps"] = qps
        o["p50_us"] = p50
        o["p95_us"] = p95
        o["p99_us"] = p99
        o["cpu_p50_us"] = cpuP50
        o["cpu_p99_us"] = cpuP99
        o["build_cpu_s"] = buildCPUSeconds
        o["P@10"] = precisionAt10
        o["MRR@10"] = mrrAt10
        return o
    }

    var row: String {
        func f(_ x: Double?, _ d: Int = 1) -> String { x.map { format($0, digits: d) } ?? "-" }
        func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: max(n, s.count), withPad: " ", startingAt: 0) }
        return pad(engine, 9) + pad(f(buildSeconds, 2), 9) + pad(f(docsPerSecond, 0), 12)
            + pad(f(indexBytes.map { Double($0) / 1_048_576 }), 11) + pad(f(peakRSSBytes.map { Double($0) / 1_048_576 }), 14)
            + pad(f(qps), 10) + pad(f(p50), 11) + pad(f(p95), 11) + pad(f(p99), 11)
            + pad(f(precisionAt10, 3), 7) + pad(f(mrrAt10, 3), 8)
            + "cpu: build \(f(buildCPUSeconds, 2)) s, p50 \(f(cpuP50)) µs, p99 \(f(cpuP99)) µs"
    }
}

/// Times queries one at a time.
enum QueryTimer {
    struct Run {
        /// Latency of each query in µs, from the best pass.
        var latencies: [Double]
        var qps: Double
        /// CPU time of each query in µs on this thread (steadier than wall time on a busy machine).
        var cpuLatencies: [Double] = []
        /// Result ids per query id (from the last pass).
        var rankings: [String: [String]]
    }

    static func time(
        queries: [(id: String, text: String)], repeats: Int, warmup: Int, search: (String) throws -> [String]
    ) rethrows -> Run {
        for i in 0..<min(warmup, queries.count) { _ = try search(queries[i].text) }
        var best: Run?
        for _ in 0..<max(repeats, 1) {
            var latencies: [Double] = []
            latencies.reserveCapacity(queries.count)
            var rankings: [String: [String]] = [:]
            var cpu: [Double] = []
            cpu.reserveCapacity(queries.count)
            let passStart = ContinuousClock.now
            for q in queries {
                let cpuStart = ThreadCPU.microseconds()
                let start = ContinuousClock.now
                let ids = try search(q.text)
                latencies.append(seconds(since: start) * 1e6)
                cpu.append(ThreadCPU.microseconds() - cpuStart)
                rankings[q.id] = ids
            }
            let qps = Double(queries.count) / seconds(since: passStart)
            if best == nil || qps > best!.qps {
                best = Run(latencies: latencies, qps: qps, cpuLatencies: cpu, rankings: rankings)
            }
        }
        return best!
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = p * Double(sorted.count - 1)
        let lo = Int(rank.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - Double(lo))
    }
}

/// TREC relevance judgements.
struct Qrels {
    var relevant: [String: Set<String>] = [:]

    static func load(_ path: String) throws -> Qrels {
        var q = Qrels()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for (n, line) in text.split(separator: "\n").enumerated() {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count >= 4, let rel = Int(parts[3]) else {
                throw JSONLines.Failure(path: path, line: n + 1, field: nil, message: "expected 'qid 0 docid relevance'")
            }
            if rel > 0 { q.relevant[String(parts[0]), default: []].insert(String(parts[2])) }
        }
        return q
    }

    func evaluate(_ rankings: [String: [String]]) -> (precisionAt10: Double, mrrAt10: Double) {
        var p = 0.0
        var mrr = 0.0
        var n = 0
        for (qid, ids) in rankings {
            guard let rel = relevant[qid] else { continue }
            n += 1
            let top = ids.prefix(10)
            p += Double(top.filter(rel.contains).count) / 10
            if let r = top.firstIndex(where: rel.contains) { mrr += 1 / Double(r + 1) }
        }
        return n == 0 ? (0, 0) : (p / Double(n), mrr / Double(n))
    }
}

/// Resident memory of this process, from /proc.
enum ProcessMemory {
    private static func field(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let digits = line.split(separator: " ").compactMap { Int($0) }
            return (digits.first ?? 0) * 1024
        }
        return 0
    }

    static func residentBytes() -> Int { field("VmRSS") }
    static func peakBytes() -> Int { field("VmHWM") }
}

/// CPU time consumed by the calling thread.
enum ThreadCPU {
    static func microseconds() -> Double { cpuMicroseconds(CLOCK_THREAD_CPUTIME_ID) }
}

/// CPU time consumed by all threads of the process (a parallel build's total work).
enum ProcessCPU {
    static func microseconds() -> Double { cpuMicroseconds(CLOCK_PROCESS_CPUTIME_ID) }
}

private func cpuMicroseconds(_ clock: clockid_t) -> Double {
    var t = timespec()
    clock_gettime(clock, &t)
    return Double(t.tv_sec) * 1e6 + Double(t.tv_nsec) / 1e3
}
