import Foundation
import Testing
import TestSupport

@testable import SciCLI

@Suite struct ExternalPluginTests {
    @Test func findsExecutablesEarlierOnPathFirst() throws {
        let first = try TemporaryDirectory()
        let second = try TemporaryDirectory()
        try first.writeScript("sci-hello", "#!/bin/sh\n")
        try second.writeScript("sci-hello", "#!/bin/sh\n")
        try second.writeScript("sci-other", "#!/bin/sh\n")
        try second.writeFile("sci-data", "not executable")
        try second.writeScript("tool", "#!/bin/sh\n")
        let path = "\(first.path):\(second.path)"

        #expect(ExternalPlugin.find("hello", searchPath: path)?.path == "\(first.path)/sci-hello")
        #expect(ExternalPlugin.find("data", searchPath: path) == nil)
        #expect(ExternalPlugin.find("../tool", searchPath: path) == nil)
        #expect(ExternalPlugin.all(searchPath: path) == [
            ExternalPlugin(name: "hello", path: "\(first.path)/sci-hello"),
            ExternalPlugin(name: "other", path: "\(second.path)/sci-other"),
        ])
    }
}
