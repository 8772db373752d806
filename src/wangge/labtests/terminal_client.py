"""A reference registration terminal: scans synthetic people into tubes and syncs them in batches, resending
each batch until the server acknowledges it (what a real terminal does on a patchy network).

Used by the fault test and by bench/registration.py; also a worked example for terminal developers:

    python -m wangge.labtests.terminal_client --url http://127.0.0.1:8000 --token TOKEN --terminal T-0001 \
        --tubes 100 --pool 10 --batch 50

Prints one JSON line at the end: events sent, batches, retries and the latency of every acknowledged batch.
"""

import argparse
import datetime
import json
import sys
import time
import urllib.error
import urllib.request

from wangge.core.ids import check_digit

CST = datetime.timezone(datetime.timedelta(hours=8))


def synthetic_id(terminal_no: int, person_no: int) -> str:
    """A valid ID number unique per (terminal, person): visitors from 110105, birth date spreads the numbers."""
    day = datetime.date(1950, 1, 1) + datetime.timedelta(days=(terminal_no * 7919 + person_no // 1000) % 25000)
    body = f"110105{day:%Y%m%d}{person_no % 1000:03d}"
    return body + check_digit(body)


def events_for(terminal: str, terminal_no: int, tubes: int, pool: int, first_tube: int = 0):
    start = datetime.datetime(2021, 8, 3, 8, 0, tzinfo=CST)
    person = 0
    for t in range(first_tube, first_tube + tubes):
        barcode = f"{terminal}-{t:07d}"
        at = start + datetime.timedelta(seconds=t * 30)
        yield {"event_id": f"{barcode}-o", "type": "open_tube", "barcode": barcode, "pool_size": pool,
               "at": at.isoformat()}
        for k in range(pool):
            yield {"event_id": f"{barcode}-{k}", "type": "add_person", "barcode": barcode,
                   "id_number": synthetic_id(terminal_no, t * pool + k), "name": "访客",
                   "at": (at + datetime.timedelta(seconds=k + 1)).isoformat()}
            person += 1
        yield {"event_id": f"{barcode}-c", "type": "close_tube", "barcode": barcode,
               "at": (at + datetime.timedelta(seconds=pool + 1)).isoformat()}


def send(url: str, token: str, body: dict, timeout: float = 10.0) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "Content-Type": "application/json", "Authorization": f"Token {token}"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def run(url: str, token: str, terminal: str, terminal_no: int, tubes: int, pool: int, batch: int,
        deadline: float, first_tube: int = 0) -> dict:
    events = list(events_for(terminal, terminal_no, tubes, pool, first_tube))
    stats = {"terminal": terminal, "events": len(events), "batches": 0, "retries": 0, "rejected": 0,
             "latencies_ms": []}
    for i in range(0, len(events), batch):
        body = {"terminal": terminal, "events": events[i:i + batch]}
        while True:
            if time.monotonic() > deadline:
                stats["gave_up"] = True
                return stats
            started = time.perf_counter()
            try:
                answer = send(f"{url}/api/labtests/sync/", token, body)
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                stats["retries"] += 1
                time.sleep(0.2)
                continue
            stats["latencies_ms"].append(round((time.perf_counter() - started) * 1000, 2))
            stats["rejected"] += len(answer["rejected"])
            stats["batches"] += 1
            break
    return stats


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--terminal", required=True)
    parser.add_argument("--terminal-no", type=int, default=0)
    parser.add_argument("--tubes", type=int, default=10)
    parser.add_argument("--first-tube", type=int, default=0)
    parser.add_argument("--pool", type=int, default=10)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args(argv)
    stats = run(args.url, args.token, args.terminal, args.terminal_no, args.tubes, args.pool, args.batch,
                time.monotonic() + args.timeout, args.first_tube)
    sys.stdout.write(json.dumps(stats) + "\n")


if __name__ == "__main__":
    main()
