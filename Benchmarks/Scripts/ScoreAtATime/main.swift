// Score-at-a-time over impact-ordered postings against the impact index's block-max MaxScore: an upper-bound
// experiment for issue 18 item 4 (not part of any package). The engine's sources and this file as one module:
//
//     swiftc -module-name SAAT -O -wmo -enforce-exclusivity=unchecked $(find Sources/SearchEngine -name '*.swift') \
//         Benchmarks/Scripts/ScoreAtATime/main.swift -o /tmp/saat
//     /tmp/saat $D/syn100k.idx $D/syn100k.queries.jsonl 0.5,0.25,0.1
//
// For every query, the postings of its terms are decoded once (outside the timing) into plain arrays: per term, in
// document order, and grouped by impact (one group per distinct impact, documents ascending). Then, one thread, k = 10,
// thread CPU time per query, best of two passes after 100 warm-up queries:
// - `impact-bmm`: `ImpactIndex.searchQuantised`, the reference (block-max MaxScore over the packed impact layout);
// - `taat-exh`: every posting added into a dense accumulator array, then the top 10 (exhaustive, term at a time);
// - `saat a=α`: the groups in decreasing contribution (impact × query weight), each posting added into the accumulator;
//   a bounded list holds the ten best partial scores (θ = the tenth). With R the sum over the terms of the contribution
//   of each term's next unread group, reading stops at the first group boundary where R < θ and R ≤ α·θ (no unread
//   document can reach θ). The candidates are the documents with partial score + R ≥ θ; each gets the contributions it
//   is still missing (postings of the unread groups, found by binary search in the document-ordered arrays), and the
//   top 10 of the candidates, ties by document order, is the answer. It is exact: every variant's answers are checked
//   equal to the reference's.
// The arrays are uncompressed (no decoding is timed), so the figures are a lower bound of what a packed layout would
// cost. The phases line gives the total milliseconds of reading groups, choosing candidates, and completing them.

import Foundation

func threadMicroseconds() -> Double {
    var t = timespec(); clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1e6 + Double(t.tv_nsec) / 1e3
}
func percentile(_ values: [Double], _ p: Double) -> Double {
    let s = values.sorted(); return s[min(s.count - 1, Int(p * Double(s.count - 1)))]
}

struct Prepared {
    var weights: [UInt32] = []
    var docs: [[UInt32]] = []      // per term, doc-ordered global docs
    var imps: [[UInt8]] = []       // per term, impacts
    // impact-ordered groups: (term, contribution, docs)
    var groups: [(term: Int, c: UInt32, docs: [UInt32])] = []
    var nextC: [UInt32] = []
}

let args = CommandLine.arguments
let index = try SearchIndex(contentsOf: args[1], automaticMerges: false)
let queries = try String(contentsOfFile: args[2], encoding: .utf8).split(separator: "\n").map { line in
    (try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any])["text"] as! String
}
let alphas = args.count > 3 ? args[3].split(separator: ",").map { Double($0)! } : [1.0, 0.5]
let frozen = ImpactIndex(freezing: index)
let segs = frozen.segments
var bases: [UInt32] = []; var total: UInt32 = 0
for s in segs { bases.append(total); total += UInt32(s.directory.docCount) }
let N = Int(total)

var prepared: [Prepared] = []
var postingCounts: [Double] = []
let buffer = UnsafeMutablePointer<UInt32>.allocate(capacity: 256)
for q in queries {
    var p = Prepared()
    let request = SearchRequest(text: q, k: 10)
    let query = QueryParser.parse(request, analyzer: frozen.analyzer, segments: segs)
    let termIDs = frozen.segmentSearch.termIDs(query)
    p.weights = query.terms.map { UInt32(min(max($0.weight, 1), 65_535)) }
    var count = 0
    for i in 0..<query.terms.count {
        var d: [UInt32] = []; var v: [UInt8] = []
        for (s, seg) in segs.enumerated() {
            guard let t = termIDs[s][i] else { continue }
            var c = ImpactPostingCursor(segment: seg, term: t, scorer: ImpactScorer(segment: seg, term: t, weight: 1), buffer: buffer)
            while c.doc != DocID.terminated { d.append(bases[s] + c.doc); v.append(UInt8(c.value())); c.advance() }
        }
        count += d.count
        var byImpact: [UInt8: [UInt32]] = [:]
        for j in d.indices { byImpact[v[j], default: []].append(d[j]) }
        for (imp, ds) in byImpact { p.groups.append((i, UInt32(imp) * p.weights[i], ds)) }
        p.docs.append(d); p.imps.append(v)
    }
    p.groups.sort { $0.c > $1.c }
    p.nextC = [UInt32](repeating: 0, count: p.groups.count)
    var lastC = [UInt32](repeating: 0, count: query.terms.count)
    for g in p.groups.indices.reversed() { p.nextC[g] = lastC[p.groups[g].term]; lastC[p.groups[g].term] = p.groups[g].c }
    postingCounts.append(Double(count))
    prepared.append(p)
}
print("N \(N) queries \(queries.count) postings/query p50 \(percentile(postingCounts, 0.5)) mean \(postingCounts.reduce(0,+)/Double(postingCounts.count)) groups/query \(prepared.map{$0.groups.count}.reduce(0,+)/prepared.count)")

func timeIt(_ name: String, _ body: (Int) -> [UInt64]) -> [[UInt64]] {
    for i in 0..<100 { _ = body(i) }
    var best: [Double] = []; var bestSum = Double.infinity; var results: [[UInt64]] = []
    for _ in 0..<2 {
        var cpu: [Double] = []; results = []
        for i in prepared.indices { let t0 = threadMicroseconds(); let r = body(i); cpu.append(threadMicroseconds() - t0); results.append(r) }
        let s = cpu.reduce(0, +); if s < bestSum { bestSum = s; best = cpu }
    }
    print(String(format: "%@ cpu p50 %.1f p90 %.1f p99 %.1f mean %.1f", name, percentile(best, 0.5), percentile(best, 0.9), percentile(best, 0.99), bestSum / Double(best.count)))
    return results
}

// reference: impact index search (ids -> global docs)
let reference = timeIt("impact-bmm") { i in
    frozen.searchQuantised(SearchRequest(text: queries[i], k: 10)).map { UInt64(bases[Int($0.doc >> 32)]) + ($0.doc & 0xFFFF_FFFF) }
}

let acc = UnsafeMutablePointer<UInt32>.allocate(capacity: N); acc.initialize(repeating: 0, count: N)
let touched = UnsafeMutablePointer<UInt32>.allocate(capacity: N)

func topK(_ cands: [(UInt32, UInt32)], k: Int) -> [UInt64] {
    // score desc, doc asc
    cands.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }.prefix(k).map { UInt64($0.0) }
}

// exhaustive TAAT over doc-ordered arrays
let taat = timeIt("taat-exh ") { i in
    let p = prepared[i]; var nt = 0
    for t in p.docs.indices {
        let w = p.weights[t]
        p.docs[t].withUnsafeBufferPointer { ds in p.imps[t].withUnsafeBufferPointer { vs in
            for j in 0..<ds.count { let d = Int(ds[j]); if acc[d] == 0 { touched[nt] = UInt32(d); nt += 1 }; acc[d] &+= UInt32(vs[j]) &* w }
        } }
    }
    // top-k by a small heap-like array
    var best: [(UInt32, UInt32)] = []; var theta: UInt32 = 0
    for j in 0..<nt { let d = touched[j]; let s = acc[Int(d)]; acc[Int(d)] = 0
        if s >= theta { best.append((d, s)); if best.count >= 64 { best = Array(best.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }.prefix(10)); theta = best.count == 10 ? best[9].1 : 0 } } }
    return topK(best, k: 10)
}
print("taat equal:", zip(taat, reference).filter { $0 != $1 }.count, "differ")

// score-at-a-time with safe stop and completion
var ph1 = 0.0, ph2 = 0.0, ph3 = 0.0
var processedStats: [Double] = []; var candStats: [Double] = []
for alpha in alphas {
    processedStats = []; candStats = []
    let saat = timeIt(String(format: "saat a=%.2f", alpha)) { i in
        let p = prepared[i]; var nt = 0
        let nTerms = p.docs.count
        var r = [UInt32](repeating: 0, count: nTerms)
        for g in p.groups where r[g.term] == 0 { r[g.term] = g.c }
        var R: UInt32 = r.reduce(0, +)
        var heapD = [UInt32](); var heapS = [UInt32](); var theta: UInt32 = 0
        var processed = 0
        var gi = 0
        let t0 = threadMicroseconds()
        while gi < p.groups.count {
            let g = p.groups[gi]
            if theta > 0 && Double(R) <= alpha * Double(theta) && R < theta { break }
            let c = g.c
            g.docs.withUnsafeBufferPointer { ds in
                let accL = acc; let touchedL = touched; var ntL = nt
                defer { nt = ntL }
                for j in 0..<ds.count {
                    let d = Int(ds[j]); let old = accL[d]; touchedL[ntL] = UInt32(d); ntL &+= old == 0 ? 1 : 0
                    let s = old &+ c; accL[d] = s
                    if _slowPath(s > theta) {
                        if let h = heapD.firstIndex(of: UInt32(d)) { heapS[h] = s }
                        else if heapD.count < 10 { heapD.append(UInt32(d)); heapS.append(s) }
                        else { let m = heapS.indices.min { heapS[$0] < heapS[$1] }!; heapD[m] = UInt32(d); heapS[m] = s }
                        if heapD.count == 10 { theta = heapS.min()! }
                    }
                }
            }
            processed += g.docs.count
            // next group of this term
            gi += 1
            let nextC = p.nextC[gi - 1]
            R = R - r[g.term] + nextC; r[g.term] = nextC
        }
        let t1 = threadMicroseconds(); ph1 += t1 - t0
        var cands: [(UInt32, UInt32)] = []
        for j in 0..<nt { let d = touched[j]; let s = acc[Int(d)]; acc[Int(d)] = 0; if s &+ R >= theta { cands.append((d, s)) } }
        cands.sort { $0.0 < $1.0 }
        let t2 = threadMicroseconds(); ph2 += t2 - t1
        // complete: terms with r > 0, postings with contribution <= r not yet counted
        for t in 0..<nTerms where r[t] > 0 {
            let w = p.weights[t]; let rt = r[t]
            p.docs[t].withUnsafeBufferPointer { ds in p.imps[t].withUnsafeBufferPointer { vs in
                var lo = 0
                for ci in cands.indices {
                    let d = cands[ci].0
                    var hi = ds.count
                    while lo < hi { let m = (lo + hi) >> 1; if ds[m] < d { lo = m + 1 } else { hi = m } }
                    if lo < ds.count && ds[lo] == d { let c = UInt32(vs[lo]) * w; if c <= rt { cands[ci].1 += c } }
                }
            } }
        }
        ph3 += threadMicroseconds() - t2
        processedStats.append(Double(processed)); candStats.append(Double(cands.count))
        return topK(cands, k: 10)
    }
    print("  phases total ms", ph1/1000, ph2/1000, ph3/1000); ph1 = 0; ph2 = 0; ph3 = 0
    print("  equal:", zip(saat, reference).filter { $0 != $1 }.count, "differ; processed p50", percentile(processedStats, 0.5), "mean", processedStats.reduce(0,+)/1000, "cands p50", percentile(candStats, 0.5), "p90", percentile(candStats, 0.9))
}
