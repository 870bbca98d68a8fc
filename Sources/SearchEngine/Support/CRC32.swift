/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), used to checksum snapshot files.
struct CRC32 {
    private static let table: [UInt32] = (0..<256).map { i -> UInt32 in
        var c = UInt32(i)
        for _ in 0..<8 { c = (c & 1) != 0 ? (0xEDB8_8320 ^ (c >> 1)) : (c >> 1) }
        return c
    }

    private(set) var value: UInt32 = 0xFFFF_FFFF

    /// Adds `bytes` to the running checksum.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var c = value
        Self.table.withUnsafeBufferPointer { t in
            for b in bytes { c = t[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        }
        value = c
    }

    /// The checksum of everything added so far.
    var checksum: UInt32 { value ^ 0xFFFF_FFFF }

    /// The checksum of one buffer.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.checksum
    }
}
