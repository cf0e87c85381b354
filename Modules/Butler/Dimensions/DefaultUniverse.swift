/// The built-in dimension configuration, a subset of daf_butler's default universe (version 8) in its own format.
enum DefaultUniverse {
    // Kept as daf_butler writes it so the same reader loads both; combination elements are left out, and the
    // sky-pixel dimensions the `skypix` section names exist in every universe (DimensionUniverse.element).
    static let yaml = """
        version: 8
        namespace: daf_butler
        skypix:
          common: htm7
          htm: {class: lsst.sphgeom.HtmPixelization, max_level: 24}
          healpix: {class: lsst.sphgeom.HealpixPixelization, max_level: 17}
        elements:
          instrument:
            doc: An entity that produces observations.
            keys: [{name: name, type: string, length: 32}]
            metadata:
              - {name: visit_max, type: int}
              - {name: visit_system, type: int}
              - {name: exposure_max, type: int}
              - {name: detector_max, type: int}
              - {name: class_name, type: string, length: 64}
            governor: true
          band:
            doc: A filter that is not associated with a particular instrument.
            keys: [{name: name, type: string, length: 32}]
          physical_filter:
            doc: A filter associated with a particular instrument.
            keys: [{name: name, type: string, length: 32}]
            requires: [instrument]
            implies: [band]
          detector:
            doc: A detector associated with a particular instrument.
            keys: [{name: id, type: int}, {name: full_name, type: string, length: 32}]
            requires: [instrument]
            metadata:
              - {name: name_in_raft, type: string, length: 32}
              - {name: raft, type: string, length: 32}
              - {name: purpose, type: string, length: 32}
          day_obs:
            doc: A day and night of observations that rolls over during daylight hours.
            keys: [{name: id, type: int}]
            requires: [instrument]
          group:
            doc: A group of observations taken together.
            keys: [{name: name, type: string, length: 64}]
            requires: [instrument]
          exposure:
            doc: An observation associated with a particular instrument.
            keys: [{name: id, type: int}, {name: obs_id, type: string, length: 64}]
            requires: [instrument]
            implies: [physical_filter, day_obs, group]
            metadata:
              - {name: exposure_time, type: float}
              - {name: dark_time, type: float}
              - {name: observation_type, type: string, length: 16}
              - {name: observation_reason, type: string, length: 68}
              - {name: science_program, type: string, length: 64}
              - {name: target_name, type: string, length: 64}
              - {name: tracking_ra, type: float}
              - {name: tracking_dec, type: float}
              - {name: sky_angle, type: float}
              - {name: seq_num, type: int}
          visit:
            doc: A sequence of observations processed together.
            keys: [{name: id, type: int}, {name: name, type: string, length: 64}]
            requires: [instrument]
            implies: [physical_filter, day_obs]
            metadata:
              - {name: exposure_time, type: float}
              - {name: target_name, type: string, length: 64}
              - {name: observation_reason, type: string, length: 68}
              - {name: science_program, type: string, length: 64}
        topology:
          temporal:
            observation_timespans: [day_obs, exposure, visit]
          spatial:
            observation_regions: [visit]
        """
}
