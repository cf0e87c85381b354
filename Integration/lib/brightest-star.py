"""Prints the RA and Dec (degrees) of the brightest unflagged source in a SExtractor FITS_LDAC catalog.

    python3 brightest-star.py CATALOG.cat

Reads the LDAC_OBJECTS table with the standard library only (the demo needs no astropy): the source with the
largest FLUX_AUTO among those with FLAGS = 0, at XWIN_WORLD, YWIN_WORLD.
"""
import struct
import sys

SIZES = {"L": 1, "X": 1, "B": 1, "I": 2, "J": 4, "K": 8, "A": 1, "E": 4, "D": 8, "C": 8, "M": 16}
CODES = {"B": "B", "I": "h", "J": "i", "K": "q", "E": "f", "D": "d"}


def headers(data):
    """Yields (header dict, data offset, data size) per HDU."""
    offset = 0
    while offset < len(data):
        cards, end = {}, offset
        while True:
            card = data[end:end + 80].decode("ascii")
            end += 80
            key = card[:8].strip()
            if key == "END":
                break
            if card[8:10] == "= ":
                value = card[10:].split("/")[0].strip() if not card[10:].strip().startswith("'") else card[10:].strip().split("'")[1]
                cards[key] = value.strip()
        end = -(-end // 2880) * 2880
        size = abs(int(cards.get("BITPIX", 8))) // 8 * int(cards.get("GCOUNT", 1))
        axes = [int(cards.get(f"NAXIS{i}", 0)) for i in range(1, int(cards.get("NAXIS", 0)) + 1)]
        count = 1
        for n in axes:
            count *= n
        size = (size * count + int(cards.get("PCOUNT", 0))) if axes else 0
        yield cards, end, size
        offset = end + -(-size // 2880) * 2880


data = open(sys.argv[1], "rb").read()
for cards, start, size in headers(data):
    if cards.get("EXTNAME") != "LDAC_OBJECTS":
        continue
    width, rows = int(cards["NAXIS1"]), int(cards["NAXIS2"])
    columns, position = {}, 0
    for i in range(1, int(cards["TFIELDS"]) + 1):
        form = cards[f"TFORM{i}"]
        repeat = int(form[:-1] or 1)
        columns[cards[f"TTYPE{i}"]] = (position, form[-1])
        position += repeat * SIZES[form[-1]]

    def value(row, name):
        at, code = columns[name]
        return struct.unpack_from(">" + CODES[code], data, start + row * width + at)[0]

    best = max((r for r in range(rows) if value(r, "FLAGS") == 0), key=lambda r: value(r, "FLUX_AUTO"))
    print(f"{value(best, 'XWIN_WORLD'):.6f} {value(best, 'YWIN_WORLD'):.6f}")
    break
else:
    sys.exit(f"{sys.argv[1]} has no LDAC_OBJECTS table")
