# An upload handed from one registry server to another, as a client does when its server dies: announce a file on
# server A (PUT /product/new) and send its first part to the presigned URL, wait for the caller (who kills A with
# SIGKILL), send the remaining parts, then complete and confirm through server B. Prints the product id.
# Usage: hippo-handover.py A_URL B_URL FILE NAME (httpx from the pyhippo venv).
import os
import sys

import httpx
import xxhash

a_url, b_url, path, name = sys.argv[1:5]
part_size = 50 * 1024 * 1024
data = open(path, "rb").read()
checksum = "xxh64:" + xxhash.xxh64(data).hexdigest()
file_name = os.path.basename(path)
created = httpx.put(f"{a_url}/product/new", json={
    "name": name, "description": "an upload handed over between servers", "metadata": None,
    "sources": {"data": {"name": file_name, "size": len(data), "checksum": checksum, "description": "handed over"}},
}, timeout=60)
created.raise_for_status()
product_id = created.json()["id"]
urls = created.json()["upload_urls"][file_name]
assert len(urls) >= 2, urls
headers, sizes = [], []

def put(index):
    chunk = data[index * part_size:(index + 1) * part_size]
    answer = httpx.put(urls[index], content=chunk, timeout=120)
    answer.raise_for_status()
    headers.append(dict(answer.headers))
    sizes.append(len(chunk))

put(0)
print("first part sent", flush=True)
sys.stdin.readline()
for index in range(1, len(urls)):
    put(index)
httpx.post(f"{b_url}/product/{product_id}/complete", json={"headers": {file_name: headers}, "sizes": {file_name: sizes}},
           timeout=600).raise_for_status()
httpx.post(f"{b_url}/product/{product_id}/confirm", timeout=60).raise_for_status()
print(product_id, flush=True)
