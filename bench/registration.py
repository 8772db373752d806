"""Mass-testing registration benchmark (PostgreSQL, gunicorn on loopback).

1. Batch path: P people in P/pool tubes through POST /api/labtests/sync/ from C terminals, batches of 50 events,
   the terminals scanning at 3,000 people/s in all (an open loop: each batch is due at its time whatever the
   server does, and its latency counts from then). Then more people on other terminals as fast as the server
   takes them (a closed loop: the most it can do). Targets: >= 3,000 people/s sustained, p99 batch latency
   < 500 ms.
2. The stored sample rows loaded raw with COPY into a plain table (the engine's floor), and the ratio.
3. One request per scan: S terminals POST /api/labtests/scan/, paced at 500 scans/s, then closed loop (targets:
   >= 500 scans/s, p99 < 100 ms).
4. Importing one result per tube (1 % positive) with `wangge import_tube_results`, member fan-out included
   (target: 100,000 results <= 20 s; the 1,000,000 people of step 1 are in 100,000 tubes).

The simulated terminals are a lean load generator (pre-encoded requests over raw sockets, in two processes) so
that they take as little as possible of the CPU the server is measured on; they share the two cores anyway.

    python bench/registration.py                   # 1,000,000 people, 50 terminals (the issue's figures)
    python bench/registration.py --people 20000 --saturation-people 20000 --scan-seconds 5   # a smoke run

Writes bench/results/registration.json.
"""

import argparse
import concurrent.futures
import json
import os
import platform
import random
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "wangge_bench_reg"
CLIENT_PROCESSES = 2
PG = "postgres://postgres@127.0.0.1:5432"


def psql(sql: str, db: str = "postgres"):
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-qc", sql], check=True,
                   stdout=subprocess.DEVNULL)


def percentile(values, p):
    values = sorted(values)
    return round(values[min(len(values) - 1, int(len(values) * p / 100))], 1) if values else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup(terminals: int, scan_terminals: int):
    """A fresh database with a minimal district, one campaign, a site and the terminals; returns a token."""
    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB}")
    env = {**os.environ, "DATABASE_URL": f"{PG}/{DB}"}
    subprocess.run([sys.executable, "-m", "wangge", "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    os.environ["DATABASE_URL"] = f"{PG}/{DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangge.settings")
    import django

    django.setup()
    from rest_framework.authtoken.models import Token

    from wangge.accounts.models import User
    from wangge.labtests.models import Campaign, SamplingSite, Terminal
    from wangge.regions.models import Region

    district = Region.objects.create(code="320684", name="海门区", level="district")
    town = Region.objects.create(code="320684102", name="三星镇", level="town", parent=district)
    village = Region.objects.create(code="320684102001", name="大石村", level="village", parent=town)
    campaign = Campaign.objects.create(name="压测轮次", region=district, start_date="2021-08-03",
                                       end_date="2021-08-03")
    site = SamplingSite.objects.create(campaign=campaign, name="压测采样点", region=village)
    Terminal.objects.bulk_create([Terminal(code=f"{prefix}-{i:04d}", site=site, region_code=site.region_code)
                                  for prefix in "BC" for i in range(terminals)] +
                                 [Terminal(code=f"S-{i:04d}", site=site, region_code=site.region_code)
                                  for i in range(scan_terminals)])
    user = User.objects.create_user("bench", password="x", role="sampling_staff", region=district)
    return Token.objects.create(user=user).key, env


def start_server(port: int, env: dict, workers: int) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "wangge.wsgi", "-b", f"127.0.0.1:{port}",
                               "-w", str(workers), "--backlog", "2048", "--timeout", "60"],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def post(port: int, request: bytes) -> tuple[int, bytes]:
    """One POST over a fresh loopback connection, the request already encoded (a load generator in the manner of
    wrk: the simulated terminals must not eat the CPU the server is measured on). Returns (status, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as conn:
        conn.sendall(request)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    head, _sep, body = b"".join(chunks).partition(b"\r\n\r\n")
    return int(head[9:12]), body


def encode(port: int, token: str, path: str, body: dict) -> bytes:
    data = json.dumps(body, separators=(",", ":")).encode()
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Token {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\nConnection: close\r\n\r\n"
            ).encode() + data


def terminal_batches(port, token, terminal, terminal_no, tubes, pool, batch):
    """A terminal's whole day as encoded sync requests of `batch` events (the reference client's events)."""
    from wangge.labtests import terminal_client as tc

    events = list(tc.events_for(terminal, terminal_no, tubes, pool))
    return [encode(port, token, "/api/labtests/sync/", {"terminal": terminal, "events": events[i:i + batch]})
            for i in range(0, len(events), batch)]


def run_terminal(port: int, requests: list[bytes], stop: float, interval: float = 0.0, offset: float = 0.0) -> dict:
    """Send the requests one after the other, each until it is answered (what a terminal does).

    With `interval`, request k is due at start + offset + k × interval (an open loop: the terminal scans at its
    own pace whatever the server does) and its latency counts from when it was due, so a server that falls behind
    shows it; without, the next request goes as soon as the last is answered (a closed loop: the most the server
    can take, where latency is only the queue of the other terminals)."""
    out = {"latencies_ms": [], "due_s": [], "retries": 0, "rejected": 0, "sent": 0}
    start = time.perf_counter() + offset
    for k, request in enumerate(requests):
        due = start + k * interval if interval else time.perf_counter()
        if interval and due > time.perf_counter():
            time.sleep(due - time.perf_counter())
        while time.monotonic() < stop:
            try:
                status, body = post(port, request)
            except OSError:
                status, body = 0, b""
            if status == 200 or (status == 400 and b'"rejected"' in body):
                out["latencies_ms"].append((time.perf_counter() - due) * 1000)
                out["due_s"].append(due)
                out["rejected"] += len(json.loads(body).get("rejected", ()))
                out["sent"] += 1
                break
            out["retries"] += 1
            time.sleep(0.2)
        else:
            break
    return out


def load_process(port: int, terminals: list[list[bytes]], stop: float, interval: float) -> dict:
    """One client process: a thread per terminal, their start times spread over one interval."""
    n = len(terminals)
    with concurrent.futures.ThreadPoolExecutor(n) as pool_:
        outputs = list(pool_.map(lambda i: run_terminal(port, terminals[i], stop, interval, interval * i / n),
                                 range(n)))
    return {"latencies_ms": [x for o in outputs for x in o["latencies_ms"]],
            "due_s": [x for o in outputs for x in o["due_s"]],
            "retries": sum(o["retries"] for o in outputs), "rejected": sum(o["rejected"] for o in outputs),
            "sent": sum(o["sent"] for o in outputs)}


def timeline(started: float, due: list[float], latencies: list[float], window: int = 30) -> list[dict]:
    """p50/p99 per `window` seconds of the run (by when requests were due): where the slow ones were."""
    buckets: dict[int, list[float]] = {}
    for d, latency in zip(due, latencies, strict=True):
        buckets.setdefault(int((d - started) // window), []).append(latency)
    return [{"from_s": k * window, "requests": len(v), "p50_ms": percentile(v, 50), "p99_ms": percentile(v, 99)}
            for k, v in sorted(buckets.items())]


def run_load(port: int, terminals: list[list[bytes]], seconds: float, interval: float = 0.0,
             processes: int = CLIENT_PROCESSES) -> dict:
    """Drive the terminals from `processes` client processes (threads in one process would queue on its GIL
    and add their wait to every latency)."""
    from django.db import connections

    connections.close_all()  # no database connection shared with the forked clients
    stop = time.monotonic() + seconds
    shares = [terminals[i::processes] for i in range(processes)]
    started = time.perf_counter()
    with concurrent.futures.ProcessPoolExecutor(processes) as pool_:
        outputs = list(pool_.map(load_process, [port] * processes, shares, [stop] * processes,
                                 [interval] * processes))
    elapsed = time.perf_counter() - started
    latencies = [x for o in outputs for x in o["latencies_ms"]]
    return {"elapsed": elapsed, "latencies_ms": latencies,
            "timeline": timeline(started, [x for o in outputs for x in o["due_s"]], latencies),
            "retries": sum(o["retries"] for o in outputs), "rejected": sum(o["rejected"] for o in outputs),
            "sent": sum(o["sent"] for o in outputs)}


def batch_path(port, token, prefix, terminals, people, pool, batch, rate=0):
    """`people` registered by `terminals` terminals in batches; at `rate` people/s in all (0: as fast as it goes)."""
    tubes_each = people // pool // terminals
    requests = [terminal_batches(port, token, f"{prefix}-{i:04d}", i + (20_000 if prefix == "C" else 0),
                                 tubes_each, pool, batch) for i in range(terminals)]
    interval = (people / rate) / len(requests[0]) if rate else 0.0
    out = run_load(port, requests, 7200, interval)
    latencies = out["latencies_ms"]
    registered = tubes_each * terminals * pool
    return {"people": registered, "tubes": tubes_each * terminals, "terminals": terminals, "batch_events": batch,
            "offered_people_per_s": rate or None, "requests": out["sent"], "seconds": round(out["elapsed"], 2),
            "people_per_s": round(registered / out["elapsed"]),
            "batch_p50_ms": percentile(latencies, 50), "batch_p99_ms": percentile(latencies, 99),
            "retries": out["retries"], "rejected": out["rejected"], "timeline": out["timeline"]}


def scan_path(port, token, terminals, seconds, rate=0):
    """One request per scan from `terminals` terminals for `seconds`; at `rate` scans/s in all (0: closed loop)."""
    from wangge.labtests import terminal_client as tc

    per_terminal = int(seconds * (rate or 1000) / terminals * 1.2) + 20
    first = 0 if not rate else 50_000  # a second run registers other tubes
    requests = []
    for i in range(terminals):
        events = tc.events_for(f"S-{i:04d}", 10_000 + i, per_terminal // 12 + 1, 10, first_tube=first)
        requests.append([encode(port, token, "/api/labtests/scan/", {"terminal": f"S-{i:04d}", **event})
                         for event in events])
    out = run_load(port, requests, seconds, terminals / rate if rate else 0.0)
    latencies = out["latencies_ms"]
    return {"terminals": terminals, "offered_scans_per_s": rate or None, "seconds": round(out["elapsed"], 2),
            "scans": len(latencies), "scans_per_s": round(len(latencies) / out["elapsed"]),
            "p50_ms": percentile(latencies, 50), "p99_ms": percentile(latencies, 99), "rejected": out["rejected"]}


def stack_ceiling(port, token, terminals, seconds):
    """The same server answering an authenticated API request that does next to nothing (one indexed lookup:
    GET /api/labtests/latest-negative/), closed loop from `terminals` clients: the most requests a second the
    stack (gunicorn, Django, DRF, token auth) serves on this machine, whatever a scan does."""
    from wangge.labtests.terminal_client import synthetic_id

    request = (f"GET /api/labtests/latest-negative/?id_number={synthetic_id(0, 0)} HTTP/1.1\r\n"
               f"Host: 127.0.0.1:{port}\r\nAuthorization: Token {token}\r\nConnection: close\r\n\r\n").encode()
    out = run_load(port, [[request] * (seconds * 1000) for _ in range(terminals)], seconds)
    latencies = out["latencies_ms"]
    return {"terminals": terminals, "requests": len(latencies),
            "requests_per_s": round(len(latencies) / out["elapsed"]),
            "p50_ms": percentile(latencies, 50), "p99_ms": percentile(latencies, 99)}


def raw_copy():
    """COPY the stored samples' columns into a plain table: what the engine needs at the least."""
    import psycopg

    with psycopg.connect(f"{PG}/{DB}", autocommit=True) as conn:
        rows = conn.execute("SELECT tube_id, campaign_id, resident_id, id_number, name, phone, region_code, "
                            "scanned_at, terminal_id, event_id, in_other_tube FROM labtests_sample").fetchall()
        conn.execute("DROP TABLE IF EXISTS raw_sample")
        conn.execute("CREATE TABLE raw_sample (tube_id bigint, campaign_id bigint, resident_id bigint, "
                     "id_number varchar(18), name varchar(50), phone varchar(11), region_code varchar(15), "
                     "scanned_at timestamptz, terminal_id bigint, event_id varchar(64), in_other_tube boolean)")
        started = time.perf_counter()
        with conn.cursor() as cur, cur.copy("COPY raw_sample FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        seconds = time.perf_counter() - started
        conn.execute("DROP TABLE raw_sample")
    return {"rows": len(rows), "seconds": round(seconds, 2), "rows_per_s": round(len(rows) / seconds)}


def seed_result_tubes(count: int, pool: int) -> None:
    """`count` closed tubes of `pool` visitors each, written with COPY (the results step needs the tubes, not the
    API path that registers them, which the batch path measures)."""
    import datetime

    from django.db import transaction

    from wangge.core.bulk import fast_insert
    from wangge.labtests import terminal_client as tc
    from wangge.labtests.models import Sample, Terminal, Tube

    terminal = Terminal.objects.select_related("site").get(code="B-0000")
    at = datetime.datetime(2021, 8, 3, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    with transaction.atomic():
        fast_insert(Tube, [{"barcode": f"R-{t:07d}", "pool_size": pool, "members": pool} for t in range(count)],
                    campaign_id=terminal.site.campaign_id, site_id=terminal.site_id, terminal_id=terminal.pk,
                    region_code=terminal.region_code, state="closed", opened_at=at, closed_at=at, result="", lab="")
        ids = dict(Tube.objects.filter(barcode__startswith="R-").values_list("barcode", "id"))
        fast_insert(Sample, [{"tube_id": ids[f"R-{t:07d}"], "event_id": f"R-{t:07d}-{k}",
                              "id_number": tc.synthetic_id(9000 + t // 100_000, t * pool + k)}
                             for t in range(count) for k in range(pool)],
                    campaign_id=terminal.site.campaign_id, name="访客", phone="", region_code=terminal.region_code,
                    scanned_at=at, terminal_id=terminal.pk, in_other_tube=False)


def results_import(env, positive_share=0.01, prefix="B-"):
    from wangge.labtests.models import Tube

    barcodes = list(Tube.objects.filter(barcode__startswith=prefix).values_list("barcode", flat=True))
    rng = random.Random(2021)
    path = ROOT / "bench" / "data" / "tube_results.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("barcode,result,tested_at,lab\n")
        for b in barcodes:
            result = "positive" if rng.random() < positive_share else "negative"
            f.write(f"{b},{result},2021-08-03T20:00:00+08:00,海门区疾控中心\n")
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "wangge", "import_tube_results", str(path), "--no-progress"],
                         env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    return {"results": len(barcodes), "seconds": round(seconds, 2), "summary": out.stdout.strip().splitlines()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--terminals", type=int, default=50)
    parser.add_argument("--pool", type=int, default=10)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--scan-terminals", type=int, default=100)
    parser.add_argument("--scan-seconds", type=int, default=20)
    parser.add_argument("--rate", type=int, default=3000, help="people/s the terminals scan at in all")
    parser.add_argument("--saturation-people", type=int, default=200_000,
                        help="people registered after, on other terminals, as fast as the server takes them")
    parser.add_argument("--scan-rate", type=int, default=500, help="scans/s in all on the one-per-request path")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--result-tubes", type=int, default=100_000,
                        help="also time importing this many results for tubes written directly (0: skip)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "registration.json"))
    args = parser.parse_args()

    token, env = setup(args.terminals, args.scan_terminals)
    port = free_port()
    server = start_server(port, env, args.workers)
    try:
        batch = batch_path(port, token, "B", args.terminals, args.people, args.pool, args.batch, rate=args.rate)
        print("batch path, paced:", batch, flush=True)
        most = batch_path(port, token, "C", args.terminals, args.saturation_people, args.pool, args.batch)
        print("batch path, closed loop:", most, flush=True)
        scan = scan_path(port, token, args.scan_terminals, args.scan_seconds, rate=args.scan_rate)
        print("scan path, paced:", scan, flush=True)
        scan_most = scan_path(port, token, args.scan_terminals, args.scan_seconds)
        print("scan path, closed loop:", scan_most, flush=True)
        ceiling = stack_ceiling(port, token, args.scan_terminals, args.scan_seconds)
        print("stack ceiling (authenticated no-op request):", ceiling, flush=True)
    finally:
        server.terminate()
        server.wait()
    raw = raw_copy()
    raw_rate = raw["rows"] / raw["seconds"] if raw["seconds"] else None
    results = results_import(env)
    print("results import:", results, flush=True)
    if args.result_tubes and results["results"] < args.result_tubes:
        seed_result_tubes(args.result_tubes, args.pool)
        results = results_import(env, prefix="R-")
        print(f"results import ({args.result_tubes} tubes):", results, flush=True)
    report = {
        "benchmark": "registration", "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "database": "postgresql", "gunicorn_workers": args.workers, "client_processes": CLIENT_PROCESSES,
        "batch_path": batch, "batch_path_closed_loop": most, "raw_copy": raw,
        "ratio_vs_raw_copy": round(raw_rate / most["people_per_s"], 1) if raw_rate else None,
        "scan_path": scan, "scan_path_closed_loop": scan_most, "stack_ceiling": ceiling, "results_import": results,
        "targets": {"people_per_s": 3000, "batch_p99_ms": 500, "scans_per_s": 500, "scan_p99_ms": 100,
                    "results_100k_seconds": 20},
        # Sustained: the server takes the paced 3,000 people/s with p99 under 500 ms, and has room above it.
        "met": {
            "people_per_s": args.rate >= 3000 and most["people_per_s"] >= 3000 and batch["batch_p99_ms"] < 500,
            "batch_p99_ms": batch["batch_p99_ms"] < 500,
            "scans_per_s": args.scan_rate >= 500 and scan_most["scans_per_s"] >= 500 and scan["p99_ms"] < 100,
            "scan_p99_ms": scan["p99_ms"] < 100,
            "results_import": results["results"] >= 100_000 and results["seconds"] <= 20,
        },
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(report["met"]))


if __name__ == "__main__":
    main()
