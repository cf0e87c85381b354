import HippoServer
import Testing
import TestSupport

@Suite("The --database URL")
struct DatabaseURLTests {
    @Test("a URL holding a password is refused before any connection, and the message does not show it")
    func passwordInTheURLIsRefused() async throws {
        let scratch = try TemporaryDirectory()
        for url in ["postgresql://hippo:Sekrit-42@127.0.0.1:1/hippo", "postgresql://hippo@127.0.0.1:1/hippo?password=Sekrit-42"] {
            var configuration = HippoServerConfiguration(root: scratch.path)
            configuration.database = url
            let refusal = await errorMessage { try await HippoServer(configuration: configuration) }
            #expect(refusal?.contains("holds a password") == true)
            #expect(refusal?.contains("Sekrit-42") == false)
        }
    }
}
