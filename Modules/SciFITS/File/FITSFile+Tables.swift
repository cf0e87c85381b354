internal import CFITSIO
import Foundation

extension FITSFile {
    /// Appends a binary table HDU called `name` with `columns` (all of one length) and extra header cards; returns
    /// its index. This is what FITS_LDAC catalogs for SCAMP are made of.
    @discardableResult
    public func appendTable(named name: String, columns: [FITSTableColumn], header: FITSHeader = FITSHeader()) throws -> Int {
        let action = "cannot write a table to"
        try requireWritable(action)
        let rows = columns.first?.values.count ?? 0
        if let odd = columns.first(where: { $0.values.count != rows }) {
            throw FITSError(action, path, .invalidHeader("column \(odd.name) has \(odd.values.count) rows, not \(rows)"))
        }
        let cards = header.cards.filter { $0.value == nil || !FITSFile.isStructural($0.keyword) }
        if let problem = cards.lazy.compactMap(FITSFile.problem(in:)).first {
            throw FITSError(action, path, .invalidHeader(problem))
        }
        // A binary table cannot be the primary HDU: give the file an empty one first.
        if try hduCount() == 0 { try appendHeaderOnly() }
        let handle = try move(to: try hduCount() - 1, action)
        var status: Int32 = 0
        try withCStrings(columns.map(\.name)) { types in
            try withCStrings(columns.map(\.values.form)) { forms in
                try withCStrings(columns.map { $0.unit ?? "" }) { units in
                    ffcrtb(handle, BINARY_TBL, 0, Int32(columns.count), types, forms, units, name, &status)
                    if status != 0 { throw failure(action, status) }
                }
            }
        }
        didAppendHDU(handle)
        for (offset, column) in columns.enumerated() {
            let number = Int32(offset + 1)
            if let dimensions = column.dimensions {
                var axes = dimensions
                ffptdm(handle, number, Int32(axes.count), &axes, &status)
            }
            guard rows > 0 else { continue }
            switch column.values {
            case .double(var values): ffpcld(handle, number, 1, 1, Int64(rows), &values, &status)
            case .float(var values): ffpcle(handle, number, 1, 1, Int64(rows), &values, &status)
            case .int16(var values): ffpcli(handle, number, 1, 1, Int64(rows), &values, &status)
            case .int32(let values):
                // cfitsio's J writer takes C longs.
                var wide = values.map(Int.init)
                ffpclj(handle, number, 1, 1, Int64(rows), &wide, &status)
            case .text(let values, _):
                withCStrings(values) { pointers in
                    _ = ffpcls(handle, number, 1, 1, Int64(rows), pointers, &status)
                }
            }
            if status != 0 { throw failure(action, status) }
        }
        for card in cards { try write(card, handle, update: false, action) }
        return try hduCount() - 1
    }
}

/// Calls `body` with a C array of C strings that live for the call; cfitsio takes `char **` for names and texts.
private func withCStrings<Result>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) throws -> Result) rethrows -> Result {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    return try pointers.withUnsafeMutableBufferPointer { try body($0.baseAddress!) }
}
