#!/usr/bin/python3
"""Checks a question bank file (format bimtek-questions/1, docs/formats.md).

Usage: check_bank.py [BANK.json] [--quiet]
Default BANK is data/questions/bank-2024.json next to this repository's tests/.
Standard library only. Exit status: 0 when the bank is valid and meets the starter-bank
coverage rules, 1 when it has problems (each printed as "ITEM: field: message"), 2 on usage
or an unreadable file. Prints the counts per module, type, topic and domain section.
"""

import json
import os
import re
import sys
from collections import Counter

FORMAT = "bimtek-questions/1"
MODULES = ["M1", "M2", "M3", "M4", "EVAL"]
TYPES = ["single", "multiple", "truefalse", "matching"]
TOPICS = ["rules-procedures", "equipment", "ethics-neutrality", "emergencies", "roles", "voting",
          "validity", "counting", "forms", "special-voting", "timeline", "dpt", "sirekap",
          "accessibility"]
SECTIONS = [1, 2, 3, 4, 5, 6, 7, 8]  # domain reference sections every bank must rest on
TOP_FIELDS = {"format", "language", "license", "items"}
ITEM_FIELDS = {"id", "type", "module", "topics", "stem", "options", "key", "left", "right",
               "pairs", "explanation", "source", "media"}
ID_RE = re.compile(r"^[A-Z0-9-]{1,64}$")
CHOICE_ID_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
SOURCE_RE = re.compile(r"^pemilu2024\.md §[1-9](, §[1-9])*$")
MEDIA_RE = re.compile(r"^(?!/)(?!.*\.\.)[^\s]+\.(svg|png|jpg|gif|webp)$")

# Starter-bank rules (the content brief): size, mix and neutrality.
MIN_ITEMS = 160
MIN_MATCHING = 10
SINGLE_OPTIONS = 4
# Real 2024 contestants must not appear (training uses fictional parties and candidates).
REAL_NAMES = ["PDI", "PDIP", "Golkar", "Gerindra", "Nasdem", "NasDem", "PKB", "PKS", "Demokrat",
              "PAN", "PPP", "Perindo", "PSI", "Hanura", "Gelora", "Garuda", "PBB", "Ummat",
              "PKN", "Anies", "Prabowo", "Ganjar", "Gibran", "Muhaimin", "Mahfud", "Baswedan",
              "Subianto", "Pranowo"]
REAL_RE = re.compile(r"\b(" + "|".join(map(re.escape, REAL_NAMES)) + r")\b")


class Problems:
    def __init__(self):
        self.list = []

    def add(self, where, field, msg):
        self.list.append(f"{where}: {field}: {msg}")


def is_text(v):
    return isinstance(v, str) and v.strip() != ""


def check_choices(p, where, field, value):
    """A list of {"id","text"}; returns the ids (duplicates reported)."""
    ids = []
    if not isinstance(value, list):
        p.add(where, field, "must be a list")
        return ids
    for i, c in enumerate(value):
        f = f"{field}[{i}]"
        if not isinstance(c, dict) or set(c) != {"id", "text"}:
            p.add(where, f, 'must be an object with exactly "id" and "text"')
            continue
        if not isinstance(c["id"], str) or not CHOICE_ID_RE.match(c["id"]):
            p.add(where, f, f"invalid id {c['id']!r}")
        elif c["id"] in ids:
            p.add(where, f, f"id {c['id']!r} given twice")
        ids.append(c["id"])
        if not is_text(c["text"]):
            p.add(where, f, "empty text")
    texts = [c.get("text", "").strip().lower() for c in value if isinstance(c, dict)]
    for t, n in Counter(texts).items():
        if n > 1 and t:
            p.add(where, field, f"text {t!r} given {n} times")
    return ids


def check_item(p, n, it):
    where = it.get("id") if isinstance(it, dict) and isinstance(it.get("id"), str) else f"#{n}"
    if not isinstance(it, dict):
        p.add(where, "item", "must be an object")
        return None
    for k in sorted(set(it) - ITEM_FIELDS):
        p.add(where, k, "unknown field")
    for k in ("id", "type", "module", "topics", "stem", "explanation", "source"):
        if k not in it:
            p.add(where, k, "missing")
    if not isinstance(it.get("id"), str) or not ID_RE.match(it.get("id", "")):
        p.add(where, "id", "must match [A-Z0-9-]+ (at most 64)")
    elif not it["id"].startswith(str(it.get("module")) + "-"):
        p.add(where, "id", f"should start with its module {it.get('module')!r} and '-'")
    typ = it.get("type")
    if typ not in TYPES:
        p.add(where, "type", f"unknown type {typ!r}")
    if it.get("module") not in MODULES:
        p.add(where, "module", f"unknown module {it.get('module')!r}")
    topics = it.get("topics")
    if not isinstance(topics, list) or not topics:
        p.add(where, "topics", "at least one topic")
    else:
        for t in topics:
            if t not in TOPICS:
                p.add(where, "topics", f"unknown topic {t!r}")
        for t, c in Counter(map(str, topics)).items():
            if c > 1:
                p.add(where, "topics", f"topic {t!r} given twice")
    for k in ("stem", "explanation"):
        if k in it and not is_text(it[k]):
            p.add(where, k, "must be non-empty text")
    src = it.get("source")
    if not isinstance(src, str) or not SOURCE_RE.match(src):
        p.add(where, "source", f"must look like 'pemilu2024.md §5' (got {src!r})")
    media = it.get("media")
    if media is not None:
        if not isinstance(media, dict) or set(media) != {"src", "alt"}:
            p.add(where, "media", 'must be null or {"src","alt"}')
        else:
            if not isinstance(media["src"], str) or not MEDIA_RE.match(media["src"]):
                p.add(where, "media.src", "relative image path without '..'")
            if not is_text(media["alt"]):
                p.add(where, "media.alt", "empty alternative text")

    if typ == "matching":
        for k in ("options", "key"):
            if k in it:
                p.add(where, k, "not used by matching items")
        left = check_choices(p, where, "left", it.get("left"))
        right = check_choices(p, where, "right", it.get("right"))
        if len(left) < 2 or len(right) < 2:
            p.add(where, "left/right", "at least 2 on each side")
        if len(right) < len(left):
            p.add(where, "right", "fewer right entries than left ones")
        pairs = it.get("pairs")
        if not isinstance(pairs, list):
            p.add(where, "pairs", "must be a list of [left, right]")
            pairs = []
        seen_l, seen_r = set(), set()
        for i, pr in enumerate(pairs):
            if not (isinstance(pr, list) and len(pr) == 2 and all(isinstance(x, str) for x in pr)):
                p.add(where, f"pairs[{i}]", "must be [left id, right id]")
                continue
            l, r = pr
            if l not in left:
                p.add(where, f"pairs[{i}]", f"{l!r} is not a left id")
            elif l in seen_l:
                p.add(where, f"pairs[{i}]", f"{l!r} paired twice")
            if r not in right:
                p.add(where, f"pairs[{i}]", f"{r!r} is not a right id")
            elif r in seen_r:
                p.add(where, f"pairs[{i}]", f"{r!r} used twice (one-to-one matching)")
            seen_l.add(l)
            seen_r.add(r)
        for l in left:
            if l not in seen_l:
                p.add(where, "pairs", f"{l!r} has no pair")
    elif typ in TYPES:
        for k in ("left", "right", "pairs"):
            if k in it:
                p.add(where, k, f"not used by {typ} items")
        ids = check_choices(p, where, "options", it.get("options"))
        key = it.get("key")
        if not isinstance(key, list) or not all(isinstance(k, str) for k in key):
            p.add(where, "key", "must be a list of option ids")
            key = []
        for k in key:
            if k not in ids:
                p.add(where, "key", f"{k!r} is not an option id")
        if len(set(key)) != len(key):
            p.add(where, "key", "an option given twice")
        if typ == "truefalse":
            if it.get("options") != [{"id": "B", "text": "Benar"}, {"id": "S", "text": "Salah"}]:
                p.add(where, "options", 'true/false needs exactly B "Benar" and S "Salah"')
            if len(key) != 1:
                p.add(where, "key", "exactly one key")
        elif typ == "single":
            if len(key) != 1:
                p.add(where, "key", "exactly one key")
            if len(ids) != SINGLE_OPTIONS:
                p.add(where, "options", f"single choice has {SINGLE_OPTIONS} options, has {len(ids)}")
        elif typ == "multiple":
            if not key:
                p.add(where, "key", "at least one key")
            if len(ids) < 3 or len(key) >= len(ids):
                p.add(where, "options", "needs at least 3 options and at least one distractor")

    # Content rules: explanations cite their rule; neutrality.
    expl = it.get("explanation") if isinstance(it.get("explanation"), str) else ""
    if "Rujukan:" not in expl and "PKPU" not in expl:
        p.add(where, "explanation", "cites no rule (no 'Rujukan:' or PKPU)")
    if isinstance(src, str) and "§5" in src and "PKPU 25/2023" not in expl:
        p.add(where, "explanation", "a §5 (validity) item cites PKPU 25/2023")
    texts = [it.get("stem"), expl]
    for k in ("options", "left", "right"):
        if isinstance(it.get(k), list):
            texts += [c.get("text") for c in it[k] if isinstance(c, dict)]
    for t in texts:
        if isinstance(t, str):
            m = REAL_RE.search(t)
            if m:
                p.add(where, "neutrality", f"real contestant name {m.group(1)!r}")
    return it


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    quiet = "--quiet" in argv
    if len(args) > 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    path = args[0] if args else os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                             "..", "..", "data", "questions", "bank-2024.json"))
    try:
        with open(path, encoding="utf-8") as f:
            bank = json.load(f)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        print(f"{path}: cannot read: {e}", file=sys.stderr)
        return 2

    p = Problems()
    if not isinstance(bank, dict):
        print(f"{path}: the top level must be an object", file=sys.stderr)
        return 1
    for k in sorted(set(bank) - TOP_FIELDS):
        p.add("bank", k, "unknown field")
    if bank.get("format") != FORMAT:
        p.add("bank", "format", f"must be {FORMAT!r}")
    if bank.get("language") != "id":
        p.add("bank", "language", "must be 'id'")
    if not is_text(bank.get("license")):
        p.add("bank", "license", "missing")
    items = bank.get("items")
    if not isinstance(items, list):
        p.add("bank", "items", "must be a list")
        items = []

    ok_items = []
    first = {}
    for n, it in enumerate(items, 1):
        r = check_item(p, n, it)
        if r is None:
            continue
        ok_items.append(r)
        iid = r.get("id")
        if isinstance(iid, str):
            if iid in first:
                p.add(iid, "id", f"used by item #{first[iid]} and #{n}")
            else:
                first[iid] = n
    stems = Counter(it.get("stem") for it in ok_items if isinstance(it.get("stem"), str))
    for s, c in stems.items():
        if c > 1:
            p.add("bank", "stem", f"the same stem in {c} items: {s[:60]!r}")

    by_module = Counter(it.get("module") for it in ok_items)
    by_type = Counter(it.get("type") for it in ok_items)
    by_topic = Counter(t for it in ok_items for t in (it.get("topics") or []) if isinstance(t, str))
    by_section = Counter(int(s) for it in ok_items if isinstance(it.get("source"), str)
                         for s in re.findall(r"§([1-9])", it["source"]))
    by_key = Counter(it["key"][0] for it in ok_items
                     if it.get("type") == "single" and isinstance(it.get("key"), list) and it["key"])

    # Coverage rules of a starter bank.
    if len(ok_items) < MIN_ITEMS:
        p.add("bank", "items", f"{len(ok_items)} items, at least {MIN_ITEMS} wanted")
    for m in MODULES:
        if by_module[m] == 0:
            p.add("bank", "module", f"no item for {m}")
    for t in TYPES:
        if by_type[t] == 0:
            p.add("bank", "type", f"no {t} item")
    if by_type["matching"] < MIN_MATCHING:
        p.add("bank", "type", f"{by_type['matching']} matching items, at least {MIN_MATCHING}")
    if by_type["single"] * 2 < len(ok_items):
        p.add("bank", "type", "single choice should be the majority")
    for t in TOPICS:
        if by_topic[t] == 0:
            p.add("bank", "topics", f"no item for topic {t!r}")
    for s in SECTIONS:
        if by_section[s] == 0:
            p.add("bank", "source", f"no item rests on §{s}")
    big = min(by_module["M3"], by_module["M4"])
    for m in ("M1", "M2", "EVAL"):
        if by_module[m] >= big:
            p.add("bank", "module", f"{m} has {by_module[m]} items; M3 and M4 should have the most")
    if by_module["M1"] > by_module["M2"]:
        p.add("bank", "module", "M1 (opening) should have fewer items than M2")
    if by_key and max(by_key.values()) > 0.4 * sum(by_key.values()):
        p.add("bank", "key", f"single-choice keys are unbalanced: {dict(sorted(by_key.items()))}")

    if not quiet:
        print(f"{path}: {len(ok_items)} items")
        print("module:  " + ", ".join(f"{m} {by_module[m]}" for m in MODULES))
        print("type:    " + ", ".join(f"{t} {by_type[t]}" for t in TYPES))
        print("topic:   " + ", ".join(f"{t} {by_topic[t]}" for t in TOPICS))
        print("section: " + ", ".join(f"§{s} {by_section[s]}" for s in sorted(by_section)))
        print("single-choice key letters: " + ", ".join(f"{k} {v}" for k, v in sorted(by_key.items())))
    for line in p.list:
        print(line)
    if p.list:
        print(f"{len(p.list)} problem(s)", file=sys.stderr)
        return 1
    if not quiet:
        print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
