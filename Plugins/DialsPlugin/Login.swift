import ArgumentParser
import Dials
import Foundation
import SciCLI

extension DialsCommand {
    /// `sci dials login`: the device authorization flow, cached where cmsdials caches it.
    struct Login: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "login",
            abstract: "Log in through your browser (device flow) and cache the credentials as cmsdials does.",
            discussion: """
                The credentials go to ./.cache/creds (mode 0600), \
                the file cmsdials' Credentials.from_creds_file() reads.

                Examples:
                  sci dials login
                  sci dials login --cache-dir ~/.cache/dials
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var dials: DialsOptions

        func run() async throws {
            let settings = try dials.settings(config: try globals.loadConfig())
            let auth = settings.authClient
            let device = try await auth.startDevice()
            FileHandle.standardError.write(Data("""
                Open this page and approve the login (it expires in \(device.expiresIn) s):
                  \(device.verificationURIComplete)

                """.utf8))
            let token = try await auth.waitForApproval(device)
            let file = DeviceToken.cacheFile(in: settings.cacheDirectory)
            try token.write(to: file)
            FileHandle.standardError.write(Data("Logged in; credentials cached in \(file)\n".utf8))
        }
    }
}
