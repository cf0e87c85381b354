"""The disk's own pace for a run's outputs: writes COUNT new files of SIZE bytes into FOLDER from THREADS threads,
each file as sci writes an output (whole 4 KiB blocks with O_DIRECT from an aligned buffer, the rest buffered, under a
temporary name renamed into place), with nothing else to do. Prints the seconds taken.
Usage: python3 disk-alone.py FOLDER COUNT SIZE THREADS"""
import mmap
import os
import sys
import threading
import time

folder, count, size, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
whole = size // 4096 * 4096
block = mmap.mmap(-1, max(whole, 4096))
block.write(os.urandom(max(whole, 4096)))
tail = os.urandom(size - whole)


def write(first):
    for index in range(first, count, threads):
        path = f"{folder}/{index}.fits"
        descriptor = os.open(path + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_DIRECT", 0), 0o644)
        if whole:
            os.write(descriptor, memoryview(block)[:whole])
        os.close(descriptor)
        if tail:
            with open(path + ".tmp", "ab") as rest:
                rest.write(tail)
        os.rename(path + ".tmp", path)


os.makedirs(folder, exist_ok=True)
start = time.monotonic()
workers = [threading.Thread(target=write, args=(first,)) for first in range(threads)]
for worker in workers:
    worker.start()
for worker in workers:
    worker.join()
print(f"{time.monotonic() - start:.2f}")
