import Synchronization

/// For each token id, whether BPE turns the token's own text into that one token: learnt on first use and
/// shared by all threads without a lock. (Words that merge into several tokens go to `MergeCache`.)
///
/// Most words of a text are whole tokens ("▁password"); once a word is known to merge into its own token,
/// later occurrences skip the merge loop and cost one vocabulary lookup. The answer is a pure function of the
/// tokenizer, so threads that learn it at the same time store the same value and relaxed ordering suffices.
// @unchecked Sendable: `states` is allocated and initialised in `init`, freed in `deinit`, never reassigned,
// and every element is only read and written through `Atomic` operations.
final class WordCache: @unchecked Sendable {
    enum State: UInt8 {
        case unknown = 0
        case singleToken = 1
    }

    private let states: UnsafeMutablePointer<Atomic<UInt8>>
    /// Number of ids covered.
    let count: Int

    /// A cache for ids `0..<count`, all unknown.
    init(count: Int) {
        self.count = count
        states = .allocate(capacity: count)
        for i in 0..<count { (states + i).initialize(to: Atomic(0)) }
    }

    deinit {
        states.deinitialize(count: count)
        states.deallocate()
    }

    /// What is known about token `id`.
    /// - Precondition: `0 <= id < count`.
    @inline(__always)
    func state(of id: Int32) -> State {
        State(rawValue: states[Int(id)].load(ordering: .relaxed)) ?? .unknown
    }

    /// Records that token `id`'s text merges into `id` alone.
    func recordSingleToken(_ id: Int32) {
        states[Int(id)].store(State.singleToken.rawValue, ordering: .relaxed)
    }
}
