@testable import Butler
import Foundation
import Testing

@Suite struct DatasetIdFactoryTests {
    @Test func uuid5MatchesPython() {
        // uuid.uuid5(uuid.NAMESPACE_DNS, "python.org"), the example in Python's documentation.
        let dns = UUID(uuidString: "6ba7b810-9dad-11d1-80b4-00c04fd430c8")!
        #expect(DatasetIdFactory.uuid5(namespace: dns, name: "python.org") == UUID(uuidString: "886313e1-3b8a-5372-9b90-0c9aee199e5d"))
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
