@testable import Butler
import Foundation
import Testing

@Suite struct DatasetIdFactoryTests {
    @Test func sha1MatchesRFC3174Vectors() {
        func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        #expect(hex(SHA1.hash(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hex(SHA1.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
            == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(hex(SHA1.hash(Array(repeating: UInt8(ascii: "a"), count: 1_000_000))) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
        #expect(hex(SHA1.hash(Array(String(repeating: "0123456701234567012345670123456701234567012345670123456701234567", count: 10).utf8)))
            == "dea356a2cddd90c7a7ecedc5ebb563934f460452")
        #expect(hex(SHA1.hash([UInt8]())) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    }

    @Test func namespaceIsUUID5OfLsstOrg() {
        let dns = UUID(uuidString: "6ba7b810-9dad-11d1-80b4-00c04fd430c8")!
        #expect(DatasetIdFactory.uuid5(namespace: dns, name: "lsst.org") == DatasetIdFactory.namespace)
    }

    /// The ids the real butler gave for `ingest-files --id-generation-mode dataid_type_run` and `dataid_type`
    /// (reference/butler.md §1.5, checked byte for byte against lsst-daf-butler 30.2026.4300).
    @Test func deterministicIdsMatchTheRealButler() {
        let dataId: DataId = ["instrument": "SPHEREx", "detector": 1, "observation": 1]
        let withRun = DatasetIdFactory.makeId(datasetType: "spx_image", dataId: dataId, run: "r3", mode: .dataIdTypeRun)
        #expect(withRun.uuidString.lowercased() == "6fb52ee8-9943-5320-ac25-09e2fc61142a")
        #expect(withRun.lowercasedString == withRun.uuidString.lowercased())
        #expect(withRun.registryHex == withRun.uuidString.lowercased().replacingOccurrences(of: "-", with: ""))
        #expect(DatasetIdFactory.name(datasetType: "spx_image", run: "r3", dataId: dataId)
            == "dataset_type=spx_image,run=r3,detector=1,instrument=SPHEREx,observation=1")
        let withoutRun = DatasetIdFactory.makeId(datasetType: "spx_image", dataId: dataId, run: "r3", mode: .dataIdType)
        #expect(withoutRun == DatasetIdFactory.makeId(datasetType: "spx_image", dataId: dataId, run: "other", mode: .dataIdType))
        #expect(withoutRun != withRun)
    }

    @Test func uniqueIdsAreTimeOrderedVersion7() {
        let now = Date(timeIntervalSince1970: 1_743_465_720.123)
        let id = DatasetIdFactory.makeId(datasetType: "t", dataId: [:], run: "r", mode: .unique, now: now)
        let text = id.uuidString.lowercased()
        #expect(text.hasPrefix(String(1_743_465_720_123, radix: 16).leftPadded(12).prefix(8)))
        #expect(Array(text)[14] == "7")
        #expect(id != DatasetIdFactory.makeId(datasetType: "t", dataId: [:], run: "r", mode: .unique, now: now))
        #expect(UUID(registryHex: id.registryHex) == id)
        // The RFC 9562 variant (10xx), as daf_butler's ids built on uuid4 bytes have, also from the buffered generator
        // ingest uses: many ids, each with the version and variant, none repeated.
        var random = BufferedRandom()
        let many = (0..<2000).map { _ in
            DatasetIdFactory.makeId(datasetType: "t", dataId: [:], run: "r", mode: .unique, now: now, using: &random)
        } + [id]
        #expect(many.allSatisfy { "89ab".contains(Array($0.lowercasedString)[19]) && Array($0.lowercasedString)[14] == "7" })
        #expect(Set(many).count == many.count)
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
