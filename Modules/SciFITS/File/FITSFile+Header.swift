internal import CFITSIO
import Foundation

extension FITSFile {
    /// The header of HDU `index` (0 is the primary HDU), long strings joined, HIERARCH prefixes removed.
    public func header(at index: Int = 0) throws -> FITSHeader {
        let action = "cannot read the header of HDU \(index) in"
        let handle = try move(to: index, action)
        var count: Int32 = 0
        var spare: Int32 = 0
        var status: Int32 = 0
        ffghsp(handle, &count, &spare, &status)
        var records: [String] = []
        var record = [CChar](repeating: 0, count: 128)
        for number in stride(from: Int32(1), through: count, by: 1) {
            ffgrec(handle, number, &record, &status)
            records.append(FITSFile.string(record))
        }
        if status != 0 { throw failure(action, status) }

        var cards: [HeaderCard] = []
        var keyword = [CChar](repeating: 0, count: 128)
        var valueText = [CChar](repeating: 0, count: 128)
        var comment = [CChar](repeating: 0, count: 128)
        var number = 0
        while number < records.count {
            let record = records[number]
            guard FITSFile.hasValue(record) else {
                cards.append(HeaderCard(commentary: CardText.trimTrailingSpaces(String(record.prefix(8))),
                                        text: CardText.trimTrailingSpaces(String(record.dropFirst(8)))))
                number += 1
                continue
            }
            ffgkyn(handle, Int32(number + 1), &keyword, &valueText, &comment, &status)
            if status != 0 { throw failure(action, status) }
            let text = FITSFile.string(valueText)
            var card = HeaderCard(FITSFile.string(keyword), CardText.value(from: text),
                                  comment: FITSFile.string(comment).trimmingCharacters(in: .whitespaces))
            // Long strings end in `&` and go on in CONTINUE cards; the comment sits on any of them.
            if var string = CardText.quoted(text[...])?.text {
                var comments = [card.comment]
                while CardText.trimTrailingSpaces(string).hasSuffix("&"), number + 1 < records.count,
                    let (more, moreComment) = CardText.continuation(records[number + 1])
                {
                    string = String(CardText.trimTrailingSpaces(string).dropLast()) + more
                    comments.append(moreComment)
                    number += 1
                }
                card.value = .string(CardText.trimTrailingSpaces(string))
                card.comment = comments.filter { !$0.isEmpty }.joined(separator: " ")
            }
            cards.append(card)
            number += 1
        }
        return FITSHeader(cards)
    }

    /// Sets a keyword in HDU `index`, replacing its first card or appending one. A nil comment keeps the existing
    /// comment. Keywords longer than 8 characters or with spaces are written as HIERARCH cards, strings longer
    /// than a card over CONTINUE cards.
    public func setValue(_ value: HeaderValue, forKey keyword: String, comment: String? = nil, inHDU index: Int = 0) throws {
        let action = "cannot change the header of HDU \(index) in"
        try requireWritable(action)
        try FITSFile.checkNotStructural(keyword, action, path)
        let comment = try comment ?? header(at: index).comment(forKey: keyword) ?? ""
        let handle = try move(to: index, action)
        try write(HeaderCard(keyword, value, comment: comment), handle, update: true, action)
    }

    /// Removes every card with this keyword from HDU `index`; false when there was none.
    @discardableResult
    public func removeValue(forKey keyword: String, inHDU index: Int = 0) throws -> Bool {
        let action = "cannot change the header of HDU \(index) in"
        try requireWritable(action)
        try FITSFile.checkNotStructural(keyword, action, path)
        let handle = try move(to: index, action)
        var removed = false
        while true {
            var status: Int32 = 0
            ffdkey(handle, keyword, &status)
            if status == KEY_NO_EXIST { ffcmsg(); return removed }
            if status != 0 { throw failure(action, status) }
            removed = true
        }
    }

    /// Appends a HISTORY card to HDU `index`; text longer than a card goes on over several.
    public func addHistory(_ text: String, inHDU index: Int = 0) throws {
        try append(.history(text), toHDU: index)
    }

    /// Appends a COMMENT card to HDU `index`; text longer than a card goes on over several.
    public func addComment(_ text: String, inHDU index: Int = 0) throws {
        try append(.comment(text), toHDU: index)
    }

    /// Appends any card to HDU `index`, even when its keyword is already present.
    public func append(_ card: HeaderCard, toHDU index: Int = 0) throws {
        let action = "cannot change the header of HDU \(index) in"
        try requireWritable(action)
        if card.value != nil { try FITSFile.checkNotStructural(card.keyword, action, path) }
        let handle = try move(to: index, action)
        try write(card, handle, update: false, action)
    }

    // MARK: Writing cards

    /// Keywords that describe the data layout: cfitsio writes them, and changing them would corrupt the file.
    static func isStructural(_ keyword: String) -> Bool {
        let key = keyword.uppercased()
        if ["SIMPLE", "XTENSION", "BITPIX", "NAXIS", "EXTEND", "PCOUNT", "GCOUNT", "TFIELDS", "THEAP", "END"].contains(key) {
            return true
        }
        for prefix in ["NAXIS", "TFORM", "TBCOL"] where key.hasPrefix(prefix) {
            if key.dropFirst(prefix.count).allSatisfy(\.isNumber) { return true }
        }
        return false
    }

    static func checkNotStructural(_ keyword: String, _ action: String, _ path: String) throws {
        guard isStructural(keyword) else { return }
        throw FITSError(action, path, .invalidHeader("\(keyword.uppercased()) describes the data layout and cannot be set by hand"))
    }

    /// Why a card cannot be written, or nil.
    static func problem(in card: HeaderCard) -> String? {
        if let problem = CardText.problem(inKeyword: card.keyword) { return problem }
        if let problem = CardText.problem(inText: card.comment, what: "the comment of \(card.keyword)") { return problem }
        switch card.value {
        case .string(let text)?:
            if let problem = CardText.problem(inText: text, what: "the value of \(card.keyword)") { return problem }
            // cfitsio writes CONTINUE cards after a HIERARCH keyword without the `&` that announces them.
            let quoted = 2 + max(8, text.count + text.filter { $0 == "'" }.count)
            if card.isHierarch, 9 + card.keyword.count + 3 + quoted > 80 {
                return "the string value of HIERARCH keyword '\(card.keyword)' does not fit on one card; "
                    + "long strings need a keyword of 8 characters or fewer"
            }
        case .double(let value)?:
            if !value.isFinite { return "\(card.keyword) is \(value), which FITS headers cannot hold" }
        case .complex(let real, let imaginary)?:
            if !real.isFinite || !imaginary.isFinite { return "\(card.keyword) is not finite, which FITS headers cannot hold" }
        default:
            break
        }
        return nil
    }

    /// Writes one card to the current HDU, replacing the keyword's first card when `update` is set.
    func write(_ card: HeaderCard, _ handle: UnsafeMutablePointer<fitsfile>, update: Bool, _ action: String) throws {
        if let problem = FITSFile.problem(in: card) { throw FITSError(action, path, .invalidHeader(problem)) }
        let key = card.keyword
        let comment = card.comment
        var status: Int32 = 0
        switch card.value {
        case nil:
            switch key.uppercased() {
            case "HISTORY": ffphis(handle, comment, &status)
            case "COMMENT": ffpcom(handle, comment, &status)
            default:
                // Other commentary keywords (blank, or anything without `= `) go in verbatim, 72 characters a card.
                let name = key.uppercased().padding(toLength: 8, withPad: " ", startingAt: 0)
                var rest = Substring(comment)
                repeat {
                    ffprec(handle, name + rest.prefix(72), &status)
                    rest = rest.dropFirst(72)
                } while !rest.isEmpty && status == 0
            }
        case .string(let text)?:
            switch (update, card.isHierarch) {
            case (true, true): ffukys(handle, key, text, comment, &status)
            case (true, false): ffukls(handle, key, text, comment, &status)
            case (false, true): ffpkys(handle, key, text, comment, &status)
            case (false, false): ffpkls(handle, key, text, comment, &status)
            }
        case .integer(let value)?:
            if update { ffukyj(handle, key, Int64(value), comment, &status) } else { ffpkyj(handle, key, Int64(value), comment, &status) }
        case .double(let value)?:
            // A negative precision asks cfitsio for %G with that many digits: the shortest text that reads back exactly.
            let digits = -CardText.significantDigits(of: value)
            if update { ffukyd(handle, key, value, digits, comment, &status) } else { ffpkyd(handle, key, value, digits, comment, &status) }
        case .bool(let value)?:
            if update { ffukyl(handle, key, value ? 1 : 0, comment, &status) } else { ffpkyl(handle, key, value ? 1 : 0, comment, &status) }
        case .complex(let real, let imaginary)?:
            var pair = [real, imaginary]
            let digits = -max(CardText.significantDigits(of: real), CardText.significantDigits(of: imaginary))
            if update { ffukym(handle, key, &pair, digits, comment, &status) } else { ffpkym(handle, key, &pair, digits, comment, &status) }
        case .undefined?:
            if update { ffukyu(handle, key, comment, &status) } else { ffpkyu(handle, key, comment, &status) }
        }
        if status != 0 { throw failure(action, status) }
        // cfitsio stacks a warning for one-word HIERARCH keywords even though it writes them fine.
        ffcmsg()
    }

    /// True for a card with a value indicator: `= ` in columns 9–10, or a HIERARCH card.
    static func hasValue(_ record: String) -> Bool {
        if record.hasPrefix("HIERARCH ") { return record.contains("=") }
        let bytes = Array(record.utf8)
        return bytes.count >= 10 && bytes[8] == UInt8(ascii: "=") && bytes[9] == UInt8(ascii: " ")
    }
}
