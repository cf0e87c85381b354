import Foundation
import SciCore
import Testing
import TestSupport

@Suite("Configuration")
struct ConfigTests {
    @Test("defaults < file < environment < flags")
    func layers() throws {
        let folder = try TemporaryDirectory()
        let file = try folder.writeFile("config.toml", """
            # sci configuration
            [henry]
            host = "http://file:8000"
            cache = "/tmp/c"

            [dials]
            page_size = 500
            """)
        var config = try Config.load(
            defaults: ["henry": ["host": "http://localhost:8000", "verbose": false], "dials": ["retries": 3]],
            file: file, environment: ["SCI_HENRY_CACHE": "/env/cache", "SCI_DIALS_PAGE_SIZE": "50", "OTHER": "x"])
        config.set("henry.verbose", true, from: .flags)
        #expect(config.string("henry.host") == "http://file:8000")
        #expect(config.layer(of: "henry.host") == .file)
        #expect(config.string("henry.cache") == "/env/cache")
        #expect(config.int("dials.page_size") == 50)
        #expect(config.int("dials.retries") == 3)
        #expect(config.bool("henry.verbose") == true)
        config.set("henry.verbose", false, from: .defaults)
        #expect(config.bool("henry.verbose") == true)
    }

    @Test("TOML values of every kind")
    func toml() throws {
        let table = try TOMLParser.parse(#"""
            title = "sci" # comment
            'literal key' = 'C:\path'
            int = 1_000
            hex = 0xff
            float = -2.5e3
            flag = true
            date = 2026-11-23T10:00:00Z
            list = [1, 2,
              3,]
            inline = { a = 1, b.c = "d" }
            multi = """
            two
            lines"""
            [a.b]
            x = 1
            [[runs]]
            id = 1
            [[runs]]
            id = 2
            """#)
        #expect(table["title"] == "sci")
        #expect(table["literal key"] == #"C:\path"#)
        #expect(table["int"] == 1000)
        #expect(table["hex"] == 255)
        #expect(table["float"] == -2500.0)
        #expect(table["flag"] == true)
        #expect(table["date"] == "2026-11-23T10:00:00Z")
        #expect(table["list"] == [1, 2, 3])
        #expect(table["inline"] == ["a": 1, "b": ["c": "d"]])
        #expect(table["multi"] == "two\nlines")
        #expect(table["a"] == ["b": ["x": 1]])
        #expect(table["runs"] == [["id": 1], ["id": 2]])
    }

    @Test("a syntax error names the file, line and column", arguments: [
        ("a = 1\nb = \n", "line 2"), ("a = 1\na = 2\n", "defined twice"), ("[x\n", "expected ']'"),
        ("s = \"open\n", "not closed"), ("v = bare\n", "strings need quotes"),
    ])
    func syntaxErrors(text: String, expected: String) {
        do {
            _ = try TOMLParser.parse(text, name: "/etc/sci.toml")
            Issue.record("parsed malformed TOML")
        } catch let error as SciError {
            #expect(error.message.hasPrefix("/etc/sci.toml line "))
            #expect(error.message.contains(expected))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("an explicit config file that does not exist is an error; the default one may be absent")
    func missingFile() throws {
        #expect(errorMessage { try Config.load(file: "/no/such/config.toml", environment: [:]) } == "configuration file /no/such/config.toml does not exist")
        let folder = try TemporaryDirectory()
        let config = try Config.load(environment: ["XDG_CONFIG_HOME": folder.path])
        #expect(config.keys.isEmpty)
        #expect(Config.defaultFilePath(environment: ["XDG_CONFIG_HOME": "/x"]) == "/x/sci/config.toml")
        #expect(Config.defaultFilePath(environment: ["HOME": "/home/u"]) == "/home/u/.config/sci/config.toml")
    }

    @Test("a config file holding a credential must be readable by its owner only, and its secret is redacted")
    func credentialsNeedPrivateFile() throws {
        let folder = try TemporaryDirectory()
        let token = "tok-\(UUID().uuidString)"
        let file = try folder.writeFile("config.toml", "[dials]\ntoken = \"\(token)\"\n")
        chmod(file, 0o644)
        #expect(throws: FileError.insecurePermissions(file, mode: 0o644)) { try Config.load(file: file, environment: [:]) }
        chmod(file, 0o600)
        let config = try Config.load(file: file, environment: [:])
        #expect(config.string("dials.token") == token)
        #expect(Redactor.shared.redact("sent \(token)") == "sent <redacted>")
    }
}
