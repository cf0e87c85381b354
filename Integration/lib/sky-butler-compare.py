"""Runs the checks sky-butler-differential.py wrote through `sci butler` and compares each answer with the judge's.

    python3 sky-butler-compare.py SCI REPO CHECKS_JSONL

Prints one line per failure and a summary; exits 1 if any check differs or sci refuses one.
"""
import json
import subprocess
import sys

sci, repo, path = sys.argv[1], sys.argv[2], sys.argv[3]
failures, checked, found, judges = 0, 0, 0, {}
for line in open(path):
    check = json.loads(line)
    args = [sci, "butler", check["args"][0], repo, *check["args"][1:], "--format", "json"]
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        print(f"FAIL: sci refused {' '.join(check['args'])}: {result.stderr.strip()}")
        failures += 1
        continue
    keys = check["key"].split("/")
    got = sorted("/".join(str(row[k]) for k in keys) if len(keys) > 1 else row[keys[0]] for row in json.loads(result.stdout or "[]"))
    expected = check["expected"]
    # The judge's margin pixels may be left out; nothing else may differ.
    core = sorted(set(expected) - set(check.get("margin", [])))
    if not (set(core) <= set(got) <= set(expected)) or len(got) != len(set(got)):
        print(f"FAIL: {' '.join(check['args'])}: {check['judge']} {expected}, sci {got}")
        failures += 1
    checked += 1
    found += bool(expected)
    judges[check["judge"]] = judges.get(check["judge"], 0) + 1
print(f"{checked} checks ({', '.join(f'{n} judged by {j}' for j, n in sorted(judges.items()))}), {found} with a non-empty answer, {failures} failed")
sys.exit(1 if failures or found < checked // 3 else 0)
