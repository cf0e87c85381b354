"""Differential test of `sci butler` against lsst-daf-butler: the same repository in both, random well-typed (and some
ill-typed) where-expressions from a fixed seed, and for each one the same accept/reject decision and the same UUIDs.

Run with the peer venv's python:
  butler-differential.py build WORK EXPOSURES DETECTORS   the real repository WORK/peer, files, and CSVs for sci
  butler-differential.py generate WORK SEED COUNT          WORK/expressions.jsonl
  butler-differential.py peer WORK                         WORK/peer.jsonl: each expression through butler.query_datasets
  butler-differential.py sci WORK SCI                      WORK/sci.jsonl: each through `sci butler query-datasets`
  butler-differential.py compare WORK                      prints differences; exit 1 if any
The real butler's queries run in this one process through its Python API (each CLI call costs 2 s of start-up).
"""

import hashlib
import json
import os
import random
import subprocess
import sys
import time
import uuid

INSTRUMENT = "X"
FILTERS = {"f1": "b1", "f2": "b2", "f3": "b3", "f4": "b3"}
DAYS = [20260101 + d for d in range(10)]
GROUPS = [f"g{g}" for g in range(1, 51)]
TYPES = ["science", "dark", "flat", None]
# 2026-01-01T00:00:00 TAI; exposure e is [start + 60 e s, start + 60 e s + 30 s).
START_MJD = 61041.0
NS = uuid.UUID("840b31d9-05cd-5161-b2c8-00d32b280d0f")


def exposure_row(e):
    return {
        "id": e,
        "obs_id": f"e{e:05d}",
        "physical_filter": sorted(FILTERS)[e % 4],
        "day_obs": DAYS[e % len(DAYS)],
        "group": GROUPS[e % len(GROUPS)],
        "exposure_time": [7.5, 15.0, 30.0, 60.0, 120.0][e % 5],
        "dark_time": None if e % 7 == 0 else float(e % 13) * 0.5,
        "observation_type": TYPES[e % 4],
        "seq_num": e % 100,
    }


def build(work, exposures, detectors):
    import astropy.time
    from lsst.daf.butler import Butler, DatasetIdGenEnum, DatasetRef, DatasetType, FileDataset, Timespan

    started = time.time()
    root = os.path.join(work, "peer")
    Butler.makeRepo(root)
    butler = Butler.from_config(root, writeable=True)
    registry = butler.registry
    registry.insertDimensionData("instrument", {"name": INSTRUMENT, "detector_max": detectors})
    # `band` is a view of physical_filter in daf_butler: its records come from the filters' (sci keeps a table).
    registry.insertDimensionData(
        "physical_filter", *[{"instrument": INSTRUMENT, "name": f, "band": b} for f, b in sorted(FILTERS.items())]
    )
    registry.insertDimensionData("day_obs", *[{"instrument": INSTRUMENT, "id": d} for d in DAYS])
    registry.insertDimensionData("group", *[{"instrument": INSTRUMENT, "name": g} for g in GROUPS])
    registry.insertDimensionData(
        "detector", *[{"instrument": INSTRUMENT, "id": d, "full_name": f"D{d:02d}"} for d in range(1, detectors + 1)]
    )
    start = astropy.time.Time(START_MJD, format="mjd", scale="tai")
    second = astropy.time.TimeDelta(1.0, format="sec")
    rows = []
    for e in range(1, exposures + 1):
        row = exposure_row(e)
        span = Timespan(start + 60 * e * second, start + (60 * e + 30) * second)
        rows.append((row, span))
    registry.insertDimensionData(
        "exposure", *[dict(row, instrument=INSTRUMENT, timespan=span) for row, span in rows]
    )
    records = os.path.join(work, "records")
    os.makedirs(records, exist_ok=True)

    def csv(name, header, lines):
        with open(os.path.join(records, name + ".csv"), "w") as out:
            out.write(",".join(header) + "\n")
            for line in lines:
                out.write(",".join("" if v is None else str(v) for v in line) + "\n")

    csv("instrument", ["name", "detector_max"], [[INSTRUMENT, detectors]])
    csv("band", ["name"], [[b] for b in sorted(set(FILTERS.values()))])
    csv("physical_filter", ["instrument", "name", "band"], [[INSTRUMENT, f, b] for f, b in sorted(FILTERS.items())])
    csv("day_obs", ["instrument", "id"], [[INSTRUMENT, d] for d in DAYS])
    csv("group", ["instrument", "name"], [[INSTRUMENT, g] for g in GROUPS])
    csv("detector", ["instrument", "id", "full_name"], [[INSTRUMENT, d, f"D{d:02d}"] for d in range(1, detectors + 1)])
    fields = list(exposure_row(1))
    csv(
        "exposure",
        ["instrument"] + fields + ["timespan_begin", "timespan_end"],
        [[INSTRUMENT] + [row[f] for f in fields] + list(span.nsec) for row, span in rows],
    )

    dataset_type = DatasetType("raw", ["instrument", "exposure", "detector"], "StructuredDataDict", universe=butler.dimensions)
    registry.registerDatasetType(dataset_type)
    registry.registerRun("r")
    files = os.path.join(work, "files")
    os.makedirs(files, exist_ok=True)
    datasets = []
    with open(os.path.join(work, "ingest.csv"), "w") as table:
        table.write("file,exposure,detector\n")
        for e in range(1, exposures + 1):
            for d in range(1, detectors + 1):
                path = os.path.join(files, f"raw_{e}_{d}.yaml")
                with open(path, "w") as f:
                    f.write(f"exposure: {e}\ndetector: {d}\n")
                table.write(f"{path},{e},{d}\n")
                ref = DatasetRef(
                    dataset_type,
                    {"instrument": INSTRUMENT, "exposure": e, "detector": d},
                    run="r",
                    id_generation_mode=DatasetIdGenEnum.DATAID_TYPE_RUN,
                )
                datasets.append(FileDataset(path=path, refs=[ref]))
    butler.ingest(*datasets, transfer="direct")
    print(f"the real butler built {exposures * detectors} datasets in {time.time() - started:.1f} s", file=sys.stderr)


class Generator:
    """Random where-expressions over the repository `build` makes, typed by the default universe."""

    INT_COLUMNS = ["exposure", "detector", "day_obs", "exposure.id", "detector.id", "exposure.seq_num"]
    STRING_COLUMNS = {
        "physical_filter": sorted(FILTERS),
        "band": sorted(set(FILTERS.values())),
        "group": GROUPS,
        "exposure.physical_filter": sorted(FILTERS),
        "exposure.obs_id": None,
        "detector.full_name": None,
        "exposure.observation_type": [t for t in TYPES if t],
        "raw.run": ["r", "other"],
    }
    FLOAT_COLUMNS = ["exposure_time", "exposure.exposure_time", "exposure.dark_time"]
    TIME_COLUMNS = ["exposure.timespan.begin", "exposure.timespan.end"]

    def __init__(self, seed, exposures, detectors):
        self.random = random.Random(seed)
        self.exposures = exposures
        self.detectors = detectors
        self.bind = {}

    def pick(self, items):
        return self.random.choice(items)

    def int_value(self, column):
        r = self.random
        if column in ("detector", "detector.id"):
            return r.randint(0, self.detectors + 1)
        if column == "day_obs":
            return self.pick(DAYS + [20251231, 20260200])
        if column == "exposure.seq_num":
            return r.randint(0, 100)
        return r.randint(-5, self.exposures + 5)

    def string_value(self, column):
        values = self.STRING_COLUMNS[column]
        if column == "exposure.obs_id":
            return f"e{self.random.randint(1, self.exposures):05d}"
        if column == "detector.full_name":
            return f"D{self.random.randint(1, self.detectors):02d}"
        return self.pick(values + ["nope"])

    def time_literal(self):
        r = self.random
        minutes = r.uniform(-10, self.exposures + 10)
        seconds = int(minutes * 60)
        day, rest = divmod(seconds, 86400)
        if r.random() < 0.05:
            return self.pick(["T'1960-01-01T00:00:00'", "T'2200-06-01 00:00:00'", "T'2101-01-01T00:00:00/tai'"])
        iso = f"2026-01-{1 + day:02d}T{rest // 3600:02d}:{rest % 3600 // 60:02d}:{rest % 60:02d}" if 0 <= day < 28 else "2026-01-01T00:00:00"
        form = r.randrange(4)
        if form == 0:
            return f"T'{iso}/tai'"
        if form == 1:
            return f"T'{iso.replace('T', ' ')}'"  # UTC
        if form == 2:
            return f"T'{START_MJD + seconds / 86400:.6f}'"
        return f"T'mjd/{START_MJD + seconds / 86400:.6f}/tai'"

    def int_expression(self, depth):
        r = self.random
        choice = r.random()
        if depth > 0 and choice < 0.2:
            op = self.pick(["+", "-", "*", "%", "/"])
            left = self.int_expression(depth - 1)
            right = str(r.randint(1, 7)) if op in "%/" else self.int_expression(depth - 1)
            return f"({left} {op} {right})" if r.random() < 0.5 else f"{left} {op} {right}"
        if choice < 0.25:
            return f"-{self.pick(self.INT_COLUMNS)}"
        if choice < 0.3:
            name = f"i{len(self.bind)}"
            self.bind[name] = r.randint(1, self.exposures)
            return f":{name}"
        return self.pick(self.INT_COLUMNS)

    def comparison(self):
        r = self.random
        kind = r.random()
        op = self.pick(["=", "!=", "<", "<=", ">", ">="])
        if kind < 0.4:
            column = self.pick(self.INT_COLUMNS)
            left = self.int_expression(1) if r.random() < 0.3 else column
            value = self.int_value(column)
            right = f"{value}" if r.random() < 0.9 else f"{value}.5"
            return f"{left} {op} {right}" if r.random() < 0.8 else f"{right} {op} {left}"
        if kind < 0.6:
            column = self.pick(list(self.STRING_COLUMNS))
            value = self.string_value(column)
            if r.random() < 0.15:
                name = f"s{len(self.bind)}"
                self.bind[name] = value
                return f"{column} {op} {name}"
            return f"{column} {op} '{value}'"
        if kind < 0.75:
            column = self.pick(self.FLOAT_COLUMNS)
            return f"{column} {op} {self.pick(['7.5', '15', '30.0', '60', '2.5', '0'])}"
        if kind < 0.85:
            return f"{self.pick(self.TIME_COLUMNS)} {op} {self.time_literal()}"
        if kind < 0.9:
            column = self.pick(["exposure.dark_time", "exposure.observation_type"])
            return f"{column} {self.pick(['=', '!='])} NULL"
        if kind < 0.95:
            return f"GLOB({self.pick(['exposure.obs_id', 'detector.full_name'])}, '{self.pick(['e00*', 'e0001?', '*5', 'D0[1-3]', 'D1*'])}')"
        e, d = r.randint(1, self.exposures), r.randint(1, self.detectors)
        data = f"dataset_type=raw,run=r,detector={d},exposure={e},instrument={INSTRUMENT}"
        return f"raw.dataset_id {self.pick(['=', '!='])} UUID('{uuid.uuid5(NS, data)}')"

    def membership(self):
        r = self.random
        column = self.pick(["exposure", "detector", "exposure.seq_num", "day_obs"])
        items = []
        for _ in range(r.randint(1, 5)):
            if column != "day_obs" and r.random() < 0.5:
                start = self.int_value(column)
                stop = start + r.randint(-1, 40)
                stride = f":{r.randint(1, 9)}" if r.random() < 0.4 else ""
                items.append(f"{start}..{stop}{stride}")
            else:
                items.append(str(self.int_value(column)))
        if r.random() < 0.15:
            name = f"l{len(self.bind)}"
            self.bind[name] = [self.int_value(column) for _ in range(r.randint(1, 4))]
            items.append(self.pick([name, ":" + name]))
        if column == "exposure" and r.random() < 0.2:
            column = self.pick(["physical_filter", "band", "group"])
            items = [f"'{self.string_value(column)}'" for _ in range(r.randint(1, 3))]
        return f"{column} {'NOT ' if r.random() < 0.3 else ''}IN ({', '.join(items)})"

    def overlaps(self):
        r = self.random
        first, second = self.time_literal(), self.time_literal()
        if r.random() < 0.2:
            second = "NULL"
        right = f"({first}, {second})" if r.random() < 0.7 else first
        return f"exposure.timespan OVERLAPS {right}" if r.random() < 0.7 else f"{right} OVERLAPS exposure.timespan"

    def ill_typed(self):
        return self.pick([
            f"detector = '{self.random.randint(1, 3)}'",
            "exposure_time + 1 > 3",
            "exposure_time % 2.0 = 0",
            f"exposure IN ({self.random.randint(5, 9)}..{self.random.randint(0, 3)})",
            "exposure.obs_id IN (1..3)",
            "detector",
            "exposure = 1 = 1",
            "(1, 2) OVERLAPS (3, 4)",
            "exposure.timespan < T'2026-01-01T00:00:00'",
            "band IN (1, 2)",
            "-band = 'b1'",
            "raw.dataset_id = 'x'",
            "GLOB(detector, '1*')",
            "exposure IN (1 + 1)",
            "detector <> 3",
            "T'2026-02-30' < exposure.timespan.begin",
            "T'nan' < exposure.timespan.begin",
            "exposure.timespan.begin < T'60000'",
        ])

    def predicate(self, depth):
        r = self.random
        choice = r.random()
        if depth > 0 and choice < 0.35:
            op = self.pick([" AND ", " OR "])
            terms = [self.predicate(depth - 1) for _ in range(r.randint(2, 4))]
            return "(" + op.join(terms) + ")"
        if depth > 0 and choice < 0.42:
            return f"NOT {self.predicate(depth - 1)}" if r.random() < 0.5 else f"NOT ({self.predicate(depth - 1)})"
        if choice < 0.65:
            return self.comparison()
        if choice < 0.85:
            return self.membership()
        return self.overlaps()

    def expression(self):
        self.bind = {}
        body = self.ill_typed() if self.random.random() < 0.07 else self.predicate(3)
        # daf_butler needs the governor constrained; sci does not check that, so every expression constrains it.
        return {"where": f"instrument = '{INSTRUMENT}' AND ({body})", "bind": self.bind}


def generate(work, seed, count):
    with open(os.path.join(work, "size.json")) as f:
        size = json.load(f)
    generator = Generator(seed, size["exposures"], size["detectors"])
    with open(os.path.join(work, "expressions.jsonl"), "w") as out:
        for _ in range(count):
            out.write(json.dumps(generator.expression()) + "\n")


def digest(ids):
    return hashlib.sha1("\n".join(sorted(ids)).encode()).hexdigest()


def peer(work):
    import logging

    from lsst.daf.butler import Butler

    logging.disable(logging.WARNING)
    butler = Butler.from_config(os.path.join(work, "peer"))
    started = time.time()
    with open(os.path.join(work, "expressions.jsonl")) as source, open(os.path.join(work, "peer.jsonl"), "w") as out:
        for line in source:
            case = json.loads(line)
            try:
                refs = butler.query_datasets(
                    "raw", collections="r", where=case["where"], bind=case["bind"], explain=False, limit=None
                )
                ids = [str(ref.id) for ref in refs]
                result = {"accepted": True, "count": len(ids), "digest": digest(ids)}
            except Exception as error:  # every refusal counts the same; the message is kept for the report
                result = {"accepted": False, "error": f"{type(error).__name__}: {error}"[:300]}
            out.write(json.dumps(result) + "\n")
    print(f"the real butler answered in {time.time() - started:.1f} s", file=sys.stderr)


def sci_bind_argument(name, value):
    if isinstance(value, list):
        return f"{name}={','.join(str(v) for v in value)}"
    return f"{name}={value}"


def sci(work, program):
    repo = os.path.join(work, "sci")
    started = time.time()
    with open(os.path.join(work, "expressions.jsonl")) as source, open(os.path.join(work, "sci.jsonl"), "w") as out:
        for line in source:
            case = json.loads(line)
            command = [program, "butler", "query-datasets", repo, "raw", "--collections", "r", "--format", "csv",
                       "--where", case["where"]]
            for name, value in case["bind"].items():
                command += ["--bind", sci_bind_argument(name, value)]
            run = subprocess.run(command, capture_output=True, text=True, timeout=60)
            errors = run.stderr.strip().splitlines()
            if run.returncode == 0:
                ids = [row.split(",")[2] for row in run.stdout.splitlines()[1:] if row]
                result = {"accepted": True, "count": len(ids), "digest": digest(ids)}
            else:
                result = {"accepted": False, "error": " | ".join(errors)[:300], "exit": run.returncode,
                          "one_line": len([e for e in errors if e.startswith("error:")]) == 1}
            out.write(json.dumps(result) + "\n")
    print(f"sci answered in {time.time() - started:.1f} s", file=sys.stderr)


def compare(work):
    with open(os.path.join(work, "expressions.jsonl")) as f:
        cases = [json.loads(line) for line in f]
    with open(os.path.join(work, "peer.jsonl")) as f:
        peers = [json.loads(line) for line in f]
    with open(os.path.join(work, "sci.jsonl")) as f:
        scis = [json.loads(line) for line in f]
    differences = 0
    accepted = sum(1 for p in peers if p["accepted"])
    rows = sum(p.get("count", 0) for p in peers)
    for case, p, s in zip(cases, peers, scis, strict=True):
        problem = None
        if p["accepted"] != s["accepted"]:
            problem = "accepted by " + ("the butler" if p["accepted"] else "sci") + " only"
        elif p["accepted"] and (p["count"], p["digest"]) != (s["count"], s["digest"]):
            problem = f"the butler found {p['count']} datasets, sci {s['count']} (or other UUIDs)"
        elif not s["accepted"] and (s.get("exit") not in (1, 2) or not s.get("one_line")):
            problem = f"sci's refusal is not one error line with exit 1 or 2 (exit {s.get('exit')})"
        if problem:
            differences += 1
            if differences <= 25:
                print(f"DIFF {problem}\n  where: {case['where']}\n  bind: {case['bind']}\n"
                      f"  butler: {p.get('error', p.get('count'))}\n  sci: {s.get('error', s.get('count'))}")
    print(f"{len(cases)} expressions ({accepted} accepted, {len(cases) - accepted} refused by the butler, "
          f"{rows} datasets in all answers): {differences} differences")
    return 1 if differences else 0


def main():
    command, work = sys.argv[1], sys.argv[2]
    if command == "build":
        exposures, detectors = int(sys.argv[3]), int(sys.argv[4])
        with open(os.path.join(work, "size.json"), "w") as f:
            json.dump({"exposures": exposures, "detectors": detectors}, f)
        build(work, exposures, detectors)
    elif command == "generate":
        generate(work, int(sys.argv[3]), int(sys.argv[4]))
    elif command == "peer":
        peer(work)
    elif command == "sci":
        sci(work, sys.argv[3])
    elif command == "compare":
        sys.exit(compare(work))
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
