@testable import Butler
import Foundation
import Testing
import TestSupport

/// The where-language under random and mutated input, from fixed seeds: no input traps, crashes or hangs, and every
/// refusal is one `invalidExpression` error whose column lies inside the text (or just after it) and whose message
/// is one line.
@Suite struct WhereFuzzTests {
    static let seeds = [
        "instrument = 'X' AND exposure IN (1..2, 9) AND detector = 1",
        "exposure.timespan OVERLAPS (T'2026-01-01T00:05:10/tai', T'2026-01-01T00:06:45/tai')",
        "band = 'b1' OR NOT (exposure_time > 20 AND exposure / 2 = 1)", "GLOB(exposure.obs_id, 'e1*')",
        "raw.dataset_id != UUID('01a2046b-acc2-7c90-8000-000000000000')", "exposure IN (1..10:3) AND day_obs = 20260101",
        "exposure.timespan.begin < T'mjd/61041.5/tai' AND exposure.dark_time = NULL", "-1 < detector AND :e = exposure",
    ]
    /// Pieces mutations insert: operators, keywords, literals at the edges of their types, odd Unicode.
    static let pieces = [
        "(", ")", "((", "))", ",", "'", "T'", "..", ":", "-", "+", "*", "/", "%", "=", "!=", "<", ">=", "<>", "==", "\"",
        " AND ", " OR ", " NOT ", " IN ", " OVERLAPS ", "NULL", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "1e308", "1e400", "0.0", "1..", "..5", "5..1", "1..5:0", "T'nan'", "T'inf'",
        "T'99999-01-01'", "T'mjd/1e30'", "T'3000-01-01'", "UUID('zz')", "GLOB(", "exposure", "detector.full_name",
        "exposure.timespan", "band", ":e", ":missing", "é", "١٢٣", "½", "🙂", "\u{0}", "\u{200B}", "\u{FEFF}", "ℵ", "Ⅻ",
        "\n", "\t", "T'2026-01-01T00:00:00/xyz'", "x.y.z.w", "'\u{301}'",
    ]

    static func expectClean(_ expression: String, butler: Butler) {
        do {
            _ = try butler.registry.queryDatasets("raw", collections: ["r"], where: expression, bind: ["e": .int(1)])
        } catch let error as ButlerError {
            guard case .invalidExpression(_, _, let column) = error else {
                Issue.record("\(expression.debugDescription): \(error)")
                return
            }
            #expect(column >= 1 && column <= expression.count + 1, "\(expression.debugDescription): column \(column)")
            let message = error.sciError.message
            #expect(!message.contains("\n") || expression.contains("\n"), "\(expression.debugDescription): \(message)")
        } catch {
            Issue.record("\(expression.debugDescription): not a where-expression error: \(error)")
        }
    }

    @Test(arguments: RegistryEngine.available) func mutatedExpressionsNeverTrap(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try WhereSemanticsTests.makeRepository(folder, engine)
        var random = SeededRandom(seed: 18)
        for _ in 0..<1500 {
            var text = Array(Self.seeds.randomElement(using: &random)!)
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let position = Int.random(in: 0...text.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: text.insert(contentsOf: Self.pieces.randomElement(using: &random)!, at: position)
                case 1: if position < text.count { text.remove(at: position) }
                default:
                    let end = min(text.count, position + Int.random(in: 1...6, using: &random))
                    text.removeSubrange(position..<end)
                }
            }
            Self.expectClean(String(text), butler: butler)
        }
    }

    @Test(arguments: RegistryEngine.available) func randomTokenSoupNeverTraps(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try WhereSemanticsTests.makeRepository(folder, engine)
        var random = SeededRandom(seed: 4300)
        for _ in 0..<1500 {
            let count = Int.random(in: 1...12, using: &random)
            let text = (0..<count).map { _ in Self.pieces.randomElement(using: &random)! }.joined(separator: " ")
            Self.expectClean(text, butler: butler)
        }
        // Random code points, including unassigned and combining ones.
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<Int.random(in: 1...30, using: &random) {
                if let scalar = Unicode.Scalar(UInt32.random(in: 0...0x2FFFF, using: &random)) { text.unicodeScalars.append(scalar) }
            }
            Self.expectClean(text, butler: butler)
        }
    }

    @Test(arguments: RegistryEngine.available) func hugeAndDeepInputsAreRefusedOrAnswered(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try WhereSemanticsTests.makeRepository(folder, engine)
        let inputs = [
            String(repeating: "(", count: 100_000), String(repeating: "NOT ", count: 100_000) + "detector = 1",
            "detector = " + String(repeating: "-", count: 200_000) + "1", String(repeating: "((detector = 1)) AND ", count: 5000) + "exposure = 1",
            (0..<20_000).map { "exposure = \($0)" }.joined(separator: " OR "), "exposure IN (" + String(repeating: "1, ", count: 50_000) + "2)",
            "exposure = " + String(repeating: "9", count: 5000), "exposure = 1" + String(repeating: " * 2", count: 250),
            "exposure IN (" + String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300) + ")",
            String(repeating: "'", count: 10_001), String(repeating: "T'", count: 3000),
            "exposure IN (-9223372036854775808..9223372036854775807:9223372036854775807)", "exposure IN (9223372036854775807..-9223372036854775808)",
            "exposure + 9223372036854775807 * 9223372036854775807 > 0", "exposure % 0 = 1 OR exposure / 0 = 1",
        ]
        for input in inputs { Self.expectClean(input, butler: butler) }
    }
}
