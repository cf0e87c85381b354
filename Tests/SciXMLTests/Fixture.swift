import Foundation

/// Paths of the files in Fixtures/, copied into the test bundle as they are.
enum Fixture {
    static func path(_ name: String) -> String {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Fixtures") else {
            fatalError("the test bundle has no Fixtures folder")
        }
        return folder.appendingPathComponent(name).path
    }
}
