import Foundation
import SciCore
import Testing

@Suite struct ISO8601Tests {
    static let instant = Date(timeIntervalSince1970: 1_700_000_000.25)

    @Test func writesUTCWithOrWithoutFractions() {
        #expect(ISO8601.string(Self.instant) == "2023-11-14T22:13:20Z")
        #expect(ISO8601.string(Self.instant, fractionalSeconds: true) == "2023-11-14T22:13:20.250Z")
        #expect(ISO8601.string(Self.instant, timeZone: TimeZone(secondsFromGMT: 3600)!) == "2023-11-14T23:13:20+01:00")
    }

    @Test func readsInstantsWithAZoneAndDatesWhenAsked() {
        #expect(ISO8601.date("2023-11-14T22:13:20Z") == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(ISO8601.date("2023-11-14T23:13:20+01:00") == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(ISO8601.date("2023-11-14T22:13:20.250Z") == Self.instant)
        #expect(ISO8601.date("2023-11-14", dateAlone: true) == Date(timeIntervalSince1970: 1_699_920_000))
        #expect(ISO8601.date("2023-11-14") == nil)
        // No zone: a different instant on every machine, so refused.
        #expect(ISO8601.date("2023-11-14T22:13:20", dateAlone: true) == nil)
        #expect(ISO8601.date("yesterday", dateAlone: true) == nil)
    }
}
