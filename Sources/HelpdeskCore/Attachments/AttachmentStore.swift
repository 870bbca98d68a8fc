import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much a message may carry.
public struct AttachmentLimits: Sendable, Hashable {
    /// The largest file, in bytes (10 MiB by default).
    public var maxFileBytes: Int
    /// The most bytes of files on one message (25 MiB by default).
    public var maxMessageBytes: Int
    /// The most files on one message (10 by default).
    public var maxFiles: Int

    /// The longest file name kept, in characters; longer names are shortened, keeping their extension.
    public static let maxFileNameLength = 150

    /// Creates limits; every parameter has the production default.
    public init(maxFileBytes: Int = 10 << 20, maxMessageBytes: Int = 25 << 20, maxFiles: Int = 10) {
        self.maxFileBytes = max(1, maxFileBytes)
        self.maxMessageBytes = max(1, maxMessageBytes)
        self.maxFiles = max(0, maxFiles)
    }

    /// A size as an option gives it: bytes ("1048576"), or a number of KiB or MiB ("512K", "10M", "10MiB");
    /// nil for anything else or a size outside 1 byte to 1 GiB.
    public static func byteCount(_ text: String) -> Int? {
        var digits = text.trimmingCharacters(in: .whitespaces).uppercased()
        var unit = 1
        for (suffix, factor) in [("MIB", 1 << 20), ("KIB", 1 << 10), ("MB", 1 << 20), ("KB", 1 << 10), ("M", 1 << 20), ("K", 1 << 10)]
        where digits.hasSuffix(suffix) {
            digits.removeLast(suffix.count)
            unit = factor
            break
        }
        guard let number = Int(digits), number > 0, number <= (1 << 30) / unit else { return nil }
        return number * unit
    }

    /// `bytes` for people: "10 MiB", "512 KiB", "100 bytes".
    public static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 20 { return String(format: "%.1f MiB", Double(bytes) / Double(1 << 20)) }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        if bytes >= 1 << 10 { return String(format: "%.1f KiB", Double(bytes) / Double(1 << 10)) }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }
}

/// A file received into the store's staging folder, hashed and typed, not yet in place.
public struct StagedAttachment: Sendable, Hashable {
    /// The temporary file.
    public let temporaryPath: String
    /// Hex SHA-256 of the content.
    public let sha256: String
    /// Bytes.
    public let size: Int
    /// The type sniffed from the content (`ContentSniffer`).
    public let contentType: String
    /// The sanitised name the client gave.
    public let fileName: String
}

/// A file durably in place in the store: the only value the database accepts as an attachment, so no attachment row
/// can be written for a file that is not on disk (only `AttachmentStore.commit` makes one).
public struct StoredAttachment: Sendable, Hashable {
    /// Hex SHA-256 of the content, the file's name in the store.
    public let sha256: String
    /// Bytes.
    public let size: Int
    /// The sniffed media type.
    public let contentType: String
    /// The sanitised name the client gave.
    public let fileName: String

    init(sha256: String, size: Int, contentType: String, fileName: String) {
        self.sha256 = sha256
        self.size = size
        self.contentType = contentType
        self.fileName = fileName
    }
}

/// Uploaded files, content-addressed under one folder: `<folder>/<first two hex digits>/<sha256>`, with partial
/// uploads in `<folder>/incoming/`.
///
/// Crash safety: a file is written to `incoming/`, synced, renamed into place and its folder synced (`commit`) before
/// the database transaction that records it starts; a crash in between leaves an orphan file, never a row without its
/// file. `removeOrphans` deletes files no row names (run at start).
public final class AttachmentStore: Sendable {
    /// The store's folder.
    public let folder: String
    /// The limits uploads are held to.
    public let limits: AttachmentLimits

    /// Opens the store in `folder`, which is created with the first upload.
    public init(folder: String, limits: AttachmentLimits = AttachmentLimits()) {
        self.folder = folder
        self.limits = limits
    }

    /// The staging folder.
    var incoming: String { folder + "/incoming" }

    /// The path of the stored file with `sha256` (which must be 64 lower-case hex digits).
    public func path(sha256: String) -> String {
        precondition(Self.isDigest(sha256), "not a SHA-256 digest")
        return folder + "/" + sha256.prefix(2) + "/" + sha256
    }

    /// The path of the stored file with `sha256`, if that is a digest and the file exists.
    public func existingPath(sha256: String) -> String? {
        guard Self.isDigest(sha256) else { return nil }
        let path = path(sha256: sha256)
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Whether `text` is 64 lower-case hex digits.
    static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Starts receiving a file named `fileName` (as the client sent it; sanitised here).
    /// - Throws: when the staging file cannot be created.
    public func receive(fileName: String) throws -> AttachmentWriter {
        try FileManager.default.createDirectory(atPath: incoming, withIntermediateDirectories: true)
        return try AttachmentWriter(
            path: incoming + "/" + UUID().uuidString.lowercased() + ".part",
            fileName: Self.sanitisedFileName(fileName),
            maxBytes: limits.maxFileBytes
        )
    }

    /// Puts staged files in place: each is synced, renamed to its digest (a file already there with the same digest is
    /// kept and the copy dropped) and its folder synced. Blocking: call it off the event loop.
    /// - Returns: the stored files, in order, for the database to record.
    /// - Throws: when a file cannot be synced or moved; files already in place stay (orphans until recorded).
    public func commit(_ files: [StagedAttachment]) throws -> [StoredAttachment] {
        var stored: [StoredAttachment] = []
        for file in files {
            precondition(file.temporaryPath.hasPrefix(incoming + "/"), "not a staged file of this store")
            let target = path(sha256: file.sha256)
            let targetFolder = String(target.dropLast(file.sha256.count + 1))
            try FileManager.default.createDirectory(atPath: targetFolder, withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: target) {
                unlink(file.temporaryPath)
            } else {
                try Self.sync(path: file.temporaryPath)
                guard rename(file.temporaryPath, target) == 0 else { throw Self.failure("rename", file.temporaryPath) }
                try Self.sync(path: targetFolder)
            }
            stored.append(
                StoredAttachment(sha256: file.sha256, size: file.size, contentType: file.contentType, fileName: file.fileName))
        }
        return stored
    }

    /// Deletes staged files that will not be committed (a refused or failed request); missing files are ignored.
    public func discard(_ files: [StagedAttachment]) {
        for file in files where file.temporaryPath.hasPrefix(incoming + "/") { unlink(file.temporaryPath) }
    }

    /// Deletes stored files whose digest is not in `referenced`, and staging files, when older than `cutoff` (so a
    /// request that is between `commit` and its transaction keeps its files).
    /// - Returns: how many files were deleted.
    @discardableResult
    public func removeOrphans(referenced: Set<String>, olderThan cutoff: Date) -> Int {
        let manager = FileManager.default
        var removed = 0
        func isOld(_ path: String) -> Bool {
            guard let modified = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date else { return false }
            return modified < cutoff
        }
        for name in (try? manager.contentsOfDirectory(atPath: incoming)) ?? [] where isOld(incoming + "/" + name) {
            if unlink(incoming + "/" + name) == 0 { removed += 1 }
        }
        for shard in (try? manager.contentsOfDirectory(atPath: folder)) ?? [] where shard.utf8.count == 2 {
            for name in (try? manager.contentsOfDirectory(atPath: folder + "/" + shard)) ?? []
            where Self.isDigest(name) && name.hasPrefix(shard) && !referenced.contains(name) {
                let path = folder + "/" + shard + "/" + name
                if isOld(path), unlink(path) == 0 { removed += 1 }
            }
        }
        return removed
    }

    /// A name safe to store and show: the last path component, without control characters, at most
    /// `AttachmentLimits.maxFileNameLength` characters (the extension kept); "attachment" when nothing is left.
    public static func sanitisedFileName(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var name = String(
            String.UnicodeScalarView(
                last.unicodeScalars.filter { scalar in
                    !(scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
                        || scalar.properties.generalCategory == .lineSeparator
                        || scalar.properties.generalCategory == .paragraphSeparator)
                }))
        name = name.trimmingCharacters(in: .whitespaces)
        while name.hasPrefix(".") { name.removeFirst() }
        if name.count > AttachmentLimits.maxFileNameLength {
            let dot = name.lastIndex(of: ".")
            let ext = dot.map { String(name[$0...]) }.flatMap { $0.count <= 16 ? $0 : nil } ?? ""
            name = String(name.prefix(AttachmentLimits.maxFileNameLength - ext.count)) + ext
        }
        return name.isEmpty ? "attachment" : name
    }

    /// fsync of a file or folder.
    static func sync(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw failure("open", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure("fsync", path) }
    }

    static func failure(_ operation: String, _ path: String) -> AttachmentStoreError {
        AttachmentStoreError(description: "\(operation) \(path): \(String(cString: strerror(errno)))")
    }
}

/// A file operation of the store failed.
public struct AttachmentStoreError: Error, Sendable, CustomStringConvertible {
    /// What failed, with the path and the system's reason.
    public let description: String
}

/// Receives one upload chunk by chunk into the staging folder, hashing and counting as it goes; past the file limit it
/// keeps counting but writes no more (the caller refuses the request).
///
/// Used by one request at a time, so not `Sendable`.
public final class AttachmentWriter {
    /// The sanitised name.
    public let fileName: String
    /// The staging file.
    let path: String
    /// The file limit.
    let maxBytes: Int
    private var fd: Int32
    private var hasher = Crypto.SHA256()
    private var head: [UInt8] = []
    /// Bytes received so far (also past the limit).
    public private(set) var size = 0

    init(path: String, fileName: String, maxBytes: Int) throws {
        self.path = path
        self.fileName = fileName
        self.maxBytes = maxBytes
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw AttachmentStore.failure("open", path) }
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Whether more bytes arrived than a file may have.
    public var isTooLarge: Bool { size > maxBytes }

    /// Appends `bytes`.
    /// - Throws: when the disk refuses them.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        size += bytes.count
        guard !isTooLarge, bytes.count > 0, fd >= 0 else { return }
        if head.count < ContentSniffer.headLength {
            head += bytes.prefix(ContentSniffer.headLength - head.count)
        }
        hasher.update(bufferPointer: bytes)
        var done = 0
        while done < bytes.count {
            let n = systemWrite(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw AttachmentStore.failure("write", path) }
            done += n
        }
    }

    /// Closes the file and describes it (not yet synced or in place: `AttachmentStore.commit` does that).
    /// - Throws: when the file cannot be closed.
    public func finish() throws -> StagedAttachment {
        let descriptor = fd
        fd = -1
        guard close(descriptor) == 0 else { throw AttachmentStore.failure("close", path) }
        let digest = hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
        return StagedAttachment(
            temporaryPath: path,
            sha256: digest,
            size: size,
            contentType: ContentSniffer.sniff(head, isComplete: size <= head.count),
            fileName: fileName
        )
    }

    /// Closes and deletes the staging file.
    public func abandon() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        unlink(path)
    }
}

/// `write(2)`, named apart from the writer's own `write`.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, bytes, count)
    #else
    Darwin.write(fd, bytes, count)
    #endif
}
