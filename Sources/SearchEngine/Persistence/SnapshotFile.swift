#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The snapshot file: one file holding the configuration, the checkpoint and every segment's arrays,
/// followed by a footer with the body's length and CRC-32. Saving writes a temporary file, syncs it
/// and renames it over the old one, so a crash leaves either the old or the new snapshot. Opening reads
/// the file in bulk and checks length and checksum before anything is used.
enum SnapshotFile {
    static let magic: [UInt8] = Array("CCRINDEX".utf8)
    static let footerMagic: [UInt8] = Array("CCREND01".utf8)
    static let version: UInt32 = 2
    static let footerSize = 8 + 4 + 4 + 8

    /// Writes `snapshot` to `path` atomically.
    static func save(_ snapshot: IndexSnapshot, to path: String) throws {
        let temporary = path + ".tmp"
        var sink = try FileSink(path: temporary)
        do {
            sink.write(bytes: magic)
            sink.write(version)
            sink.startBody()
            writeConfiguration(snapshot.configuration, to: &sink)
            sink.write(UInt64(bitPattern: snapshot.checkpoint))
            sink.write(UInt64(snapshot.segments.count))
            for (s, segment) in snapshot.segments.enumerated() {
                sink.write(snapshot.segmentIDs[s])
                sink.write(UInt64(snapshot.deletedCounts[s]))
                if let deleted = snapshot.deletions[s] {
                    sink.write(UInt8(1))
                    sink.write(array: deleted)
                } else {
                    sink.write(UInt8(0))
                }
                writeSegment(segment, to: &sink)
            }
            let (length, crc) = sink.endBody()
            sink.write(length)
            sink.write(crc)
            sink.write(UInt32(0))
            sink.write(bytes: footerMagic)
            try sink.finish()
        } catch {
            sink.close()
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw SearchIndexError.io(path: path, reason: String(cString: strerror(errno)))
        }
    }

    private static func writeConfiguration(_ c: IndexConfiguration, to sink: inout FileSink) {
        sink.write(UInt64(c.fields.count))
        for f in c.fields {
            sink.write(string: f.name)
            sink.write(f.weight.bitPattern)
        }
        sink.write(UInt8(c.analyzer.stemming ? 1 : 0))
        sink.write(UInt64(c.analyzer.maxTokenLength))
        sink.write(UInt64(c.analyzer.stopWords.count))
        for w in c.analyzer.stopWords { sink.write(string: w) }
    }

    private static func writeSegment(_ s: Segment, to sink: inout FileSink) {
        // The directory's arrays are interleaved with the float layout's, in the order of format version 2.
        let d = s.directory
        sink.write(UInt64(d.docCount))
        sink.write(array: d.idBytes)
        sink.write(array: d.idOffsets)
        sink.write(array: d.idOrder)
        sink.write(array: s.docLength)
        sink.write(array: s.inverseNorm)
        sink.write(array: d.docFilter)
        sink.write(UInt64(d.filterValues.count))
        for v in d.filterValues { sink.write(string: v) }
        sink.write(array: d.dictionary.bytes)
        sink.write(array: d.dictionary.offsets)
        sink.write(array: d.termDocFreq)
        sink.write(array: d.termBlockStart)
        sink.write(array: s.termBound)
        sink.write(array: d.blockLastDoc)
        sink.write(array: s.blockOffset)
        sink.write(array: s.blockBits)
        sink.write(array: s.blockBound)
        sink.write(array: s.packed)
    }

    /// Reads the snapshot at `path`, refusing a truncated or damaged file.
    static func load(from path: String) throws -> IndexSnapshot {
        let data = try readFile(path)
        return try data.withUnsafeBytes { raw -> IndexSnapshot in
            let damaged = { (reason: String) in SearchIndexError.corrupted(path: path, reason: reason) }
            guard raw.count >= magic.count + 4 + footerSize, raw.prefix(magic.count).elementsEqual(magic) else {
                throw damaged("not an index snapshot (or truncated to \(raw.count) bytes)")
            }
            let footer = raw.count - footerSize
            guard raw[footer + 16..<raw.count].elementsEqual(footerMagic) else {
                throw damaged("the file is truncated (no end marker)")
            }
            let bodyStart = magic.count + 4
            let length = raw.loadUnaligned(fromByteOffset: footer, as: UInt64.self)
            let crc = raw.loadUnaligned(fromByteOffset: footer + 8, as: UInt32.self)
            guard length == UInt64(footer - bodyStart) else { throw damaged("the body length does not match the file size") }
            let version = raw.loadUnaligned(fromByteOffset: magic.count, as: UInt32.self)
            guard version == Self.version else { throw damaged("unsupported format version \(version)") }
            let body = UnsafeRawBufferPointer(rebasing: raw[bodyStart..<footer])
            guard CRC32.checksum(body) == crc else { throw damaged("checksum mismatch") }
            var source = ByteSource(bytes: body, path: path)
            let configuration = try readConfiguration(&source)
            let checkpoint = Int64(bitPattern: try source.read(UInt64.self))
            let count = try source.readCount(limit: 1 << 20)
            var segments: [Segment] = []
            var ids: [UInt64] = []
            var deletions: [FrozenArray<UInt64>?] = []
            var deletedCounts: [Int] = []
            for _ in 0..<count {
                ids.append(try source.read(UInt64.self))
                deletedCounts.append(try source.readCount(limit: Int(UInt32.max)))
                deletions.append(try source.read(UInt8.self) == 1 ? try source.readArray(UInt64.self) : nil)
                segments.append(try readSegment(&source))
            }
            guard source.isAtEnd else { throw damaged("unexpected bytes after the last segment") }
            return IndexSnapshot(
                configuration: configuration, segments: segments, segmentIDs: ids, deletions: deletions,
                deletedCounts: deletedCounts, checkpoint: checkpoint)
        }
    }

    private static func readConfiguration(_ source: inout ByteSource) throws -> IndexConfiguration {
        var fields: [FieldDefinition] = []
        for _ in 0..<(try source.readCount(limit: 1024)) {
            let name = try source.readString()
            fields.append(FieldDefinition(name: name, weight: Double(bitPattern: try source.read(UInt64.self))))
        }
        let stemming = try source.read(UInt8.self) == 1
        let maxTokenLength = try source.readCount(limit: 1 << 16)
        var stopWords: [String] = []
        for _ in 0..<(try source.readCount(limit: 1 << 20)) { stopWords.append(try source.readString()) }
        return IndexConfiguration(
            fields: fields, analyzer: Analyzer(stopWords: stopWords, stemming: stemming, maxTokenLength: maxTokenLength))
    }

    private static func readSegment(_ source: inout ByteSource) throws -> Segment {
        let docCount = try source.readCount(limit: Int(UInt32.max))
        let idBytes = try source.readArray(UInt8.self)
        let idOffsets = try source.readArray(UInt32.self)
        let idOrder = try source.readArray(UInt32.self)
        let docLength = try source.readArray(Float.self)
        let inverseNorm = try source.readArray(Float.self)
        let docFilter = try source.readArray(UInt32.self)
        var filterValues: [String] = []
        for _ in 0..<(try source.readCount(limit: Int(UInt32.max))) { filterValues.append(try source.readString()) }
        let dictionary = TermDictionary(bytes: try source.readArray(UInt8.self), offsets: try source.readArray(UInt32.self))
        let termDocFreq = try source.readArray(UInt32.self)
        let termBlockStart = try source.readArray(UInt32.self)
        let termBound = try source.readArray(Float.self)
        let blockLastDoc = try source.readArray(UInt32.self)
        let blockOffset = try source.readArray(UInt32.self)
        let blockBits = try source.readArray(UInt16.self)
        let blockBound = try source.readArray(Float.self)
        let packed = try source.readArray(UInt32.self, padding: 2)
        let terms = dictionary.count
        let blocks = blockLastDoc.count
        guard idOffsets.count == docCount + 1, idOrder.count == docCount || idOrder.count == 0, docLength.count == docCount,
              inverseNorm.count == docCount, docFilter.count == docCount || (docFilter.count == 0 && filterValues.isEmpty), dictionary.offsets.count >= 1,
              termDocFreq.count == terms, termBlockStart.count == terms + 1,
              termBound.count == terms * ScoreBounds.termStride, blockOffset.count == blocks, blockBits.count == blocks,
              blockBound.count == blocks * ScoreBounds.blockStride,
              Int(dictionary.offsets[terms]) == dictionary.bytes.count, Int(idOffsets[docCount]) == idBytes.count,
              Int(termBlockStart[terms]) == blocks
        else { throw source.damaged("segment arrays disagree in size") }
        let directory = SegmentDirectory(
            docCount: docCount, idBytes: idBytes, idOffsets: idOffsets, idOrder: idOrder, docFilter: docFilter,
            filterValues: filterValues, dictionary: dictionary, termDocFreq: termDocFreq, termBlockStart: termBlockStart,
            blockLastDoc: blockLastDoc)
        return Segment(
            directory: directory, docLength: docLength, inverseNorm: inverseNorm, termBound: termBound, blockOffset: blockOffset,
            blockBits: blockBits, blockBound: blockBound, packed: packed)
    }

    /// Reads a whole file in bulk.
    static func readFile(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw SearchIndexError.io(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SearchIndexError.io(path: path, reason: String(cString: strerror(errno))) }
        let size = Int(info.st_size)
        var data = [UInt8](repeating: 0, count: size)
        var done = 0
        try data.withUnsafeMutableBytes { raw in
            while done < size {
                let n = read(fd, raw.baseAddress! + done, size - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw SearchIndexError.io(path: path, reason: n == 0 ? "short read" : String(cString: strerror(errno))) }
                done += n
            }
        }
        return data
    }
}

/// Buffered writer to a file descriptor that keeps a CRC-32 of the body.
private struct FileSink {
    private let fd: Int32
    private let path: String
    private var buffer: [UInt8] = []
    private var crc = CRC32()
    private var inBody = false
    private var bodyLength: UInt64 = 0
    private var failure: SearchIndexError?

    init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw SearchIndexError.io(path: path, reason: String(cString: strerror(errno))) }
        buffer.reserveCapacity(1 << 20)
    }

    /// Starts the checksummed body: what is written from here on counts in its length and CRC.
    mutating func startBody() {
        flush()
        inBody = true
    }

    /// Ends the body and returns its length and CRC-32.
    mutating func endBody() -> (UInt64, UInt32) {
        flush()
        inBody = false
        return (bodyLength, crc.checksum)
    }

    mutating func write(bytes: some Collection<UInt8>) {
        if inBody { bodyLength += UInt64(bytes.count) }
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { flush() }
    }

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { write(bytes: $0) }
    }

    mutating func write(string: String) {
        write(UInt64(string.utf8.count))
        write(bytes: Array(string.utf8))
    }

    mutating func write<E>(array: FrozenArray<E>) {
        write(UInt64(array.count))
        write(bytes: array.bytes)
    }

    private mutating func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { raw in
            if inBody { crc.update(raw) }
            var done = 0
            while done < raw.count && failure == nil {
                let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { failure = .io(path: path, reason: String(cString: strerror(errno))) } else { done += n }
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func finish() throws {
        flush()
        if let failure { throw failure }
        guard fsync(fd) == 0 else { throw SearchIndexError.io(path: path, reason: String(cString: strerror(errno))) }
        guard Glibc.close(fd) == 0 else { throw SearchIndexError.io(path: path, reason: String(cString: strerror(errno))) }
    }

    func close() { _ = Glibc.close(fd) }
}

/// Bounds-checked reader over the body of a snapshot file.
private struct ByteSource {
    let bytes: UnsafeRawBufferPointer
    let path: String
    var offset = 0

    var isAtEnd: Bool { offset == bytes.count }

    func damaged(_ reason: String) -> SearchIndexError { .corrupted(path: path, reason: reason) }

    mutating func read<T: FixedWidthInteger>(_: T.Type) throws -> T {
        guard offset + MemoryLayout<T>.size <= bytes.count else { throw damaged("the file ends early") }
        let v = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
        return T(littleEndian: v)
    }

    mutating func readCount(limit: Int) throws -> Int {
        let n = try read(UInt64.self)
        guard n <= UInt64(limit) else { throw damaged("a count of \(n) is out of range") }
        return Int(n)
    }

    mutating func readString() throws -> String {
        let n = try readCount(limit: 1 << 24)
        guard offset + n <= bytes.count else { throw damaged("the file ends early") }
        defer { offset += n }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)]), as: UTF8.self)
    }

    mutating func readArray<E: BitwiseCopyable>(_: E.Type, padding: Int = 0) throws -> FrozenArray<E> {
        let n = try readCount(limit: Int(UInt32.max) * 4)
        let size = n * MemoryLayout<E>.stride
        guard offset + size <= bytes.count else { throw damaged("the file ends early") }
        defer { offset += size }
        let source = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + size)])
        return FrozenArray(count: n, padding: padding) { destination in
            destination.copyMemory(from: source)
        }
    }
}
