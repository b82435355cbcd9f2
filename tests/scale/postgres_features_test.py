#!/usr/bin/python3
"""Every feature on PostgreSQL as on SQLite (issue 7 item 1): the same CLI steps run on a SQLite
file and on a PostgreSQL schema and must print the same: `demo` (registry, accounts, starter
question bank, planning data), a question bank export and re-import, `plan` and `plan show`, a
test created from the bank, paper sheets entered through the group-commit writer, synthetic
attempts in bulk, and its results with item analysis. Then `bimtek serve --db postgresql://…`
answers the planning, test and results API from PostgreSQL.

Usage: postgres_features_test.py BIMTEK_BINARY
Needs BIMTEK_TEST_PG_URL (scripts/with-postgres.sh sets it); exits 77 (CTest skip) without it,
unless BIMTEK_REQUIRE_PG=1. Standard library only.
"""
import http.client
import http.cookies
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile

SKIP = 77
SCOPE = "32.71.01"  # Bogor Selatan: a kecamatan of the demo region


def run(bimtek, db, env, *args):
    r = subprocess.run([bimtek, "--db", db, "--lang", "en", *args], capture_output=True,
                       text=True, env=env)
    if r.returncode != 0:
        raise SystemExit(f"bimtek {' '.join(args)} on {db.split('?')[0]} failed "
                         f"({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return r.stdout


def steps(bimtek, db, work, tag):
    """The CLI steps on one store; returns what must be equal on both backends."""
    env = dict(os.environ, BIMTEK_KEY_FILE=os.path.join(work, f"{tag}.key"))
    env.pop("BIMTEK_KEY", None)
    out = {}
    demo = run(bimtek, db, env, "demo")
    out["demo_bank"] = re.search(r"Question bank: (\d+)", demo).group(1)
    out["stats"] = json.loads(run(bimtek, db, env, "stats", "--scope", "32.71", "--json"))

    bank = os.path.join(work, f"{tag}-bank.json")
    run(bimtek, db, env, "questions", "export", "--format", "json", "--out", bank)
    again = json.loads(run(bimtek, db, env, "questions", "import", bank, "--json"))
    assert again["new_items"] == 0 and again["new_versions"] == 0, again
    assert again["unchanged"] == again["items"] > 0, again
    out["questions"] = json.loads(run(bimtek, db, env, "questions", "list", "--json"))

    plan = json.loads(run(bimtek, db, env, "plan", "--scope", SCOPE, "--from", "2024-01-25",
                          "--to", "2024-01-29", "--json"))
    assert plan["saved"] and plan["batches"] > 0, plan
    shown = json.loads(run(bimtek, db, env, "plan", "show", "--scope", SCOPE, "--json"))
    assert shown["batch_list"] == plan["batch_list"]
    out["plan"] = {k: plan[k] for k in ("batches", "crews", "placed", "unplaced", "batch_list")}

    test = json.loads(run(bimtek, db, env, "test", "create", "--name", "Pre-test Bogor Selatan",
                          "--blueprint", "M1:3,M3:4", "--opens", "1700000000", "--closes",
                          "4000000000", "--scope", SCOPE, "--forms", "2", "--json"))
    test_id = str(test["id"])
    test.pop("id")
    out["test"] = test
    listed = json.loads(run(bimtek, db, env, "test", "list", "--json"))["tests"]
    assert listed[0]["name"] == "Pre-test Bogor Selatan", listed  # newest first

    # Paper sheets (each through the attempt writer, durable before it is answered): the first
    # three people of the demo data (the first three KPPS of TPS 001 of desa 32.71.01.1001; ids
    # are the backend's own), every item unanswered; entered twice, stored once.
    people = first_kpps(db, schema_of(db))
    sheet = os.path.join(work, f"{tag}-paper.csv")
    with open(sheet, "w", encoding="utf-8") as f:
        f.write("person,form,M1-UNANSWERED\n" + "".join(f"{p},A,\n" for p in people))
    run(bimtek, db, env, "test", "paper", test_id, sheet)
    run(bimtek, db, env, "test", "paper", test_id, sheet)
    run(bimtek, db, env, "test", "synth", test_id, "--count", "300", "--seed", "7")
    results = json.loads(run(bimtek, db, env, "test", "results", test_id, "--items", "--json"))
    results["test"].pop("id")
    assert results["total"]["attempts"] == 303, results["total"]
    out["results"] = results
    return out, env, test_id


SEAT_QUERY = ("SELECT id FROM people WHERE role = 1 AND tps = 3271011001001 ORDER BY position "
              "LIMIT 3")


def schema_of(db):
    m = re.search(r"schema=(\w+)", db)
    return m.group(1) if m else ""


def first_kpps(db, schema):
    if not db.startswith("postgres"):
        con = sqlite3.connect(db)
        try:
            return [r[0] for r in con.execute(SEAT_QUERY)]
        finally:
            con.close()
    url = re.sub(r"[?&]schema=\w+", "", db)
    r = subprocess.run(["psql", url, "-qAtc", f'SET search_path = "{schema}"; {SEAT_QUERY}'],
                       capture_output=True, text=True, check=True)
    return [int(x) for x in r.stdout.split()]


def serve_checks(bimtek, db, env, test_id):
    proc = subprocess.Popen([bimtek, "--db", db, "serve", "--listen", "127.0.0.1:0", "--threads",
                             "2", "--access-log", "off"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        if not m:
            raise SystemExit(f"serve did not start: {line!r} {proc.stderr.read()}")
        port = int(m.group(1))

        def call(method, path, body=None, cookie="", csrf=""):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            headers = {"Content-Type": "application/json"}
            if cookie:
                headers["Cookie"] = cookie
            if csrf:
                headers["X-CSRF-Token"] = csrf
            c.request(method, path, body=json.dumps(body) if body is not None else None,
                      headers=headers)
            r = c.getresponse()
            data = r.read().decode("utf-8")
            return r.status, r.getheader("Set-Cookie") or "", data

        status, set_cookie, data = call("POST", "/api/v1/login",
                                        {"username": "kpu-kota-bogor",
                                         "password": "kpu-kota-bogor-demo"})
        assert status == 200, (status, data)
        cookie = "; ".join(f"{k}={v.value}" for k, v in
                           http.cookies.SimpleCookie(set_cookie).items())
        for path in ("/api/v1/tests", f"/api/v1/tests/{test_id}/results?items=1",
                     f"/api/v1/plans/{SCOPE}", "/api/v1/me"):
            status, _, data = call("GET", path, cookie=cookie)
            assert status == 200, (path, status, data)
            assert '"error"' not in data[:200], (path, data[:200])
        status, _, data = call("GET", "/api/v1/tests", cookie=cookie)
        assert "Pre-test Bogor Selatan" in data, data[:300]
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait()


def main():
    bimtek = sys.argv[1]
    required = os.environ.get("BIMTEK_REQUIRE_PG") == "1"
    base_url = os.environ.get("BIMTEK_TEST_PG_URL", "")
    if not base_url:
        print("skipped: needs BIMTEK_TEST_PG_URL (run under scripts/with-postgres.sh)")
        return 1 if required else SKIP
    work = tempfile.mkdtemp(prefix="bimtek-pgfeat-")
    schema = f"feat_{os.getpid()}"
    pg_db = base_url + ("&" if "?" in base_url else "?") + "schema=" + schema
    try:
        on_sqlite, _, _ = steps(bimtek, os.path.join(work, "t.db"), work, "sqlite")
        on_pg, env, test_id = steps(bimtek, pg_db, work, "pg")
        for key in on_sqlite:
            if on_sqlite[key] != on_pg[key]:
                a = json.dumps(on_sqlite[key], sort_keys=True)[:2000]
                b = json.dumps(on_pg[key], sort_keys=True)[:2000]
                raise SystemExit(f"{key} differs:\nSQLite:     {a}\nPostgreSQL: {b}")
        serve_checks(bimtek, pg_db, env, test_id)
        print("ok: the same results on SQLite and PostgreSQL; serve answers from PostgreSQL")
        return 0
    finally:
        subprocess.run(["psql", base_url, "-qc", f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'],
                       capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
