// Speed of the static embeddings (Sources/Embeddings) and, given an int8 copy of the weights, its agreement with
// the shipped fp16 weights. Not part of any package: the library's sources and this file build as one module.
//
// Measures, on one thread:
// - load: opening Models/wordllama-l2-supercat (map the weights, check them, parse the tokenizer), the median
//   of 9 loads, wall-clock and CPU time of the thread (on a shared machine the two differ);
// - embed: 1,000 complaints of exactly 100 words, each made of consecutive words of Corpus/tickets.jsonl
//   descriptions and messages (ticket order, no randomness): the thread's CPU time per complaint (the best of 5
//   passes over all 1,000, and of the first pass, when the tokenizer's word caches start empty) and the wall-clock
//   median and p99 of one call, for `embed(text)` (tokenise + average + normalise), `tokenizer.encode(text)`
//   alone and `embed(tokenIDs:)` alone;
// - with an int8 weights file (Benchmarks/Scripts/quantize_int8.py): the same speed, and the cosine between its
//   vector and the fp16 vector of every text in Tests/EmbeddingsTests/Fixtures/tokens.jsonl.
//
//     swiftc -module-name EmbeddingSpeed -O -wmo $(find Sources/Embeddings -name '*.swift') \
//         Benchmarks/Scripts/EmbeddingSpeed/main.swift -o /tmp/embedding-speed
//     /tmp/embedding-speed .                       # from the repository root
//     /tmp/wlvenv/bin/python Benchmarks/Scripts/quantize_int8.py /tmp/weights-int8.safetensors  # numpy, safetensors
//     /tmp/embedding-speed . /tmp/weights-int8.safetensors

import Foundation

let root = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "."
let int8Path = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : nil
let modelFolder = root + "/Models/wordllama-l2-supercat"

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

// Load time.
var loads: [Double] = []
var loadsCPU: [Double] = []
var model: StaticEmbeddingModel!
for _ in 0..<9 {
    let cpu = threadCPUTime()
    loads.append(try seconds { model = try StaticEmbeddingModel(directory: modelFolder) })
    loadsCPU.append(threadCPUTime() - cpu)
}
loads.sort()
loadsCPU.sort()
print(
    String(
        format: "load fp16 model: wall median %.1f ms (min %.1f, max %.1f), CPU median %.1f ms, over 9 loads",
        loads[4] * 1e3,
        loads[0] * 1e3,
        loads[8] * 1e3,
        loadsCPU[4] * 1e3
    )
)

// 100-word complaints.
var words: [Substring] = []
let tickets = try String(contentsOfFile: root + "/Corpus/tickets.jsonl", encoding: .utf8)
for line in tickets.split(separator: "\n") {
    let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    var texts = [o["description"] as! String]
    for m in o["messages"] as? [[String: Any]] ?? [] { texts.append(m["body"] as! String) }
    for t in texts { words.append(contentsOf: t.split(whereSeparator: { $0 == " " || $0 == "\n" })) }
    if words.count >= 100_000 { break }
}
let complaints = (0..<1000).map { i in words[(i * 100)..<(i * 100 + 100)].joined(separator: " ") }
let tokenCounts = complaints.map { model.tokenizer.encode($0).count }
print(
    "complaints: 1000 × 100 words, \(complaints.map(\.utf8.count).reduce(0, +) / 1000) bytes and \(tokenCounts.reduce(0, +) / 1000) tokens on average"
)

/// CPU time of this thread, in seconds: on a machine shared with other work the wall-clock time also counts the
/// time the thread waited for a core, so both are printed.
func threadCPUTime() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func timePerText(_ label: String, _ body: (String) -> Int) {
    var best: [Double] = []
    var bestCPU = Double.infinity
    var firstCPU = 0.0
    var checksum = 0
    for pass in 0..<5 {
        var times: [Double] = []
        checksum = 0
        let cpuStart = threadCPUTime()
        for text in complaints {
            let start = DispatchTime.now().uptimeNanoseconds
            checksum &+= body(text)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3)
        }
        let cpu = (threadCPUTime() - cpuStart) / Double(complaints.count) * 1e6
        if pass == 0 { firstCPU = cpu }
        bestCPU = min(bestCPU, cpu)
        times.sort()
        if pass == 0 || times[times.count / 2] < best[best.count / 2] { best = times }
    }
    print(
        String(
            format: "%@: CPU %.1f µs per complaint (mean of 1000, best pass; first pass %.1f); wall median %.1f µs, p99 %.1f µs (checksum %d)",
            label,
            bestCPU,
            firstCPU,
            best[best.count / 2],
            best[best.count * 99 / 100],
            checksum
        )
    )
}

// A fresh model, so that the first pass of "tokenize only" starts with empty word caches.
model = try StaticEmbeddingModel(directory: modelFolder)
timePerText("tokenize only") { model.tokenizer.encode($0).count }
let idsByText = Dictionary(uniqueKeysWithValues: complaints.map { ($0, model.tokenizer.encode($0)) })
timePerText("pool only (ids given)") { Int(model.embed(tokenIDs: idsByText[$0]!)[0].bitPattern & 0xff) }
timePerText("embed fp16") { Int(model.embed($0)[0].bitPattern & 0xff) }

if let int8Path {
    var quantised: StaticEmbeddingModel!
    let t = try seconds { quantised = try StaticEmbeddingModel(weightsPath: int8Path, tokenizerPath: modelFolder + "/tokenizer.json") }
    print(String(format: "load int8 model: %.1f ms", t * 1e3))
    timePerText("embed int8") { Int(quantised.embed($0)[0].bitPattern & 0xff) }
    var cosines: [Float] = []
    let fixtures = try String(contentsOfFile: root + "/Tests/EmbeddingsTests/Fixtures/tokens.jsonl", encoding: .utf8)
    for line in fixtures.split(separator: "\n") {
        let text = (try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any])["text"] as! String
        if text.isEmpty { continue }
        cosines.append(VectorMath.dot(model.embed(text), quantised.embed(text)))
    }
    cosines.sort()
    let mean = cosines.reduce(0, +) / Float(cosines.count)
    print(
        String(
            format: "int8 vs fp16 cosine over %d fixture texts: mean %.6f, min %.6f, 1st percentile %.6f",
            cosines.count,
            mean,
            cosines[0],
            cosines[cosines.count / 100]
        )
    )
    // Does int8 change which candidate is nearest? For each complaint, the nearest of the other 999.
    let a = complaints.map { model.embed($0) }
    let b = complaints.map { quantised.embed($0) }
    var same = 0
    for i in 0..<a.count {
        func nearest(_ v: [[Float]]) -> Int {
            var best = -1
            var bestScore: Float = -2
            for j in 0..<v.count where j != i {
                let s = VectorMath.dot(v[i], v[j])
                if s > bestScore { (best, bestScore) = (j, s) }
            }
            return best
        }
        if nearest(a) == nearest(b) { same += 1 }
    }
    print("int8 vs fp16 nearest neighbour among the 1000 complaints: the same for \(same) of 1000")
}
