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
        let count = wordCount(count: values.count, width: width)
        words.append(contentsOf: repeatElement(0, count: count))
        words.withUnsafeMutableBufferPointer { all in
            let out = all.baseAddress! + start
            var bit = 0
            for v in values {
                assert(width == 32 || v < (1 << UInt32(width)), "value does not fit in the bit width")
                let w = bit >> 5
                let shift = UInt32(bit & 31)
                out[w] |= v << shift
                if Int(shift) + width > 32 { out[w + 1] |= v >> (32 - shift) }
                bit += width
            }
        }
    }

    /// Decodes `count` values of `width` bits starting at `words` into `output`.
    /// - Precondition: `words` is readable one word past the packed data (padding).
    @inline(__always)
    static func unpack(_ words: UnsafePointer<UInt32>, count: Int, width: Int, into output: UnsafeMutablePointer<UInt32>) {
        if count == fullBlock {
            unpackBlock(words, width: width, into: output)
            return
        }
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

    /// Decodes `count` gaps like `unpack` and turns them into running sums starting from `previous`
    /// (the document numbers of a block).
    @inline(__always)
    static func unpackDeltas(
        _ words: UnsafePointer<UInt32>, count: Int, width: Int, from previous: UInt32, into output: UnsafeMutablePointer<UInt32>
    ) {
        unpack(words, count: count, width: width, into: output)
        var running = previous
        for i in 0..<count {
            running &+= output[i]
            output[i] = running
        }
    }

    /// Value `index` of a packed buffer of `width`-bit values.
    /// - Precondition: `words` is readable one word past the packed data (padding).
    @inline(__always) static func value(_ words: UnsafePointer<UInt32>, index: Int, width: Int) -> UInt32 {
        let bit = index &* width
        let pair = UInt64(words[bit &>> 5]) | (UInt64(words[(bit &>> 5) &+ 1]) &<< 32)
        return UInt32(truncatingIfNeeded: (pair &>> UInt64(bit & 31)) & ((1 &<< UInt64(width)) &- 1))
    }

    /// Values in a full block (`PostingsWriter.blockSize`).
    static let fullBlock = 128

    /// Decodes a full block of 128 values: one copy of the loop per width, so that every shift and
    /// word offset is a constant and the 32-value groups unroll into straight-line code.
    static func unpackBlock(_ words: UnsafePointer<UInt32>, width: Int, into output: UnsafeMutablePointer<UInt32>) {
        switch width {
        case 0: output.initialize(repeating: 0, count: fullBlock)
        case 1: unpackGroups(words, Width1.self, output)
        case 2: unpackGroups(words, Width2.self, output)
        case 3: unpackGroups(words, Width3.self, output)
        case 4: unpackGroups(words, Width4.self, output)
        case 5: unpackGroups(words, Width5.self, output)
        case 6: unpackGroups(words, Width6.self, output)
        case 7: unpackGroups(words, Width7.self, output)
        case 8: unpackGroups(words, Width8.self, output)
        case 9: unpackGroups(words, Width9.self, output)
        case 10: unpackGroups(words, Width10.self, output)
        case 11: unpackGroups(words, Width11.self, output)
        case 12: unpackGroups(words, Width12.self, output)
        case 13: unpackGroups(words, Width13.self, output)
        case 14: unpackGroups(words, Width14.self, output)
        case 15: unpackGroups(words, Width15.self, output)
        case 16: unpackGroups(words, Width16.self, output)
        case 17: unpackGroups(words, Width17.self, output)
        case 18: unpackGroups(words, Width18.self, output)
        case 19: unpackGroups(words, Width19.self, output)
        case 20: unpackGroups(words, Width20.self, output)
        case 21: unpackGroups(words, Width21.self, output)
        case 22: unpackGroups(words, Width22.self, output)
        case 23: unpackGroups(words, Width23.self, output)
        case 24: unpackGroups(words, Width24.self, output)
        default: unpackGroups(words, width, output)  // wider gaps are rare (very rare terms)
        }
    }

    /// 128 values in four groups of 32; a group of 32 `width`-bit values fills exactly `width` words.
    @inline(__always)
    private static func unpackGroups(_ words: UnsafePointer<UInt32>, _ width: Int, _ output: UnsafeMutablePointer<UInt32>) {
        let mask: UInt32 = width == 32 ? ~0 : (1 &<< UInt32(width)) &- 1
        for g in 0..<4 { unpackGroup(words + g &* width, width, mask, output + g &* 32) }
    }

    /// `unpackGroups` specialised for one width: the generic parameter makes the compiler emit one
    /// copy per width with the width a constant (inlining alone was not relied on by the optimiser).
    private static func unpackGroups<W: PackedWidth>(_ words: UnsafePointer<UInt32>, _: W.Type, _ output: UnsafeMutablePointer<UInt32>) {
        unpackGroups(words, W.bits, output)
    }

    /// The 32 values of one group, written out so that with a constant `width` every word offset and
    /// shift is a constant (a loop is not unrolled that far by the optimiser).
    @inline(__always)
    private static func unpackGroup(
        _ source: UnsafePointer<UInt32>, _ width: Int, _ mask: UInt32, _ target: UnsafeMutablePointer<UInt32>
    ) {
        target[0] = lane(source, 0, width, mask)
        target[1] = lane(source, 1, width, mask)
        target[2] = lane(source, 2, width, mask)
        target[3] = lane(source, 3, width, mask)
        target[4] = lane(source, 4, width, mask)
        target[5] = lane(source, 5, width, mask)
        target[6] = lane(source, 6, width, mask)
        target[7] = lane(source, 7, width, mask)
        target[8] = lane(source, 8, width, mask)
        target[9] = lane(source, 9, width, mask)
        target[10] = lane(source, 10, width, mask)
        target[11] = lane(source, 11, width, mask)
        target[12] = lane(source, 12, width, mask)
        target[13] = lane(source, 13, width, mask)
        target[14] = lane(source, 14, width, mask)
        target[15] = lane(source, 15, width, mask)
        target[16] = lane(source, 16, width, mask)
        target[17] = lane(source, 17, width, mask)
        target[18] = lane(source, 18, width, mask)
        target[19] = lane(source, 19, width, mask)
        target[20] = lane(source, 20, width, mask)
        target[21] = lane(source, 21, width, mask)
        target[22] = lane(source, 22, width, mask)
        target[23] = lane(source, 23, width, mask)
        target[24] = lane(source, 24, width, mask)
        target[25] = lane(source, 25, width, mask)
        target[26] = lane(source, 26, width, mask)
        target[27] = lane(source, 27, width, mask)
        target[28] = lane(source, 28, width, mask)
        target[29] = lane(source, 29, width, mask)
        target[30] = lane(source, 30, width, mask)
        target[31] = lane(source, 31, width, mask)
    }

    /// Value `j` of a group of 32.
    @inline(__always)
    private static func lane(_ source: UnsafePointer<UInt32>, _ j: Int, _ width: Int, _ mask: UInt32) -> UInt32 {
        let bit = j &* width
        let w = bit &>> 5
        let shift = bit & 31
        var v = source[w] &>> UInt32(shift)
        if shift &+ width > 32 { v |= source[w &+ 1] &<< UInt32(32 &- shift) }
        return v & mask
    }
}

/// A bit width known at compile time, for the specialised block decoders.
protocol PackedWidth { static var bits: Int { get } }
enum Width1: PackedWidth { @inline(__always) static var bits: Int { 1 } }
enum Width2: PackedWidth { @inline(__always) static var bits: Int { 2 } }
enum Width3: PackedWidth { @inline(__always) static var bits: Int { 3 } }
enum Width4: PackedWidth { @inline(__always) static var bits: Int { 4 } }
enum Width5: PackedWidth { @inline(__always) static var bits: Int { 5 } }
enum Width6: PackedWidth { @inline(__always) static var bits: Int { 6 } }
enum Width7: PackedWidth { @inline(__always) static var bits: Int { 7 } }
enum Width8: PackedWidth { @inline(__always) static var bits: Int { 8 } }
enum Width9: PackedWidth { @inline(__always) static var bits: Int { 9 } }
enum Width10: PackedWidth { @inline(__always) static var bits: Int { 10 } }
enum Width11: PackedWidth { @inline(__always) static var bits: Int { 11 } }
enum Width12: PackedWidth { @inline(__always) static var bits: Int { 12 } }
enum Width13: PackedWidth { @inline(__always) static var bits: Int { 13 } }
enum Width14: PackedWidth { @inline(__always) static var bits: Int { 14 } }
enum Width15: PackedWidth { @inline(__always) static var bits: Int { 15 } }
enum Width16: PackedWidth { @inline(__always) static var bits: Int { 16 } }
enum Width17: PackedWidth { @inline(__always) static var bits: Int { 17 } }
enum Width18: PackedWidth { @inline(__always) static var bits: Int { 18 } }
enum Width19: PackedWidth { @inline(__always) static var bits: Int { 19 } }
enum Width20: PackedWidth { @inline(__always) static var bits: Int { 20 } }
enum Width21: PackedWidth { @inline(__always) static var bits: Int { 21 } }
enum Width22: PackedWidth { @inline(__always) static var bits: Int { 22 } }
enum Width23: PackedWidth { @inline(__always) static var bits: Int { 23 } }
enum Width24: PackedWidth { @inline(__always) static var bits: Int { 24 } }
