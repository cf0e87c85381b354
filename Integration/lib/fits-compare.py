# Compares pipeline products of two runs: python3 fits-compare.py A B FILE...
# FITS files HDU by HDU: header numbers to 1e-8 (relative), images and table columns to 1e-5 (relative to the
# largest value), text and integers exactly; cards that change on every run (DATE, SEXDATE, SEXTIME, SEXELAPS)
# and LDAC_IMHEAD headers-in-tables likewise. Text headers (SCAMP's .head) card by card. Prints what differs.
import sys
import numpy as np

VOLATILE = {"DATE", "SEXDATE", "SEXTIME", "SEXELAPS"}
TYPES = {"E": ">f4", "D": ">f8", "J": ">i4", "I": ">i2", "K": ">i8", "B": "u1", "L": "S1", "A": "S1"}


def cards(text):
    for start in range(0, len(text), 80):
        card = text[start:start + 80]
        key = card[:8].strip()
        if key == "END":
            return
        yield key, card


def value(card):
    raw = card[10:].split("/")[0].strip() if card[8:10] == "= " else card[8:].strip()
    try:
        return float(raw)
    except ValueError:
        return raw.strip("'").strip() if raw.startswith("'") else raw


def compare_header(a, b, where, problems):
    left, right = list(cards(a)), list(cards(b))
    if [k for k, _ in left] != [k for k, _ in right]:
        problems.append(f"{where}: different keywords")
        return
    for (key, ca), (_, cb) in zip(left, right):
        if key in VOLATILE or key in ("HISTORY", "COMMENT", ""):
            continue
        va, vb = value(ca), value(cb)
        if isinstance(va, float) and isinstance(vb, float):
            if abs(va - vb) > 1e-8 * max(abs(va), abs(vb), 1e-300):
                problems.append(f"{where}: {key} {va!r} != {vb!r}")
        elif va != vb:
            problems.append(f"{where}: {key} {va!r} != {vb!r}")


def hdus(data):
    offset = 0
    while offset + 2880 <= len(data):
        header = ""
        while True:
            block = data[offset:offset + 2880].decode("ascii", "replace")
            offset += 2880
            header += block
            if any(k == "END" for k, _ in ((c[:8].strip(), c) for c in (block[i:i + 80] for i in range(0, 2880, 80)))):
                break
        keys = {k: value(c) for k, c in cards(header)}
        naxis = int(keys.get("NAXIS", 0))
        count = 1 if naxis else 0
        for axis in range(1, naxis + 1):
            count *= int(keys[f"NAXIS{axis}"])
        size = abs(int(keys.get("BITPIX", 8))) // 8 * int(keys.get("GCOUNT", 1)) * (int(keys.get("PCOUNT", 0)) + count)
        yield header, keys, data[offset:offset + size]
        offset += -(-size // 2880) * 2880


def close(x, y, name, where, problems):
    if x.shape != y.shape:
        problems.append(f"{where}: {name} shape {x.shape} != {y.shape}")
    elif x.dtype.kind == "f":
        scale = max(float(np.nanmax(np.abs(x))) if x.size else 0.0, 1e-30)
        diff = float(np.nanmax(np.abs(x - y))) if x.size else 0.0
        if diff > 1e-5 * scale or not np.array_equal(np.isnan(x), np.isnan(y)):
            problems.append(f"{where}: {name} differs by {diff:.3g} (scale {scale:.3g})")
    elif not np.array_equal(x, y):
        problems.append(f"{where}: {name} differs")


def compare_fits(a, b, name, problems):
    left, right = list(hdus(a)), list(hdus(b))
    if len(left) != len(right):
        problems.append(f"{name}: {len(left)} HDUs != {len(right)}")
        return
    for index, ((ha, ka, da), (hb, kb, db)) in enumerate(zip(left, right)):
        where = f"{name}[{index}]"
        compare_header(ha, hb, where, problems)
        if ka.get("XTENSION") == "BINTABLE":
            if ka.get("EXTNAME") == "LDAC_IMHEAD":
                compare_header(da.decode("ascii", "replace"), db.decode("ascii", "replace"), where + " LDAC_IMHEAD", problems)
                continue
            fields = []
            for column in range(1, int(ka.get("TFIELDS", 0)) + 1):
                form = str(ka[f"TFORM{column}"]).strip("' ")
                repeat = int(form[:-1] or 1)
                kind = TYPES[form[-1]]
                fields.append((f"c{column}", (f"S{repeat}" if form[-1] == "A" else kind), () if repeat == 1 or form[-1] == "A" else (repeat,)))
            rows = int(ka["NAXIS2"])
            width = int(ka["NAXIS1"])
            ta = np.frombuffer(da[:rows * width], dtype=np.dtype(fields))
            tb = np.frombuffer(db[:rows * width], dtype=np.dtype(fields))
            for column in range(1, len(fields) + 1):
                label = str(ka.get(f"TTYPE{column}", column)).strip("' ")
                close(ta[f"c{column}"], tb[f"c{column}"], label, where, problems)
        elif int(ka.get("NAXIS", 0)) > 0:
            kind = {-32: ">f4", -64: ">f8", 8: "u1", 16: ">i2", 32: ">i4", 64: ">i8"}[int(ka["BITPIX"])]
            close(np.frombuffer(da, dtype=kind), np.frombuffer(db, dtype=kind), "pixels", where, problems)


problems = []
for name in sys.argv[3:]:
    a = open(f"{sys.argv[1]}/{name}", "rb").read()
    b = open(f"{sys.argv[2]}/{name}", "rb").read()
    if a.startswith(b"SIMPLE  ="):
        compare_fits(a, b, name, problems)
    else:
        # SCAMP writes one card per line, not padded to 80 characters.
        text_a, text_b = ("".join(line.ljust(80) for line in text.decode("ascii", "replace").splitlines()) for text in (a, b))
        compare_header(text_a, text_b, name, problems)
for problem in problems[:20]:
    print(problem)
sys.exit(1 if problems else 0)
