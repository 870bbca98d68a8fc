// Query latency of the search engine compiled with the flags under test (`-O` against `-Ounchecked`): the engine's
// sources and this file as one module, 100k synthetic tickets (../shared/bench/make_synthetic.py, seed 42), 1,000
// queries, k = 10, BM25, block-max MaxScore, one thread; the best of 5 passes, with a checksum of the scores (the same
// under both flags). Not part of any package:
//
//     swiftc -module-name EngineFlags -O -wmo -enforce-exclusivity=unchecked Sources/SearchEngine/**/*.swift \
//         Benchmarks/Scripts/EngineFlags/main.swift -o /tmp/engine-checked
//     swiftc -module-name EngineFlags -Ounchecked -wmo -enforce-exclusivity=unchecked Sources/SearchEngine/**/*.swift \
//         Benchmarks/Scripts/EngineFlags/main.swift -o /tmp/engine-unchecked
//     /tmp/engine-checked $D/syn100k.corpus.jsonl $D/syn100k.queries.jsonl   # alternate the two, back to back

import Foundation

let args = CommandLine.arguments
let corpusLines = try! String(contentsOfFile: args[1], encoding: .utf8).split(separator: "\n")
let queryLines = try! String(contentsOfFile: args[2], encoding: .utf8).split(separator: "\n")
var docs: [IndexChange] = []
for line in corpusLines {
    let o = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    docs.append(.upsert(Document(id: o["id"] as! String, fields: ["title": o["title"] as! String, "body": o["body"] as! String])))
}
let queries = queryLines.map { (try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["text"] as! String }
let index = SearchIndex(configuration: IndexConfiguration(fields: [FieldDefinition(name: "title", weight: 1), FieldDefinition(name: "body", weight: 1)]))
index.apply(docs)
var best: [Double] = []
var checksum = 0.0
let passes = args.count > 3 ? Int(args[3])! : 5
for pass in 0..<passes {
    var times: [Double] = []
    var sum = 0.0
    for q in queries {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let hits = index.search(SearchRequest(text: q, k: 10))
        times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1000)
        sum += hits.reduce(0) { $0 + $1.score }
    }
    times.sort()
    if pass == 0 || times[times.count / 2] < best[best.count / 2] { best = times }
    checksum = sum
}
print(String(format: "p50 %.0f µs, p99 %.0f µs, checksum %.6f", best[best.count / 2], best[best.count * 99 / 100], checksum))
