// Micro-benchmarks of the search engine's hot paths:
//   1. posting decode: walking every posting of a term found in 50% of 100,000 documents with the
//      query-time block cursor (document numbers only, and with BM25 scoring);
//   2. the top-k loop: `SearchIndex.search` of a 20-term complaint-like query, k = 10, on the same
//      100,000-document index, once per `RetrievalAlgorithm`;
//   3. analysis: `Analyzer.analyze` (tokenize, fold, stop words, stem) of a 1 KB English complaint;
//   4. index build: one segment of 10,000 documents through `SearchIndex.bulkLoad`.
//
// Corpus model: a 30,000-word vocabulary drawn with Zipf's law (s = 1): 150 helpdesk words at the
// head, then made-up letter-only words; a title of 6–10 words (weight 2) and a body of 40–120 words
// (weight 1) per document; "invoice" is added to each body with probability 0.5. The generator is
// SplitMix64 with seed 0x5EED_2026 (corpus) and 0x9E17 (query), so every run measures the same data.
// Data is built in each benchmark's setup, outside the measured closure.

import Benchmark
@_spi(Benchmarks) import SearchEngine

/// SplitMix64: a small, fast, seedable generator.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The synthetic corpus: a Zipf-distributed vocabulary and documents drawn from it.
enum Corpus {
    static let corpusSeed: UInt64 = 0x5EED_2026
    static let querySeed: UInt64 = 0x9E17
    static let vocabularySize = 30_000
    /// The term in half of the documents, for the posting decode benchmark.
    static let halfTerm = "invoice"

    static let headWords: [String] = """
        account password login error payment card charge refund order delivery package shipping address \
        email phone number app update crash screen button page website browser mobile android iphone \
        subscription plan cancel renew billing bank transfer balance wallet transaction pending failed \
        declined blocked locked reset verify verification code message notification support agent ticket \
        customer service help problem issue broken missing wrong late slow delay week month today yesterday \
        still again already never always tried trying twice several times please urgent immediately \
        working stopped started showing shows says said received sent delivered returned replaced damaged \
        item product price discount coupon promo cart checkout confirm confirmation receipt history profile \
        settings security fraud unauthorized access device network connection wifi signal download install \
        upload file photo document form submit sign register username secret question answer contact call \
        chat waiting hours days response reply manager complaint money back credit debit account statement \
        fee interest loan limit upgrade downgrade
        """.split(separator: " ").map(String.init)

    /// Head words, then made-up words of two to four consonant–vowel syllables, all distinct.
    static let vocabulary: [String] = {
        var rng = SplitMix64(seed: corpusSeed ^ 0xABCD)
        var seen = Set(headWords)
        seen.insert(halfTerm)
        var words = Array(Set(headWords).sorted())
        let consonants = Array("bcdfghjklmnprstvz")
        let vowels = Array("aeiou")
        while words.count < vocabularySize {
            var w = ""
            for _ in 0..<Int.random(in: 2...4, using: &rng) {
                w.append(consonants.randomElement(using: &rng)!)
                w.append(vowels.randomElement(using: &rng)!)
            }
            if seen.insert(w).inserted { words.append(w) }
        }
        return words
    }()

    /// Cumulative Zipf (s = 1) weights over the vocabulary ranks.
    static let cumulative: [Double] = {
        var total = 0.0
        return (1...vocabularySize).map { rank in
            total += 1 / Double(rank)
            return total
        }
    }()

    /// A word drawn by Zipf's law.
    static func word(using rng: inout SplitMix64) -> String {
        let x = Double.random(in: 0..<cumulative[cumulative.count - 1], using: &rng)
        var lo = 0
        var hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) >> 1
            if cumulative[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return vocabulary[lo]
    }

    static func text(words: ClosedRange<Int>, using rng: inout SplitMix64) -> String {
        var s = ""
        for i in 0..<Int.random(in: words, using: &rng) {
            if i > 0 { s += " " }
            s += word(using: &rng)
        }
        return s
    }

    /// `count` documents; the same seed gives the same documents.
    static func documents(_ count: Int, seed: UInt64 = corpusSeed) -> [Document] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { i in
            var body = text(words: 40...120, using: &rng)
            if Bool.random(using: &rng) { body += " " + halfTerm }
            return Document(id: "doc-\(i)", fields: ["title": text(words: 6...10, using: &rng), "body": body])
        }
    }

    /// A complaint-like query of 20 distinct words drawn by Zipf's law (frequent and rare terms mixed).
    static func query() -> String {
        var rng = SplitMix64(seed: querySeed)
        var words: [String] = []
        while words.count < 20 {
            let w = word(using: &rng)
            if !words.contains(w) { words.append(w) }
        }
        return words.joined(separator: " ")
    }

    /// A 1 KB English complaint.
    static let complaint = """
        Hello, I have been trying to log in to my account for three days and the app keeps telling me that \
        my password is wrong, even after I reset it twice through the email link you sent. Yesterday I was \
        finally able to sign in on the website, but the payment I made last week for my subscription is \
        still showing as pending, and my bank statement shows that the card was charged two times for the \
        same order. I contacted support by chat and waited over two hours without any response. The \
        delivery of my package was also delayed, and when it arrived the item was damaged and the box was \
        opened. I would like a refund for the duplicate charge, a replacement for the broken product, and \
        an explanation of why my account was locked without notice. This is really frustrating because I \
        have been a loyal customer for years and never had problems like these before. Please resolve this \
        as soon as possible and confirm by email. Thank you, and I look forward to hearing from you.
        """
}

/// A fixture that does not have the shape the benchmarks assume.
struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The 100,000-document index, built once per process (in setup).
let searchIndex: SearchIndex = {
    let index = SearchIndex(automaticMerges: false)
    index.bulkLoad(Corpus.documents(100_000))
    return index
}()

/// Documents for the index build benchmark.
let buildDocuments: [Document] = Corpus.documents(10_000, seed: Corpus.corpusSeed ^ 0x10)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        // Instructions need hardware performance counters; where there are none (virtual machines
        // without a PMU) the plugin leaves the metric out.
        metrics: [.wallClock, .instructions, .mallocCountTotal],
        warmupIterations: 3,
        maxDuration: .seconds(3),
        maxIterations: 1_000
    )

    let halfTerm = Analyzer().analyze(Corpus.halfTerm)[0]
    for scoring in [false, true] {
        Benchmark(
            scoring ? "posting decode + BM25 (50% of 100k docs)" : "posting decode (50% of 100k docs)",
            configuration: .init(setup: {
                let postings = searchIndex.walkPostings(of: halfTerm, scoring: false).postings
                guard (45_000...55_000).contains(postings) else {
                    throw FixtureError("\(halfTerm) has \(postings) postings, expected about 50,000")
                }
            })
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(searchIndex.walkPostings(of: halfTerm, scoring: scoring))
            }
        }
    }

    let query = Corpus.query()
    for algorithm in RetrievalAlgorithm.allCases {
        Benchmark(
            "top-10 of a 20-term query, 100k docs: \(algorithm.rawValue)",
            configuration: .init(setup: {
                // Same top-10 scores as the exhaustive search (ids may differ between tied scores).
                let expected = searchIndex.search(SearchRequest(text: query, k: 10, algorithm: .exhaustive)).map(\.score)
                let got = searchIndex.search(SearchRequest(text: query, k: 10, algorithm: algorithm)).map(\.score)
                guard expected.count == 10, got.count == 10,
                      zip(got, expected).allSatisfy({ abs($0 - $1) <= 1e-4 * max(1, abs($1)) })
                else {
                    throw FixtureError("\(algorithm.rawValue) returned \(got), exhaustive \(expected)")
                }
            })
        ) { benchmark in
            let request = SearchRequest(text: query, k: 10, algorithm: algorithm)
            for _ in benchmark.scaledIterations {
                blackHole(searchIndex.search(request))
            }
        }
    }

    let analyzer = Analyzer()
    Benchmark("analyze a 1 KB complaint") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(analyzer.analyze(Corpus.complaint))
        }
    }

    Benchmark(
        "build a 10k-document segment",
        configuration: .init(maxIterations: 50, setup: { _ = buildDocuments })
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            let index = SearchIndex(automaticMerges: false)
            index.bulkLoad(buildDocuments)
            blackHole(index.documentCount)
        }
    }
}
