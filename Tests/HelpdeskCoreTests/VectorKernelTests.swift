import CVectorKernels
import Embeddings
import Foundation
import SearchEngine
import Testing

@testable import HelpdeskCore

/// The meaning passes' dot product runs in C, vectorised for AVX2 when the processor has it; it must give the integers
/// the Swift kernel gives, so that every similarity, and so every suggestion, is what it was.
@Suite("Vector kernel")
struct VectorKernelTests {
    @Test("the AVX2 and the baseline paths give the Swift kernel's integer for every length, at the extremes too")
    func sameIntegers() {
        var random = SplitMix64(seed: 2026)
        for count in [0, 1, 7, 15, 16, 17, 64, 255, 256, 257, 512] {
            for round in 0..<20 {
                var query: [Int16]
                var values: [Int8]
                switch round {
                case 0:  // the largest products of one sign: no wrap at 512 dimensions
                    query = Array(repeating: 32767, count: count)
                    values = Array(repeating: 127, count: count)
                case 1:  // past what a packed vector holds: both wrap alike
                    query = Array(repeating: -32768, count: count)
                    values = Array(repeating: -128, count: count)
                default:
                    query = (0..<count).map { _ in Int16.random(in: .min ... .max, using: &random) }
                    values = (0..<count).map { _ in Int8.random(in: .min ... .max, using: &random) }
                }
                query.withUnsafeBufferPointer { q in
                    values.withUnsafeBufferPointer { v in
                        let q = q.baseAddress ?? UnsafePointer(bitPattern: 8)!
                        let v = v.baseAddress ?? UnsafePointer(bitPattern: 8)!
                        let swift = PackedVector.dot(q, v, count: count)
                        #expect(care_dot_i16_i8(q, v, count) == swift, "\(count) dimensions, round \(round)")
                        #expect(care_dot_i16_i8_baseline(q, v, count) == swift, "\(count) dimensions, round \(round)")
                    }
                }
            }
        }
    }

    @Test("the vectorised path is the one taken where the processor has AVX2")
    func dispatch() throws {
        let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = cpuinfo?.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ") ?? []
        #if arch(x86_64)
            try #require(cpuinfo != nil, "no /proc/cpuinfo to compare with")
            #expect((care_dot_uses_avx2() == 1) == flags.contains("avx2"))
        #else
            #expect(care_dot_uses_avx2() == 0)
        #endif
    }
}
