# Writes a FITS file holding only a primary header with the given string keys, enough for hippometa's
# MapSet.from_fits: python3 fits-header.py OUT.fits KEY=VALUE...
import sys

cards = ["SIMPLE  =                    T", "BITPIX  =                    8", "NAXIS   =                    0"]
for pair in sys.argv[2:]:
    key, value = pair.split("=", 1)
    cards.append(f"{key:<8}= '{value}'")
cards.append("END")
header = "".join(card.ljust(80) for card in cards)
with open(sys.argv[1], "w", encoding="ascii") as out:
    out.write(header.ljust(-(-len(header) // 2880) * 2880))
