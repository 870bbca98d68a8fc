// Exact nearest neighbours (HelpdeskCore's VectorTable) against the inverted file index (Sources/Embeddings/Neighbours,
// InvertedFileIndex) on the shipped model's vectors of helpdesk-like texts, for similar-ticket search (issue 17).
// Not part of any package: the Embeddings sources, a copy of VectorTable.swift without its import, and this file
// build as one module.
//
// Corpus model: real text only, recombined. The documents are Corpus/tickets.jsonl (subject; description and
// messages), Corpus/solutions.jsonl (title; steps), the Stack Exchange dumps in /work/shared/data (cardano posts and
// comments, coffee posts; title and HTML-stripped body) and the SemEval-2016 Qatar Living questions (subject; body
// and comments). Each text is a document's title (when it has one) and 1–3 consecutive sentences of that document,
// and with probability 1/3 one sentence of another document: seeded (SplitMix64, seed 17 for the indexed texts,
// seed 4242 for the 1,000 queries; a query equal to an indexed text is skipped, so the queries are held out).
// Ids are 1…n; the filter is "resolved" for 30 % of ids (id × 2654435761 mod 1000 < 300), "open" or "pending" else.
//
// Measures, on one thread, k = 10: the exact pass (every vector) and, for each (nlist, nprobe), recall@10 against
// the exact answer (same int8 scoring), p50 and p99 per query, the training time (k-means on 32 vectors
// per list, 10 rounds, then every vector placed) and the index's bytes per vector; and the filtered case
// ("resolved") for the exact pass and each (nlist, nprobe).
//
//     mkdir -p /tmp/ann && sed 's/^import Embeddings$//' Sources/HelpdeskCore/Matching/VectorTable.swift \
//         > /tmp/ann/VectorTable.swift
//     swiftc -module-name ApproximateNeighbours -O -wmo $(find Sources/Embeddings -name '*.swift') \
//         /tmp/ann/VectorTable.swift Benchmarks/Scripts/ApproximateNeighbours/main.swift -o /tmp/ann/bench
//     # from the repository root: n, nlists, nprobes, k-means samples per list, and `distinct` for distinct texts
//     /tmp/ann/bench . 100000 256,1024 1,4,8,16,32,64 32 distinct
//     /tmp/ann/bench . 1000000 1024 8,16,32,64,128 32 distinct
//
// Vectors are cached in /tmp/ann/vectors-<n>[-distinct].bin (scale and int8 values per text) after the first run.
// Times are per thread: CPU (clock_gettime CLOCK_THREAD_CPUTIME_ID) and wall-clock; on the shared machine the wall
// clock mostly measures waits for a core.

import Foundation

setvbuf(stdout, nil, _IOLBF, 0)  // a line at a time, also into a file
let arguments = CommandLine.arguments
let root = arguments.count > 1 ? arguments[1] : "."
let size = arguments.count > 2 ? Int(arguments[2])! : 100_000
let listCounts = arguments.count > 3 ? arguments[3].split(separator: ",").map { Int($0)! } : [256, 1024]
let probeCounts = arguments.count > 4 ? arguments[4].split(separator: ",").map { Int($0)! } : [1, 4, 8, 16, 32, 64]
let samplesPerList = arguments.count > 5 ? Int(arguments[5])! : 32
/// Whether every indexed text is distinct (`distinct`): the recombination repeats itself (at 1,000,000 draws only
/// about 441,000 distinct vectors), and equal vectors are ties an index finds together.
let distinct = arguments.count > 6 && arguments[6] == "distinct"
let dataFolder = "/work/shared/data"
let k = 10
let queryCount = 1000

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// CPU time of this thread in nanoseconds: on a shared machine the wall-clock time also counts waits for a core.
func cpu() -> UInt64 {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
}

func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
}

// MARK: - Documents

struct SourceDocument {
    var title: String?
    var sentences: [String]
}

func unescapeXML(_ s: String) -> String {
    guard s.contains("&") else { return s }
    return s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#xA;", with: "\n")
        .replacingOccurrences(of: "&#xD;", with: "").replacingOccurrences(of: "&#39;", with: "'")
        .replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
}

func stripTags(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    var inTag = false
    for c in s {
        if c == "<" { inTag = true; out.append(" ") } else if c == ">" { inTag = false } else if !inTag { out.append(c) }
    }
    return out
}

func sentences(_ text: String) -> [String] {
    var result: [String] = []
    var current = ""
    func flush() {
        let words = current.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
        if words.count >= 3 && words.count <= 60 { result.append(words.joined(separator: " ")) }
        current = ""
    }
    var previous: Character = " "
    for c in text {
        if c == "\n" { flush(); previous = c; continue }
        if c == " " && (previous == "." || previous == "?" || previous == "!") { flush(); previous = c; continue }
        current.append(c)
        previous = c
    }
    flush()
    return result
}

/// The value of attribute `name` in one `<row …/>` line, unescaped once.
func attribute(_ name: String, in line: Substring) -> String? {
    guard let start = line.range(of: " \(name)=\"") else { return nil }
    let rest = line[start.upperBound...]
    guard let end = rest.firstIndex(of: "\"") else { return nil }
    return unescapeXML(String(rest[..<end]))
}

/// Every `<tag>…</tag>` text of an XML file, in order.
func elements(_ tag: String, in text: String) -> [String] {
    var result: [String] = []
    var rest = text[...]
    while let open = rest.range(of: "<\(tag)>"), let close = rest[open.upperBound...].range(of: "</\(tag)>") {
        result.append(unescapeXML(String(rest[open.upperBound..<close.lowerBound])))
        rest = rest[close.upperBound...]
    }
    return result
}

func loadDocuments() throws -> [SourceDocument] {
    var documents: [SourceDocument] = []
    for line in try String(contentsOfFile: root + "/Corpus/tickets.jsonl", encoding: .utf8).split(separator: "\n") {
        let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        var body = sentences(o["description"] as? String ?? "")
        for m in o["messages"] as? [[String: Any]] ?? [] { body += sentences(m["body"] as? String ?? "") }
        documents.append(SourceDocument(title: o["subject"] as? String, sentences: body))
    }
    for line in try String(contentsOfFile: root + "/Corpus/solutions.jsonl", encoding: .utf8).split(separator: "\n") {
        let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        let steps = (o["steps"] as? [String] ?? []).flatMap(sentences)
        documents.append(SourceDocument(title: o["title"] as? String, sentences: steps))
    }
    for file in ["stackexchange-cardano/Posts.xml", "stackexchange-coffee/Posts.xml", "stackexchange-cardano/Comments.xml"] {
        var titles: [String: String] = [:]
        for line in try String(contentsOfFile: dataFolder + "/" + file, encoding: .utf8).split(separator: "\n")
        where line.contains("<row ") {
            let id = attribute("Id", in: line) ?? ""
            let title = attribute("Title", in: line)
            if let title { titles[id] = title }
            let parentTitle = attribute("ParentId", in: line).flatMap { titles[$0] }
            let body = attribute("Body", in: line) ?? attribute("Text", in: line) ?? ""
            documents.append(SourceDocument(title: title ?? parentTitle, sentences: sentences(unescapeXML(stripTags(body)))))
        }
    }
    let semeval = try String(
        contentsOfFile: dataFolder + "/semeval2016-task3-cqa-ql/SemEval2016-Task3-CQA-QL-train-part2.xml", encoding: .utf8)
    for thread in semeval.components(separatedBy: "<Thread ").dropFirst() {
        let subject = elements("RelQSubject", in: thread).first
        var body = elements("RelQBody", in: thread).flatMap(sentences)
        for comment in elements("RelCText", in: thread) { body += sentences(comment) }
        documents.append(SourceDocument(title: subject, sentences: body))
    }
    return documents.filter { !$0.sentences.isEmpty }
}

/// A complaint-like text: a document's title, 1–3 of its consecutive sentences, sometimes one of another document.
func text(from documents: [SourceDocument], using generator: inout SplitMix64) -> String {
    let document = documents[Int(generator.next() % UInt64(documents.count))]
    let length = 1 + Int(generator.next() % 3)
    let start = Int(generator.next() % UInt64(document.sentences.count))
    var parts: [String] = document.title.map { [$0] } ?? []
    parts += document.sentences[start..<min(start + length, document.sentences.count)]
    if generator.next() % 3 == 0 {
        let other = documents[Int(generator.next() % UInt64(documents.count))]
        parts.append(other.sentences[Int(generator.next() % UInt64(other.sentences.count))])
    }
    return parts.joined(separator: "\n")
}

// MARK: - Vectors

let modelFolder = root + "/Models/wordllama-l2-supercat"
let model = try StaticEmbeddingModel(directory: modelFolder)
let dimensions = model.dimensions
try FileManager.default.createDirectory(atPath: "/tmp/ann", withIntermediateDirectories: true)
let cachePath = "/tmp/ann/vectors-\(size)\(distinct ? "-distinct" : "").bin"

/// `count` packed vectors: the indexed texts, then the queries.
func makeVectors() throws -> [PackedVector] {
    if let data = FileManager.default.contents(atPath: cachePath), data.count == (size + queryCount) * (4 + dimensions) {
        print("vectors: read from \(cachePath)")
        return data.withUnsafeBytes { raw in
            (0..<(size + queryCount)).map { i in
                let base = i * (4 + dimensions)
                let scale = raw.loadUnaligned(fromByteOffset: base, as: Float.self)
                let values = (0..<dimensions).map { raw.load(fromByteOffset: base + 4 + $0, as: Int8.self) }
                return PackedVector(values: values, scale: scale)
            }
        }
    }
    let documents = try loadDocuments()
    print("documents: \(documents.count), sentences: \(documents.map(\.sentences.count).reduce(0, +))")
    var generator = SplitMix64(seed: 17)
    var seen = Set<Int>()
    var vectors: [PackedVector] = []
    vectors.reserveCapacity(size + queryCount)
    var bytes = 0
    var examples: [String] = []
    let start = now()
    var draws = 0
    while vectors.count < size {
        let t = text(from: documents, using: &generator)
        draws += 1
        if !seen.insert(t.hashValue).inserted && distinct { continue }
        bytes += t.utf8.count
        if examples.count < 3 { examples.append(t) }
        vectors.append(PackedVector(model.embed(t)))
    }
    let embedSeconds = Double(now() - start) / 1e9
    var queryGenerator = SplitMix64(seed: 4242)
    var skipped = 0
    while vectors.count < size + queryCount {
        let t = text(from: documents, using: &queryGenerator)
        if seen.contains(t.hashValue) {
            skipped += 1
            continue
        }
        vectors.append(PackedVector(model.embed(t)))
    }
    print(
        String(
            format: "texts: %d indexed (%d distinct, of %d draws; %.0f bytes on average, embedded in %.1f s, %.1f µs each), %d queries (%d equal to an indexed text skipped)",
            size, seen.count, draws, Double(bytes) / Double(size), embedSeconds, embedSeconds * 1e6 / Double(size), queryCount, skipped))
    for e in examples { print("  e.g. \(e.replacingOccurrences(of: "\n", with: " / ").prefix(200))") }
    var data = Data(capacity: vectors.count * (4 + dimensions))
    for v in vectors {
        withUnsafeBytes(of: v.scale) { data.append(contentsOf: $0) }
        v.values.withUnsafeBytes { data.append(contentsOf: $0) }
    }
    try data.write(to: URL(fileURLWithPath: cachePath))
    return vectors
}

print("load average at start: \(loadAverage())")
let all = try makeVectors()
let stored = Array(all[0..<size])
let queries = all[size...].map { PackedQuery($0.unpacked) }
func filterName(_ id: Int64) -> String {
    let h = (UInt64(id) &* 2_654_435_761) % 1000
    return h < 300 ? "resolved" : (h < 650 ? "open" : "pending")
}
let filterCodes: [String: Int32] = ["resolved": 0, "open": 1, "pending": 2]
print("resolved share: \(String(format: "%.3f", Double((1...Int64(size)).filter { filterName($0) == "resolved" }.count) / Double(size)))")

// MARK: - Exact

func percentiles(_ nanoseconds: [UInt64]) -> (p50: Double, p99: Double) {
    let sorted = nanoseconds.sorted()
    return (Double(sorted[sorted.count / 2]) / 1e6, Double(sorted[sorted.count * 99 / 100]) / 1e6)
}

var table = VectorTable()
for (i, v) in stored.enumerated() { table.set(Int64(i + 1), v, filter: filterName(Int64(i + 1))) }

func runExact(filter: String?) -> [[Int64]] {
    var times: [UInt64] = []
    var cpuTimes: [UInt64] = []
    var answers: [[Int64]] = []
    for q in queries {
        let t = now()
        let c = cpu()
        let found = table.nearest(q, k: k, filter: filter)
        cpuTimes.append(cpu() - c)
        times.append(now() - t)
        answers.append(found.map(\.id))
    }
    let p = percentiles(times)
    let pc = percentiles(cpuTimes)
    print(
        String(
            format: "| %d | exact | all | %@ | 1.000 | %.3f | %.3f | %.3f | %.3f | | | %d |", size, filter ?? "-", pc.p50,
            pc.p99, p.p50, p.p99, filter == nil ? size : Int(Double(size) * 0.3)))
    print("load average: \(loadAverage())")
    return answers
}
print("| n | nlist | nprobe | filter | recall@10 | CPU p50 ms | CPU p99 ms | wall p50 ms | wall p99 ms | train s (CPU) | bytes/vector | vectors read (mean) |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
let exact = runExact(filter: nil)
let exactResolved = runExact(filter: "resolved")

// MARK: - Inverted file

func recall(_ found: [[Int64]], _ truth: [[Int64]]) -> Double {
    var hits = 0
    var total = 0
    for (f, t) in zip(found, truth) {
        hits += Set(f).intersection(t).count
        total += t.count
    }
    return Double(hits) / Double(max(total, 1))
}

for listCount in listCounts {
    var index = InvertedFileIndex(dimensions: dimensions)
    for (i, v) in stored.enumerated() { index.set(Int64(i + 1), v, filter: filterCodes[filterName(Int64(i + 1))]!) }
    let trainStart = now()
    let trainCPU = cpu()
    index.train(lists: listCount, samplesPerList: samplesPerList, seed: 1)
    let trainCPUSeconds = Double(cpu() - trainCPU) / 1e9
    let trainSeconds = Double(now() - trainStart) / 1e9
    let bytesPerVector = Double(index.memoryFootprint) / Double(size)
    let sizes = index.listSizes.sorted()
    print(
        "nlist \(listCount) (\(samplesPerList) samples per list): trained in \(String(format: "%.1f", trainSeconds)) s wall; list sizes min \(sizes.first!), median \(sizes[sizes.count / 2]), max \(sizes.last!); load \(loadAverage())")
    for probes in probeCounts where probes <= listCount {
        for (filter, truth) in [(nil, exact), ("resolved", exactResolved)] as [(String?, [[Int64]])] {
            var times: [UInt64] = []
            var cpuTimes: [UInt64] = []
            var answers: [[Int64]] = []
            var read = 0
            for q in queries {
                let t = now()
                let c = cpu()
                let found = index.nearest(q, k: k, probes: probes, filter: filter.map { filterCodes[$0]! })
                cpuTimes.append(cpu() - c)
                times.append(now() - t)
                answers.append(found.map(\.id))
            }
            if filter == nil {
                let sizes = index.listSizes
                for q in queries { read += index.probedLists(q, probes: probes).reduce(0) { $0 + sizes[$1] } }
            }
            let p = percentiles(times)
            let pc = percentiles(cpuTimes)
            print(
                String(
                    format: "| %d | %d | %d | %@ | %.3f | %.3f | %.3f | %.3f | %.3f | %.1f | %.0f | %@ |", size, listCount,
                    probes, filter ?? "-", recall(answers, truth), pc.p50, pc.p99, p.p50, p.p99, trainCPUSeconds, bytesPerVector,
                    filter == nil ? String(read / queries.count) : ""))
        }
    }
}
print("load average at end: \(loadAverage())")
