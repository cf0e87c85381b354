import Foundation

/// The path of a file in the test target's Fixtures folder.
func fixture(_ name: String) throws -> String {
    let url = URL(fileURLWithPath: name)
    guard let found = Bundle.module.url(forResource: url.deletingPathExtension().lastPathComponent,
                                        withExtension: url.pathExtension, subdirectory: "Fixtures")
    else { throw CocoaError(.fileNoSuchFile) }
    return found.path
}
