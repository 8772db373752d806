"""The fault test: terminals keep syncing while the server is killed with SIGKILL and restarted twice.

Runs on PostgreSQL (a real server process needs a database it can share with the test); skipped on SQLite,
whose test database lives in memory."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.db import connection

from wangge.accounts.choices import Role
from wangge.conftest import make_user
from wangge.labtests.models import Campaign, Sample, SamplingSite, ScanEvent, Terminal, Tube

TERMINALS, TUBES, POOL, BATCH = 4, 30, 5, 8

pytestmark = pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("sqlite")
                                or not os.environ.get("DATABASE_URL"), reason="needs PostgreSQL")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, env: dict) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "wangge.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--timeout", "30"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def wait_until(condition, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the terminals made no progress")
        time.sleep(0.05)


def kill(server: subprocess.Popen):
    os.killpg(server.pid, signal.SIGKILL)
    server.wait()


@pytest.mark.django_db(transaction=True)
def test_nothing_is_lost_or_doubled_when_the_server_is_killed_twice(district):
    from rest_framework.authtoken.models import Token

    campaign = Campaign.objects.create(name="故障演练", region=district["district"], start_date="2021-08-03",
                                       end_date="2021-08-03")
    site = SamplingSite.objects.create(campaign=campaign, name="演练采样点", region=district["village"])
    codes = [f"F-{i:03d}" for i in range(TERMINALS)]
    for code in codes:
        Terminal.objects.create(code=code, site=site)
    staff = make_user("fault-sampler", Role.SAMPLING_STAFF, district["town"])
    token = Token.objects.create(user=staff).key

    settings_dict = connection.settings_dict
    env = {**os.environ, "DATABASE_URL": (f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:"
                                          f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}")}
    port = free_port()
    server = start_server(port, env)
    clients = [subprocess.Popen(
        [sys.executable, "-m", "wangge.labtests.terminal_client", "--url", f"http://127.0.0.1:{port}",
         "--token", token, "--terminal", code, "--terminal-no", str(i), "--tubes", str(TUBES), "--pool", str(POOL),
         "--batch", str(BATCH), "--timeout", "120"], env=env, stdout=subprocess.PIPE, text=True)
        for i, code in enumerate(codes)]
    try:
        total = TERMINALS * TUBES * (POOL + 2)
        for share in (0.2, 0.6):  # kill when a fifth, then three fifths of the events are stored
            wait_until(lambda share=share: ScanEvent.objects.count() >= share * total)
            kill(server)
            time.sleep(0.5)
            server = start_server(port, env)
        outputs = [json.loads(c.communicate(timeout=150)[0]) for c in clients]
    finally:
        kill(server)
        for c in clients:
            c.kill()
    assert all(not o.get("gave_up") for o in outputs)
    assert sum(o["retries"] for o in outputs) > 0, "the server was never caught mid-run: the test proved nothing"
    people = TERMINALS * TUBES * POOL
    assert Sample.objects.count() == people
    assert Sample.objects.values("id_number").distinct().count() == people
    assert Tube.objects.count() == TERMINALS * TUBES
    assert set(Tube.objects.values_list("members", flat=True)) == {POOL}
    assert ScanEvent.objects.count() == TERMINALS * TUBES * (POOL + 2)
    assert sum(o["rejected"] for o in outputs) == 0
