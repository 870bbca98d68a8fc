/// A fixed-size array of plain values in memory the engine owns, written once and then only read.
///
/// Segments keep their postings, norms and dictionaries in these buffers so that the hot loops can
/// walk raw pointers without retain/release traffic or uniqueness checks, and so that a snapshot
/// file can be read straight into them.
// @unchecked Sendable: the buffer is filled before the initialiser returns and never written again,
// so sharing it between threads is safe; it is freed only when the last reference goes away.
final class FrozenArray<Element: BitwiseCopyable>: @unchecked Sendable {
    /// Start of the elements; valid for the lifetime of this object.
    let base: UnsafeMutablePointer<Element>
    /// Number of elements.
    let count: Int

    /// Copies `elements`; `padding` extra zeroed elements follow them so decoders may read past the end.
    init(_ elements: [Element], padding: Int = 0) {
        count = elements.count
        base = UnsafeMutablePointer<Element>.allocate(capacity: max(1, elements.count + padding))
        elements.withUnsafeBufferPointer { source in
            if let s = source.baseAddress { base.initialize(from: s, count: elements.count) }
        }
        if padding > 0 {
            UnsafeMutableRawPointer(base + elements.count).initializeMemory(
                as: UInt8.self, repeating: 0, count: padding * MemoryLayout<Element>.stride)
        }
    }

    /// Allocates `count` (+ `padding`) elements and lets `fill` write them from raw bytes.
    init(count: Int, padding: Int = 0, fill: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        self.count = count
        base = UnsafeMutablePointer<Element>.allocate(capacity: max(1, count + padding))
        let raw = UnsafeMutableRawBufferPointer(start: base, count: max(1, count + padding) * MemoryLayout<Element>.stride)
        raw.initializeMemory(as: UInt8.self, repeating: 0)
        do {
            try fill(UnsafeMutableRawBufferPointer(start: base, count: count * MemoryLayout<Element>.stride))
        } catch {
            base.deallocate()
            throw error
        }
    }

    deinit { base.deallocate() }

    /// Reads element `i`; `i` must be in `0..<count` (or inside the padding).
    @inline(__always) subscript(i: Int) -> Element { base[i] }

    /// The elements as a buffer.
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    /// The elements as raw bytes, for writing to a file.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(buffer) }

    /// Bytes of memory held.
    var byteCount: Int { count * MemoryLayout<Element>.stride }

    /// A copy of the elements as an array.
    var array: [Element] { Array(buffer) }
}
