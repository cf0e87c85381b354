import Foundation
import SciCore
import TestSupport
import Testing

@testable import Henry

@Suite struct HenrySettingsTests {
    @Test func readsHippoConfThenEnvironmentThenSciConfig() throws {
        let home = try TemporaryDirectory()
        _ = try home.writeFile(".hippo.conf", #"{"host": "https://hippo.example.org/", "verbose": true, "caches": [{"path": "/data/hippo"}], "default_readers": ["simonsobs"]}"#)
        var settings = try HenrySettings.load(environment: ["HOME": home.path, "XDG_CONFIG_HOME": home.file("config")])
        #expect(settings.host == "https://hippo.example.org")
        #expect(settings.verbose && settings.caches == ["/data/hippo"] && settings.defaultReaders == ["simonsobs"])
        #expect(settings.apiKey == nil && settings.isConfigured)
        settings = try HenrySettings.load(environment: ["HOME": home.path, "hippo_host": "http://other:1", "HIPPO_API_KEY": "k1"])
        #expect(settings.host == "http://other:1" && settings.apiKey?.reveal() == "k1")
        var config = Config()
        config.set("henry.host", "http://third:2", from: .file)
        settings = try HenrySettings.load(config: config, environment: ["HOME": home.path, "XDG_CONFIG_HOME": home.file("config")])
        #expect(settings.host == "http://third:2")
    }

    @Test func keysComeFromOwnerOnlyFiles() throws {
        let home = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: home.file("config/sci"), withIntermediateDirectories: true)
        let keyFile = try home.writeFile("config/sci/henry.key", "hippo_secret\n")
        chmod(keyFile, 0o644)
        #expect(errorMessage { try HenrySettings.load(environment: ["HOME": home.path, "XDG_CONFIG_HOME": home.file("config")]) } == "refusing to read secret file \(home.file("config"))/sci/henry.key: its mode 644 lets other users read it")
        chmod(keyFile, 0o600)
        let settings = try HenrySettings.load(environment: ["HOME": home.path, "XDG_CONFIG_HOME": home.file("config")])
        #expect(settings.apiKey?.reveal() == "hippo_secret")
        // hippoclient's token_tag names soauth's token file.
        _ = try home.writeFile(".hippo.conf", #"{"token_tag": "hippo"}"#)
        try FileManager.default.removeItem(atPath: keyFile)
        try FileManager.default.createDirectory(atPath: home.file(".config/soauth"), withIntermediateDirectories: true)
        let tokens = try home.writeFile(".config/soauth/hippo", #"{"access_token": "at-1", "refresh_token": "rt-1"}"#)
        chmod(tokens, 0o600)
        let tagged = try HenrySettings.load(environment: ["HOME": home.path, "XDG_CONFIG_HOME": home.file("config")])
        #expect(tagged.apiKey == nil && tagged.soauth?.file == tokens)
        #expect(tagged.soauth?.identityServer == SOAuthTokens.defaultIdentityServer)
    }

    @Test func malformedHippoConfIsOneClearError() throws {
        let home = try TemporaryDirectory()
        _ = try home.writeFile(".hippo.conf", "{not json")
        let error = try #require(throws: SciError.self) { try HenrySettings.load(environment: ["HOME": home.path]) }
        #expect(error.message.contains(".hippo.conf is not valid JSON"))
    }

    @Test func revisionLevelsFollowSemver() {
        #expect(RevisionLevel.major.revise("1.2.3") == "2.0.0")
        #expect(RevisionLevel.minor.revise("1.2.3") == "1.3.0")
        #expect(RevisionLevel.patch.revise("1.2.3") == "1.2.4")
        #expect(RevisionLevel.isOlder("1.10.0", than: "2.0.0") && !RevisionLevel.isOlder("1.10.0", than: "1.9.9"))
        #expect(Henry.slugify("ACTxPlanck DR6 f090 — coadd map!") == "actxplanck-dr6-f090-coadd-map")
    }
}
