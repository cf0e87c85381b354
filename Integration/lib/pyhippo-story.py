# HIPPO's own Python client (pyhippo) through its story: push a product with a file and metadata, read, search,
# pull through the cache, download, then a nested collection, read, search, pull. Used by hippo-peer.sh and
# hippo-scale.sh; argv[1] is a folder holding map.txt. Prints the product and collection ids.
import sys
from pathlib import Path

import hippoclient.collections as collections
import hippoclient.product as product
from henry import Henry
from henry.source import LocalSource
from hippometa import CatalogMetadata

work = Path(sys.argv[1])
data = (work / "map.txt").read_bytes()
henry = Henry()

local = henry.new_product(
    name="sci peer catalog", description="a catalog pushed by the peer test",
    metadata=CatalogMetadata(file_type="txt", telescope="LAT"),
    sources={"data": LocalSource(path=work / "map.txt", description="the catalog")})
pid = henry.push(local)

remote = henry.pull_product(pid)
assert remote.name == "sci peer catalog", remote.name
assert remote.metadata.telescope == "LAT", remote.metadata
assert remote.version == "1.0.0", remote.version
assert Path(remote.sources["data"].path).read_bytes() == data, "pulled bytes differ"

found = product.search(henry.client, "peer")
assert [p.id for p in found] == [pid] or str(found[0].id) == pid, found

folder = henry.download_product(pid, work / "run")
assert (folder / "data" / "map.txt").read_bytes() == data, "downloaded bytes differ"

inner = henry.new_collection(name="sci peer inner", description="a child collection")
outer = henry.new_collection(name="sci peer outer", description="a collection with a product", products=[local], collections=[inner])
cid = henry.push(outer)

read = collections.read(henry.client, cid)
assert read.name == "sci peer outer", read
assert [str(p.id) for p in read.products] == [pid], read.products
assert [c.name for c in read.child_collections] == ["sci peer inner"], read.child_collections
child = collections.read(henry.client, str(read.child_collections[0].id))
assert [str(c.id) for c in child.parent_collections] == [cid], child.parent_collections
assert cid in [str(c.id) for c in collections.search(henry.client, "outer")]

# hippoclient's collections.cache recurses into child collections through a parameter that shadows itself
# ('MultiCache' object is not callable), so a collection with children is pulled without realizing its sources;
# the products are pulled (and realized) one by one.
pulled = henry.pull_collection(cid, realize_sources=False)
assert [p.product_id for p in pulled.products] == [pid], pulled.products
assert [c.collection_id for c in pulled.collections] == [str(read.child_collections[0].id)], pulled.collections
assert Path(henry.pull_product(pid).sources["data"].path).read_bytes() == data

assert str(product.read(henry.client, pid).collections[0]) == cid
print(pid, cid)
