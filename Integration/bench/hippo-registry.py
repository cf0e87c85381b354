#!/usr/bin/env python3
"""Fills a HippoServer registry with a large, realistic catalogue for the search benchmark.

Usage: hippo-registry.py REGISTRY.sqlite PRODUCTS

The registry must already exist (a `sci henry serve` has created its schema and stopped): the rows go straight into
its tables with one transaction, since 100,000 products through `PUT /product/new` one commit at a time would take
minutes. The server's own triggers keep its search index in step, as they do for rows the server writes. Every
product has 1-3 versions (only the last current), 1-3 sources, names of 3-6 words of Zipf-like frequency from a
5,000-word vocabulary plus its own `pNNNNNN` tag, and sits in 0-2 of 500 collections; some are children of others.
Two planted words fix the hit counts: `singleton` is in exactly 1 current product, `thousandfold` in exactly 1,000.
Fixed seed: the same catalogue every run.
"""
import json, random, sqlite3, sys

path, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(24)
vocabulary = [f"kw{n:04d}" for n in range(5000)]
weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
common = ["map", "act", "dr6", "f090", "f150", "f220", "coadd", "beam", "mask", "season", "night", "depth"]
thousand = set(rng.sample(range(count), 1000))
single = rng.choice([i for i in range(count) if i not in thousand])
stamp = "2026-01-01T00:00:00.000000"
db = sqlite3.connect(path)
db.execute("PRAGMA foreign_keys = ON")
def oid(n, salt):
    return f"{0x69000000 + salt:08x}{n:016x}"
products, files, sources, members, links = [], [], [], [], []
for i in range(count):
    words = [rng.choice(common)] + rng.choices(vocabulary, weights, k=rng.randint(2, 5)) + [f"p{i:06d}"]
    if i in thousand:
        words.insert(rng.randint(0, len(words)), "thousandfold")
    if i == single:
        words.insert(rng.randint(0, len(words)), "singleton")
    name = " ".join(words)
    versions = rng.choices([1, 2, 3], [70, 20, 10])[0]
    previous = None
    for v in range(versions):
        pid = oid(i, v)
        last = v == versions - 1
        products.append((pid, name, f"{name}: bench product {i}, version {v + 1}", json.dumps({"metadata_type": "simple"}),
                         stamp, stamp, f"1.{v}.0", int(last), 1, "bench", previous, "[]", "[]", 0, 1.0e9 + i))
        for s in range(rng.randint(1, 3)):
            uuid = f"{i:08x}-{v:04x}-{s:04x}-0000-000000000000"
            files.append((uuid, oid(i, 100 + 10 * v + s), f"file{s}.fits", None, "bench", 1000 + s, "xxh64:" + f"{i:016x}",
                          50 << 20, 1, f"{i:032x}{v:04x}{s:04x}"))
            sources.append((pid, f"data{s}", uuid))
        previous = pid
    if last and rng.random() < 0.6:
        for c in rng.sample(range(500), rng.randint(1, 2)):
            members.append((oid(c, 9999), pid))
    if i > 0 and rng.random() < 0.1:
        links.append((pid, oid(rng.randrange(i), 0)))
with db:
    db.executemany("INSERT INTO collection (id, name, description, owner, readers, writers, pinned) VALUES (?, ?, ?, 'bench', '[]', '[]', 0)",
                   [(oid(c, 9999), f"collection {c}", "bench") for c in range(500)])
    db.executemany("INSERT INTO product (id, name, description, metadata, uploaded, updated, version, current, visible, owner,"
                   " replaces, readers, writers, pinned, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", products)
    db.executemany("INSERT INTO file (uuid, id, name, description, uploader, size, checksum, part_size, available, blob)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", files)
    db.executemany("INSERT INTO source (product_id, slug, file_uuid) VALUES (?, ?, ?)", sources)
    db.executemany("INSERT OR IGNORE INTO collection_product (collection_id, product_id) VALUES (?, ?)", members)
    db.executemany("INSERT OR IGNORE INTO product_link (child_id, parent_id) VALUES (?, ?)", links)
db.close()
print(f"{count} products, {len(products)} versions, {len(files)} files, {len(members)} memberships, {len(links)} links")
