#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only into memory.
///
/// The pages are shared with the page cache, so opening a large weights file costs no copy, and several
/// models opened from one file share its memory.
// @unchecked Sendable: the mapping is read-only (PROT_READ) for the object's whole life and only unmapped
// in `deinit`, so any number of threads may read `bytes` at once.
final class MappedFile: @unchecked Sendable {
    /// The path the file was opened by (used in error messages).
    let path: String
    /// The file's bytes; empty for an empty file.
    let bytes: UnsafeRawBufferPointer

    /// Maps the file at `path`.
    /// - Throws: `EmbeddingsError.io` naming the path and the system's reason.
    init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw EmbeddingsError.io(path: path, reason: Self.systemError()) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw EmbeddingsError.io(path: path, reason: Self.systemError()) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw EmbeddingsError.io(path: path, reason: "not a regular file")
        }
        let size = Int(info.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        #if os(Linux)
        // Fault every page in now, in one system call, rather than one fault per page on first use.
        let flags = MAP_PRIVATE | MAP_POPULATE
        #else
        let flags = MAP_PRIVATE
        #endif
        let address = mmap(nil, size, PROT_READ, flags, fd, 0)
        guard let address, address != MAP_FAILED else {
            throw EmbeddingsError.io(path: path, reason: "mmap failed: " + Self.systemError())
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }

    private static func systemError() -> String { String(cString: strerror(errno)) }
}
