#!/usr/bin/python3
"""Two `bimtek serve` processes over one PostgreSQL behind Debian's nginx; one is killed with
SIGKILL in the middle of a load of writes, and afterwards every acknowledged write is in the
database exactly once. Two loads, one after the other: TPS imports (POST /api/v1/import/tps),
then test submissions (POST /api/v1/tests/{id}/submit by participants who logged in with their
access codes and fetched the test page through nginx); server A is killed during each and
restarted between them.

Usage: two_servers_kill_test.py BIMTEK_BINARY WILAYAH_CSV
Needs BIMTEK_TEST_PG_URL (scripts/with-postgres.sh sets it) and /usr/sbin/nginx. Exits 77 (CTest
skip) when either is missing, unless BIMTEK_REQUIRE_PG=1. Standard library only.
"""
import csv
import http.client
import io
import json
import re
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

SKIP = 77
REQUESTS = 240          # writes, each a file of TPS_PER_FILE new TPS
TPS_PER_FILE = 3
THREADS = 8
KILL_AFTER = 60         # SIGKILL server A once this many writes were acknowledged
PARTICIPANTS = 48       # submits: one participant each (KPPS of DESA)
KILL_AFTER_SUBMITS = 16
DESA = "32.71.01.1001"  # the participants' desa
SCOPE = "32.71"         # Kota Bogor: the demo region and the operator's scope


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_healthy(port, proc, what, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"{what} exited early with {proc.returncode}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"{what} did not become healthy on port {port}")


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return r.stdout


def main():
    bimtek, wilayah = sys.argv[1], sys.argv[2]
    required = os.environ.get("BIMTEK_REQUIRE_PG") == "1"
    base_url = os.environ.get("BIMTEK_TEST_PG_URL", "")
    nginx = "/usr/sbin/nginx"
    if not base_url or not os.access(nginx, os.X_OK):
        print("skipped: needs BIMTEK_TEST_PG_URL (scripts/with-postgres.sh) and /usr/sbin/nginx")
        return 1 if required and not base_url else SKIP

    work = tempfile.mkdtemp(prefix="bimtek-kill-")
    os.chmod(work, 0o755)
    schema = f"kill_{os.getpid()}"
    url = base_url + ("&" if "?" in base_url else "?") + "schema=" + schema
    env = dict(os.environ, BIMTEK_DB=url, BIMTEK_KEY_FILE=os.path.join(work, "key"))
    run([bimtek, "demo"], env=env)

    # Desa of the scope, for new TPS codes (numbers 700.. are never made by the demo).
    desa = []
    with open(wilayah, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["kode"]
            if code.startswith(SCOPE + ".") and code.count(".") == 3:
                desa.append(code.replace(".", ""))
    assert len(desa) * 250 >= REQUESTS * TPS_PER_FILE, "not enough desa for the load"

    procs = {}
    ports = {"A": free_port(), "B": free_port()}
    for name, port in ports.items():
        log = open(os.path.join(work, f"server-{name}.log"), "w")
        procs[name] = subprocess.Popen(
            [bimtek, "serve", "--listen", f"127.0.0.1:{port}", "--threads", "2",
             "--trusted-proxy", "127.0.0.1"],
            env=env, stdout=log, stderr=subprocess.STDOUT)
    for name, port in ports.items():
        wait_healthy(port, procs[name], f"server {name}")

    nginx_port = free_port()
    conf = os.path.join(work, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""
daemon off;
worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {work}/body;
  proxy_temp_path {work}/proxy;
  fastcgi_temp_path {work}/fastcgi;
  uwsgi_temp_path {work}/uwsgi;
  scgi_temp_path {work}/scgi;
  upstream bimtek {{
    server 127.0.0.1:{ports['A']} max_fails=1 fail_timeout=30s;
    server 127.0.0.1:{ports['B']} max_fails=1 fail_timeout=30s;
    keepalive 32;
  }}
  server {{
    listen 127.0.0.1:{nginx_port};
    client_max_body_size 64m;
    location / {{
      proxy_pass http://bimtek;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_next_upstream error timeout;
    }}
  }}
}}
""")
    nginx_proc = subprocess.Popen([nginx, "-c", conf, "-p", work],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    def start_a():
        log = open(os.path.join(work, "server-A2.log"), "w")
        procs["A"] = subprocess.Popen(
            [bimtek, "serve", "--listen", f"127.0.0.1:{ports['A']}", "--threads", "2",
             "--trusted-proxy", "127.0.0.1"],
            env=env, stdout=log, stderr=subprocess.STDOUT)
        wait_healthy(ports["A"], procs["A"], "server A (restarted)")

    try:
        wait_healthy(nginx_port, nginx_proc, "nginx")
        rc = load_and_check(bimtek, env, nginx_port, procs, desa, work)
        if rc != 0:
            return rc
        start_a()
        # nginx marked A as failed for fail_timeout: both must serve again before the next load.
        time.sleep(0.2)
        return submits_and_check(bimtek, env, nginx_port, procs, work)
    finally:
        nginx_proc.terminate()
        for p in procs.values():
            if p.poll() is None:
                p.terminate()
        for p in list(procs.values()) + [nginx_proc]:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


def login(port):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = json.dumps({"username": "kpu-kota-bogor", "password": "kpu-kota-bogor-demo"})
    c.request("POST", "/api/v1/login", body=body, headers={"Content-Type": "application/json"})
    r = c.getresponse()
    data = r.read()
    if r.status != 200:
        raise SystemExit(f"login failed: {r.status} {data!r}")
    cookie = r.getheader("Set-Cookie").split(";")[0]
    return cookie, json.loads(data)["csrf_token"]


def audit_entries(port, cookie):
    """Every import.tps entry of the operator's scope, through GET /api/v1/audit (paged)."""
    out, before = [], None
    while True:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        q = "/api/v1/audit?action=import.tps&limit=1000" + (f"&before={before}" if before else "")
        c.request("GET", q, headers={"Cookie": cookie})
        r = c.getresponse()
        data = r.read()
        if r.status != 200:
            raise SystemExit(f"audit read failed: {r.status} {data[:300]!r}")
        page = json.loads(data)
        out.extend(page["entries"])
        before = page.get("next_before")
        if not before:
            return out


def load_and_check(bimtek, env, port, procs, desa, work):
    cookie, csrf = login(port)
    files = []
    for i in range(REQUESTS):
        codes = []
        for k in range(TPS_PER_FILE):
            n = i * TPS_PER_FILE + k
            codes.append(f"{desa[n % len(desa)]}{700 + n // len(desa):03d}")
        files.append((f"kill-{i:04d}.csv", codes))

    acked = {}          # file name -> attempts until acknowledged
    errors = []
    lock = threading.Lock()
    killed = threading.Event()
    next_index = [0]

    def worker():
        conn = None
        while True:
            with lock:
                if next_index[0] >= len(files):
                    return
                i = next_index[0]
                next_index[0] += 1
            name, codes = files[i]
            body = "kode_tps,dpt\n" + "".join(f"{c},{200 + j}\n" for j, c in enumerate(codes))
            for attempt in range(1, 20):
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    conn.request("POST", f"/api/v1/import/tps?file_name={name}", body=body,
                                 headers={"Content-Type": "text/csv", "Cookie": cookie,
                                          "X-CSRF-Token": csrf})
                    r = conn.getresponse()
                    data = r.read()
                    if r.status == 200:
                        with lock:
                            acked[name] = attempt
                            if len(acked) >= KILL_AFTER and not killed.is_set():
                                killed.set()
                                procs["A"].send_signal(signal.SIGKILL)
                        break
                    if r.status in (502, 503, 504):
                        time.sleep(0.05)
                        continue
                    with lock:
                        errors.append(f"{name}: HTTP {r.status} {data[:300]!r}")
                    break
                except (OSError, http.client.HTTPException):
                    # The connection died with the server: not acknowledged, send again.
                    conn = None
                    time.sleep(0.05)
            else:
                with lock:
                    errors.append(f"{name}: not acknowledged after retries")

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    start = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - start
    if errors:
        print("\n".join(errors[:20]))
        return 1
    if not killed.is_set() or procs["A"].wait(timeout=10) != -signal.SIGKILL:
        print("server A was not killed during the load")
        return 1

    # Every acknowledged TPS is in the database, each once.
    run([bimtek, "export", "tps", "--scope", SCOPE, "--out", os.path.join(work, "tps.csv")],
              env=env)
    seen = {}
    with open(os.path.join(work, "tps.csv"), encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            seen[row["kode_tps"]] = seen.get(row["kode_tps"], 0) + 1
    missing = [c for name, codes in files if name in acked for c in codes if seen.get(c) != 1]
    # Every acknowledged import has its audit entry, exactly one when it was sent once (a
    # resend after a lost answer may add an entry with nothing inserted).
    per_file = {}
    for e in audit_entries(port, cookie):
        per_file[e["target"]] = per_file.get(e["target"], 0) + 1
    audit_problems = []
    for name, attempts in acked.items():
        n = per_file.get(f"file:{name}", 0)
        if n == 0 or (attempts == 1 and n != 1):
            audit_problems.append(f"{name}: {n} audit entries after {attempts} sends")
    retried = sum(1 for a in acked.values() if a > 1)
    print(f"{len(acked)} writes acknowledged in {elapsed:.1f} s through nginx; server A killed "
          f"after {KILL_AFTER}; {retried} sent more than once; "
          f"{len(missing)} acknowledged TPS missing or duplicated; "
          f"{len(audit_problems)} audit mismatches")
    if missing or audit_problems or len(acked) != REQUESTS:
        print("\n".join((missing + audit_problems)[:20]))
        return 1
    return 0


def request(port, method, path, body=None, headers=None, conn=None):
    c = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    return r.status, r.getheader("Set-Cookie"), r.read()


def participants(bimtek, env, work):
    """(code, birth date) of the first PARTICIPANTS KPPS of DESA: clear NIK and birth date from
    `bimtek export people` (the operator's key), a fresh code from `bimtek user reissue-code`
    (the NIK on standard input, never on the command line)."""
    out = os.path.join(work, "people.csv")
    run([bimtek, "export", "people", "--scope", DESA, "--format", "csv", "--out", out], env=env)
    rows = []
    with open(out, encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if row.get("peran") == "KPPS":
                rows.append(row)
    people = []
    for row in rows[:PARTICIPANTS]:
        r = subprocess.run([bimtek, "user", "reissue-code"], input=row["nik"] + "\n",
                           capture_output=True, text=True, env=env)
        if r.returncode != 0:
            raise SystemExit(f"reissue-code failed: {r.stdout}\n{r.stderr}")
        codes = re.findall(r"\b[A-Z0-9]{10}\b", r.stdout)
        if not codes:
            raise SystemExit(f"no access code in: {r.stdout!r}")
        people.append((codes[-1], row["tanggal_lahir"]))
    if len(people) < PARTICIPANTS:
        raise SystemExit(f"only {len(people)} participants in {DESA}")
    return people


def submits_and_check(bimtek, env, port, procs, work):
    cookie, csrf = login(port)
    now = int(time.time())
    status, _, data = request(port, "POST", "/api/v1/tests", json.dumps({
        "name": "Kill test", "kind": "pre", "scope": DESA, "opens": now - 60,
        "closes": now + 3600, "blueprint": "M1:2,M3:2"}),
        {"Content-Type": "application/json", "Cookie": cookie, "X-CSRF-Token": csrf})
    if status != 201:
        raise SystemExit(f"test create failed: {status} {data[:300]!r}")
    test_id = json.loads(data)["test"]["id"]
    people = participants(bimtek, env, work)

    acked = {}          # participant index -> (sends until acknowledged, duplicate flag)
    errors = []
    lock = threading.Lock()
    killed = threading.Event()
    next_index = [0]

    def with_retries(what, fn, sends=None):
        for _ in range(40):
            if sends is not None:
                sends[0] += 1
            try:
                status, cookie_header, data = fn()
            except (OSError, http.client.HTTPException):
                time.sleep(0.05)  # the connection died with the server: send again
                continue
            if status in (502, 503, 504):
                time.sleep(0.05)
                continue
            return status, cookie_header, data
        raise RuntimeError(f"{what}: no answer after retries")

    def worker():
        while True:
            with lock:
                if next_index[0] >= len(people):
                    return
                i = next_index[0]
                next_index[0] += 1
            code, birth = people[i]
            try:
                status, set_cookie, data = with_retries("login", lambda: request(
                    port, "POST", "/api/v1/login/participant",
                    json.dumps({"code": code, "birth_date": birth}),
                    {"Content-Type": "application/json"}))
                if status != 200:
                    raise RuntimeError(f"login HTTP {status} {data[:200]!r}")
                pc = set_cookie.split(";")[0]
                pcsrf = json.loads(data)["csrf_token"]
                status, _, page = with_retries("fetch", lambda: request(
                    port, "GET", f"/ujian/{test_id}", headers={"Cookie": pc}))
                m = re.search(rb'name="key" value="([^"]+)"', page)
                if status != 200 or not m:
                    raise RuntimeError(f"test page HTTP {status} without a key")
                body = json.dumps({"key": m.group(1).decode(), "answers": {}})
                # Sent again with the same key until answered (a send the killed server took
                # may have been stored: the resend then answers "duplicate").
                sends = [0]
                status, _, data = with_retries("submit", lambda: request(
                    port, "POST", f"/api/v1/tests/{test_id}/submit", body,
                    {"Content-Type": "application/json", "Cookie": pc,
                     "X-CSRF-Token": pcsrf}), sends)
                if status != 200:
                    raise RuntimeError(f"submit HTTP {status} {data[:200]!r}")
                with lock:
                    acked[i] = (sends[0], bool(json.loads(data).get("duplicate")))
                    if len(acked) >= KILL_AFTER_SUBMITS and not killed.is_set():
                        killed.set()
                        procs["A"].send_signal(signal.SIGKILL)
            except RuntimeError as e:
                with lock:
                    errors.append(f"participant {i}: {e}")

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        print("\n".join(errors[:20]))
        return 1
    if not killed.is_set() or procs["A"].wait(timeout=10) != -signal.SIGKILL:
        print("server A was not killed during the submits")
        return 1
    # Every acknowledged submit is stored, once: as many attempts as participants acknowledged
    # (the store refuses a second attempt of a person; a resend returns the first).
    status, _, data = request(port, "GET", f"/api/v1/tests/{test_id}/results",
                              headers={"Cookie": cookie})
    if status != 200:
        raise SystemExit(f"results failed: {status} {data[:300]!r}")
    stored = json.loads(data)["total"]["attempts"]
    first_time_dupes = sum(1 for sends, dup in acked.values() if sends == 1 and dup)
    resent = sum(1 for sends, _ in acked.values() if sends > 1)
    print(f"{len(acked)} submits acknowledged through nginx; server A killed after "
          f"{KILL_AFTER_SUBMITS}; {resent} sent more than once; {stored} attempts stored; "
          f"{first_time_dupes} first sends answered as duplicates")
    if len(acked) != PARTICIPANTS or stored != len(acked) or first_time_dupes:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
