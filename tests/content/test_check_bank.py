#!/usr/bin/python3
"""Error paths of check_bank.py: each broken copy of the bank must be rejected with the
expected message, and the bank itself must pass. Standard library only."""

import copy
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CHECK = os.path.join(HERE, "check_bank.py")
BANK = os.path.normpath(os.path.join(HERE, "..", "..", "data", "questions", "bank-2024.json"))


def run(bank):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        if isinstance(bank, str):
            f.write(bank)
        else:
            json.dump(bank, f, ensure_ascii=False)
        path = f.name
    try:
        r = subprocess.run([sys.executable, CHECK, path], capture_output=True, text=True)
        return r.returncode, r.stdout + r.stderr
    finally:
        os.unlink(path)


def first(bank, typ):
    return next(it for it in bank["items"] if it["type"] == typ)


def main():
    with open(BANK, encoding="utf-8") as f:
        good = json.load(f)
    failures = []

    code, out = run(good)
    if code != 0:
        failures.append(f"the bank itself fails:\n{out}")

    def case(name, mutate, expect, want_code=1):
        bank = copy.deepcopy(good)
        bank = mutate(bank) or bank
        code, out = run(bank)
        if code != want_code or expect not in out:
            failures.append(f"{name}: want exit {want_code} and {expect!r}, got {code}:\n{out[-600:]}")

    def dup_id(b):
        b["items"][1]["id"] = b["items"][0]["id"]
    case("duplicate id", dup_id, "used by item #1")
    case("bad id", lambda b: b["items"][0].__setitem__("id", "m1-bad"), "must match [A-Z0-9-]+")
    case("unknown topic", lambda b: b["items"][0].__setitem__("topics", ["voting", "cuaca"]),
         "unknown topic 'cuaca'")
    case("unknown module", lambda b: b["items"][0].__setitem__("module", "M9"), "unknown module 'M9'")
    case("unknown field", lambda b: b["items"][0].__setitem__("hint", "x"), "hint: unknown field")
    case("key not an option", lambda b: first(b, "single").__setitem__("key", ["Z"]),
         "'Z' is not an option id")
    case("two keys on single", lambda b: first(b, "single").__setitem__("key", ["A", "B"]),
         "exactly one key")
    case("three options on single",
         lambda b: first(b, "single").__setitem__("options", first(b, "single")["options"][:3]),
         "single choice has 4 options")
    case("truefalse options",
         lambda b: first(b, "truefalse").__setitem__("options", [{"id": "B", "text": "Ya"},
                                                                 {"id": "S", "text": "Salah"}]),
         'B "Benar" and S "Salah"')

    def unpaired(b):
        first(b, "matching")["pairs"].pop()
    case("matching left unpaired", unpaired, "has no pair")

    def bad_right(b):
        first(b, "matching")["pairs"][0][1] = "R99"
    case("matching right unknown", bad_right, "'R99' is not a right id")
    case("bad source", lambda b: b["items"][0].__setitem__("source", "buku panduan"),
         "must look like 'pemilu2024.md §5'")
    case("no citation", lambda b: b["items"][0].__setitem__("explanation", "Karena begitu."),
         "cites no rule")
    case("real party name",
         lambda b: b["items"][0].__setitem__("stem", "Surat suara untuk Golkar dicoblos."),
         "real contestant name 'Golkar'")
    case("too few items", lambda b: b.__setitem__("items", b["items"][:50]), "at least 160 wanted")

    def no_matching(b):
        b["items"] = [it for it in b["items"] if it["type"] != "matching"]
    case("no matching", no_matching, "no matching item")

    def no_sirekap(b):
        b["items"] = [it for it in b["items"] if "sirekap" not in it["topics"]]
    case("topic uncovered", no_sirekap, "no item for topic 'sirekap'")

    def no_s8(b):
        b["items"] = [it for it in b["items"] if "§8" not in it["source"]]
    case("section uncovered", no_s8, "no item rests on §8")
    case("wrong format", lambda b: b.__setitem__("format", "x/2"), "must be 'bimtek-questions/1'")
    def no_license(b):
        del b["license"]
    case("no license", no_license, "license: missing")
    case("not json", lambda b: "{oops", "cannot read", want_code=2)

    for f in failures:
        print("FAIL " + f)
    print(f"{'FAILED' if failures else 'passed'}: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
