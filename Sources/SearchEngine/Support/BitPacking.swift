/// Bit packing of small unsigned integers into 32-bit words, the block compression of posting lists.
///
/// Values are written as one little-endian bit stream: value `i` occupies bits `i*width ..< (i+1)*width`.
/// Readers load two adjacent words as one 64-bit value, so packed buffers carry one word of padding.
enum BitPacking {
    /// Bits needed to hold `value` (0 for 0).
    @inline(__always) static func bitWidth(_ value: UInt32) -> Int { 32 - value.leadingZeroBitCount }

    /// Number of 32-bit words that `count` values of `width` bits occupy.
    @inline(__always) static func wordCount(count: Int, width: Int) -> Int { (count * width + 31) >> 5 }

    /// Appends `values` packed with `width` bits each to `words`.
    /// - Precondition: every value fits in `width` bits.
    static func pack(_ values: UnsafeBufferPointer<UInt32>, width: Int, into words: inout [UInt32]) {
        guard width > 0 else { return }
        let start = words.count
        words.append(contentsOf: repeatElement(0, count: wordCount(count: values.count, width: width)))
        var bit = 0
        for v in values {
            assert(width == 32 || v < (1 << UInt32(width)), "value does not fit in the bit width")
            let w = start + (bit >> 5)
            let shift = UInt32(bit & 31)
            words[w] |= v << shift
            if Int(shift) + width > 32 { words[w + 1] |= v >> (32 - shift) }
            bit += width
        }
    }

    /// Decodes `count` values of `width` bits starting at `words` into `output`.
    /// - Precondition: `words` is readable one word past the packed data (padding).
    @inline(__always)
    static func unpack(_ words: UnsafePointer<UInt32>, count: Int, width: Int, into output: UnsafeMutablePointer<UInt32>) {
        if width == 0 {
            output.initialize(repeating: 0, count: count)
            return
        }
        let mask: UInt64 = (1 << UInt64(width)) &- 1
        var bit = 0
        for i in 0..<count {
            let w = bit &>> 5
            let pair = UInt64(words[w]) | (UInt64(words[w &+ 1]) &<< 32)
            output[i] = UInt32(truncatingIfNeeded: (pair &>> UInt64(bit & 31)) & mask)
            bit &+= width
        }
    }
}
