// Query latency and memory of the float search and of the impact index frozen from it (`ImpactIndex`): the engine's
// sources and this file as one module, a snapshot saved by `care bench search --snapshot` (synthetic tickets from
// ../shared/bench/make_synthetic.py, seed 42), 1,000 queries, k = 10, BM25, block-max MaxScore, one thread; 100
// warm-up queries, then the best of `passes` passes (default 2) per engine, wall and thread-CPU percentiles, and a
// checksum of the returned ids (equal before and after a change that keeps the answers). Not part of any package:
//
//     swiftc -module-name ImpactLayout -O -wmo -enforce-exclusivity=unchecked $(find Sources/SearchEngine -name '*.swift') \
//         Benchmarks/Scripts/ImpactLayout/main.swift -o /tmp/impact-layout
//     /tmp/impact-layout $D/syn100k.idx $D/syn100k.queries.jsonl [passes] [ours,impact]

import Foundation

/// CPU time of this thread in µs.
func threadMicroseconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1e6 + Double(t.tv_nsec) / 1e3
}

/// The `p` quantile of `values`, interpolated.
func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    let rank = p * Double(sorted.count - 1)
    let lo = Int(rank.rounded(.down))
    let hi = min(lo + 1, sorted.count - 1)
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - Double(lo))
}

/// Times `search` over `queries` and prints one line of figures.
func time(_ name: String, _ queries: [String], passes: Int, _ search: (String) -> [SearchHit]) {
    for q in queries.prefix(100) { _ = search(q) }
    var best: (qps: Double, wall: [Double], cpu: [Double]) = (0, [], [])
    var checksum = 0
    for _ in 0..<passes {
        var wall: [Double] = []
        var cpu: [Double] = []
        checksum = 0
        let pass = ContinuousClock.now
        for q in queries {
            let cpuStart = threadMicroseconds()
            let start = ContinuousClock.now
            let hits = search(q)
            let d = ContinuousClock.now - start
            wall.append(Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12)
            cpu.append(threadMicroseconds() - cpuStart)
            for h in hits { for b in h.id.utf8 { checksum = checksum &* 31 &+ Int(b) } }
        }
        let d = ContinuousClock.now - pass
        let qps = Double(queries.count) / (Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
        if qps > best.qps { best = (qps, wall, cpu) }
    }
    print(String(
        format: "%@ p50 %.1f p99 %.1f cpu_p50 %.1f cpu_p99 %.1f q/s %.0f check %d", name, percentile(best.wall, 0.5),
        percentile(best.wall, 0.99), percentile(best.cpu, 0.5), percentile(best.cpu, 0.99), best.qps, checksum & 0xFF_FFFF))
}

let args = CommandLine.arguments
let index = try SearchIndex(contentsOf: args[1], automaticMerges: false)
let queries = try String(contentsOfFile: args[2], encoding: .utf8).split(separator: "\n").map { line in
    (try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any])["text"] as! String
}
let passes = args.count > 3 ? Int(args[3])! : 2
let engines = args.count > 4 ? args[4] : "ours,impact"
let freezeStart = ContinuousClock.now
let frozen = ImpactIndex(freezing: index)
let mib = { (bytes: Int) in String(format: "%.1f", Double(bytes) / 1_048_576) }
print("\(index.documentCount) documents; float \(mib(index.memoryBytes)) MiB; impact \(mib(frozen.memoryBytes)) MiB",
      "(\(mib(frozen.impactBytes)) MiB not shared), frozen in \(ContinuousClock.now - freezeStart) on one thread")
for engine in engines.split(separator: ",") {
    if engine == "ours" { time("ours  ", queries, passes: passes) { index.search(SearchRequest(text: $0, k: 10)) } }
    if engine == "impact" { time("impact", queries, passes: passes) { frozen.search(SearchRequest(text: $0, k: 10)) } }
}
