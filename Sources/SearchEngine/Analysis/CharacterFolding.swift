/// Folds Latin letters with diacritics to plain ASCII (`é` → `e`, `ß` → `ss`, `Ø` → `o`), like
/// Lucene's ASCIIFoldingFilter for the Latin-1 Supplement and Latin Extended-A/B blocks.
enum CharacterFolding {
    /// First code point covered by the table.
    static let first: UInt32 = 0xC0
    /// One past the last code point covered by the table.
    static let end: UInt32 = 0x250

    /// Folded lower-case ASCII bytes for each code point in `first..<end`; empty where the letter has no ASCII form.
    static let table: [[UInt8]] = {
        let spec = "a,a,a,a,a,a,ae,c,e,e,e,e,i,i,i,i,d,n,o,o,o,o,o,,o,u,u,u,u,y,th,ss,a,a,a,a,a,a,ae,c,e,e,e,e,i,i,i,i,d,n,o,o,o,o,o,,o,u,u,u,u,y,th,y,a,a,a,a,a,a,c,c,c,c,c,c,c,c,d,d,d,d,e,e,e,e,e,e,e,e,e,e,g,g,g,g,g,g,g,g,h,h,h,h,i,i,i,i,i,i,i,i,i,i,ij,ij,j,j,k,k,k,l,l,l,l,l,l,,,l,l,n,n,n,n,n,n,,n,n,o,o,o,o,o,o,oe,oe,r,r,r,r,r,r,s,s,s,s,s,s,s,s,t,t,t,t,t,t,u,u,u,u,u,u,u,u,u,u,u,u,w,w,y,y,y,z,z,z,z,z,z,s,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,o,o,,,,,,,,,,,,,,u,u,,,,,,,,,,,,,,,,,,,,dz,dz,dz,lj,lj,lj,nj,nj,nj,a,a,i,i,o,o,u,u,u,u,u,u,u,u,u,u,,a,a,a,a,,,,,g,g,k,k,o,o,o,o,,,j,dz,dz,dz,g,g,,,n,n,a,a,,,,,a,a,a,a,e,e,e,e,i,i,i,i,o,o,o,o,r,r,r,r,u,u,u,u,s,s,t,t,,,h,h,,,,,,,a,a,e,e,o,o,o,o,o,o,o,o,y,y,,,,,,,,,,,,,,,,,,,,,,,,,,,,"
        return spec.split(separator: ",", omittingEmptySubsequences: false).map { Array($0.utf8) }
    }()

    /// The ASCII folding of `scalar`, or `nil` when the table has none.
    @inline(__always) static func fold(_ scalar: UInt32) -> [UInt8]? {
        guard scalar >= first, scalar < end else { return nil }
        let folded = table[Int(scalar - first)]
        return folded.isEmpty ? nil : folded
    }

    /// Whether `scalar` is a combining diacritical mark, dropped by folding (NFD-decomposed accents).
    @inline(__always) static func isCombiningMark(_ scalar: UInt32) -> Bool {
        (0x300...0x36F).contains(scalar) || (0x1AB0...0x1AFF).contains(scalar)
            || (0x1DC0...0x1DFF).contains(scalar) || (0x20D0...0x20FF).contains(scalar)
            || (0xFE20...0xFE2F).contains(scalar)
    }
}
