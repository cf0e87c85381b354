@testable import Butler
import Testing

@Suite struct WhereParserTests {
    private func parse(_ text: String) throws -> WhereExpression { try WhereExpression(parsing: text) }

    private func column(of text: String) -> Int? {
        do {
            _ = try parse(text)
            return nil
        } catch let ButlerError.invalidExpression(_, _, column) {
            return column
        } catch {
            return nil
        }
    }

    @Test func precedenceIsOrAndNotComparison() throws {
        let tree = try parse("(detector=2 OR detector=3) AND NOT observation > 2")
        guard case .binary("AND", .binary("OR", _, _, _), .unary("NOT", .binary(">", _, _, _), _), _) = tree else {
            Issue.record("unexpected tree \(tree)")
            return
        }
        guard case .binary("OR", _, .binary("AND", _, _, _), _) = try parse("a = 1 OR b = 2 AND c = 3") else {
            Issue.record("AND must bind tighter than OR")
            return
        }
    }

    @Test func arithmeticAndSigns() throws {
        guard case .binary("=", .identifier("observation", _), .binary("+", .literal(.int(-1), _), .literal(.int(4), _), _), _)
            = try parse("observation = -1 + 4")
        else {
            Issue.record("bad arithmetic")
            return
        }
        guard case .binary("=", .binary("%", _, _, _), _, _) = try parse("observation % 10 = 0") else {
            Issue.record("bad modulo")
            return
        }
    }

    @Test func inListsWithRangesAndStrides() throws {
        let tree = try parse("detector NOT IN (1..9) AND observation IN (2, 4..5, 1..10:2)")
        guard case .binary("AND", .isIn(_, let first, true, _), .isIn(_, let items, false, _), _) = tree else {
            Issue.record("unexpected tree \(tree)")
            return
        }
        #expect(first == [WhereInItem.range(start: 1, stop: 9, stride: 1)])
        let expected: [WhereInItem] = [
            .value(.literal(.int(2), column: 44)), .range(start: 4, stop: 5, stride: 1), .range(start: 1, stop: 10, stride: 2),
        ]
        #expect(items == expected)
    }

    @Test func literalsOfEveryKind() throws {
        guard case .binary("=", .identifier("instrument", _), .literal(.string("SPHEREx"), _), _) = try parse("instrument='SPHEREx'") else {
            Issue.record("string")
            return
        }
        guard case .binary(">", _, .literal(.float(1e10), _), _) = try parse("x > 1e10") else { Issue.record("1e10"); return }
        guard case .binary(">", _, .literal(.float(0.1e-10), _), _) = try parse("x > .1e-10") else { Issue.record(".1e-10"); return }
        guard case .binary("<", .identifier("observation.timespan.begin", _), .literal(.time(1_743_466_000_000_000_000), _), _)
            = try parse("observation.timespan.begin < T'2025-04-01T00:06:40/tai'")
        else { Issue.record("time"); return }
        guard case .binary("OVERLAPS", _, .literal(.time(let mjd), _), _) = try parse("observation.timespan OVERLAPS T'mjd/60766.0035/tai'") else {
            Issue.record("mjd")
            return
        }
        // The value daf_butler's TimeConverter gives (astropy keeps the day and its fraction apart, as sci does).
        #expect(mjd == 1_743_465_902_399_999_904)
        guard case .binary("=", _, .literal(.time(let utc), _), _) = try parse("t = T'2025-04-01 00:00:00'") else { Issue.record("utc"); return }
        #expect(utc == (1_743_465_600 + 37) * 1_000_000_000)
        guard case .binary("!=", _, .null(_), _) = try parse("observation.obs_name != NULL") else { Issue.record("null"); return }
        guard case .binary("=", _, .bind("obs", _), _) = try parse("observation = :obs") else { Issue.record("bind"); return }
        guard case .function("GLOB", let arguments, _) = try parse("glob(observation.obs_name, 'obs00001*')") else {
            Issue.record("glob")
            return
        }
        #expect(arguments.count == 2)
        guard case .binary("AND", _, _, _) = try parse("instrument = 'a' and detector in (1, 2)") else { Issue.record("lowercase"); return }
    }

    @Test func errorsPointAtTheColumn() {
        #expect(column(of: "detector <> 3") == 10)
        #expect(column(of: "instrument=\"SPHEREx\"") == 12)
        #expect(column(of: "detector = ") == 12)
        #expect(column(of: "detector IN (1, 2") == 18)
        #expect(column(of: "observation = 'abc") == 15)
        #expect(column(of: "detector = 1..3") == 12)
        #expect(column(of: "") == 1)
        #expect(column(of: "a = 1 b") == 7)
        #expect(column(of: "x = T'2025-13-01'") == 5)
    }

    @Test func errorMessageShowsWhere() {
        let error = ButlerError.invalidExpression("'<>' is not an operator here; use !=", expression: "detector <> 3", column: 10)
        #expect(error.sciError.message == "invalid where-expression at column 10 (near '<> 3'): '<>' is not an operator here; use !=")
        #expect(error.sciError.exitCode == 2)
    }
}
