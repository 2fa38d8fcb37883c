#!/usr/bin/env python3
"""How fast can a warm refresh be with httpx? The floor under issue 3's warm target.

    python benchmarks/warm_floor.py [--feeds 200] [--hosts 50] [--latency-ms 40]
        [--runs 5] [--port 8800]

Starts ../shared/bench/feedfarm.py as refresh_vs_newsboat.py does, fills monitor-tui's
and newsboat's caches, then takes turns timing, as whole processes (wall seconds):

- ``python -c pass``: the interpreter alone;
- ``import httpx``: the interpreter and httpx with what its first request loads;
- ``httpx only, 1 process``: a script with no monitor-tui code that only sends the
  feeds' conditional GETs (If-None-Match, every answer a 304) through httpx's transport
  layer (no client; one pool of two connections a host; no TLS context): no config, no
  cache, no progress, no checks of the answers, no redirects;
- ``httpx only, N processes``: the same split by host over forked processes, one a core
  (what ``monitor-tui refresh`` does);
- ``monitor-tui refresh`` on its warm cache;
- newsboat's ``-x reload`` once its cache holds every feed's validators (its refreshes
  from the third on: its second one downloads every feed again, see the README).

With ``--alt-python`` (an interpreter with pycurl and aiohttp), the same conditional
GETs are also timed with libcurl (what newsboat uses) and with aiohttp, 2 connections a
host: what another HTTP library would give, for a decision on issue 3's target.

Each figure is also printed as a fraction of newsboat's median, beside issue 3's
target for the warm ratio (0.05): a floor above it says httpx alone cannot meet it here.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from refresh_vs_newsboat import FARM, compile_package, start_farm, timed, wait_for

WARM_TARGET = 0.05

# the floor: conditional GETs and nothing else (argv: etags.json, processes)
FLOOR_SCRIPT = r'''
import asyncio, json, os, sys
from urllib.parse import urlsplit
import httpx

etags = json.load(open(sys.argv[1]))
processes = int(sys.argv[2])
hosts = {}
for url in etags:
    hosts.setdefault(urlsplit(url).hostname, []).append(url)
shards = [[] for _ in range(processes)]
for n, urls in enumerate(hosts.values()):
    shards[n % processes].extend(urls)

async def fetch(urls):
    gates = {h: asyncio.Semaphore(2) for h in hosts}
    # httpx's transport layer alone (no client: no redirects, cookies, auth or hooks), one
    # pool of 2 connections a host (one pool for all rescans them all on every request),
    # no TLS context (the farm is plain HTTP; loading CA certificates costs 25 ms)
    limits = httpx.Limits(max_connections=2, max_keepalive_connections=2)
    pools = {h: httpx.AsyncHTTPTransport(verify=False, limits=limits) for h in hosts}

    async def one(url):
        host = urlsplit(url).hostname
        async with gates[host]:
            request = httpx.Request("GET", url, headers={"If-None-Match": etags[url]})
            response = await pools[host].handle_async_request(request)
            await response.aread()
            await response.aclose()
            return response.status_code

    try:
        return await asyncio.gather(*(one(u) for u in urls))
    finally:
        for pool in pools.values():
            await pool.aclose()

children = []
for shard in shards[1:]:
    pid = os.fork()
    if pid == 0:
        codes = asyncio.run(fetch(shard))
        os._exit(0 if all(c == 304 for c in codes) else 1)
    children.append(pid)
codes = asyncio.run(fetch(shards[0]))
ok = all(c == 304 for c in codes)
for pid in children:
    ok = os.waitpid(pid, 0)[1] == 0 and ok
print("all 304" if ok else "not all 304")
sys.exit(0 if ok else 1)
'''


# the same conditional GETs with libcurl (what newsboat uses), through pycurl's multi
# interface: 2 connections a host, 64 in all (argv: etags.json)
CURL_SCRIPT = r"""
import json, sys
from io import BytesIO
import pycurl

etags = json.load(open(sys.argv[1]))
multi = pycurl.CurlMulti()
multi.setopt(pycurl.M_MAX_HOST_CONNECTIONS, 2)
multi.setopt(pycurl.M_MAX_TOTAL_CONNECTIONS, 64)
handles = []
for url, etag in etags.items():
    curl = pycurl.Curl()
    curl.setopt(pycurl.URL, url)
    curl.setopt(pycurl.WRITEDATA, BytesIO())
    curl.setopt(pycurl.HTTPHEADER, [f"If-None-Match: {etag}"])
    curl.setopt(pycurl.ENCODING, "gzip")
    multi.add_handle(curl)
    handles.append(curl)
running = len(handles)
while running:
    ret, running = multi.perform()
    while ret == pycurl.E_CALL_MULTI_PERFORM:
        ret, running = multi.perform()
    if running:
        multi.select(1.0)
ok = all(curl.getinfo(pycurl.RESPONSE_CODE) == 304 for curl in handles)
print("all 304" if ok else "not all 304")
sys.exit(0 if ok else 1)
"""

# and with aiohttp: 2 connections a host, 64 in all (argv: etags.json)
AIOHTTP_SCRIPT = r"""
import asyncio, json, sys
import aiohttp

etags = json.load(open(sys.argv[1]))

async def main():
    connector = aiohttp.TCPConnector(limit=64, limit_per_host=2)
    async with aiohttp.ClientSession(connector=connector) as session:
        async def one(url):
            async with session.get(url, headers={"If-None-Match": etags[url]}) as r:
                await r.read()
                return r.status
        return await asyncio.gather(*(one(u) for u in etags))

ok = all(code == 304 for code in asyncio.run(main()))
print("all 304" if ok else "not all 304")
sys.exit(0 if ok else 1)
"""

def etags_of(urls: list[str]) -> dict[str, str]:
    """Each feed's ETag, from one plain GET (the farm's ETags never change)."""
    out: dict[str, str] = {}
    for url in urls:
        with urllib.request.urlopen(url, timeout=30) as resp:
            out[url] = resp.headers["ETag"]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--hosts", type=int, default=50)
    ap.add_argument("--latency-ms", type=float, default=40)
    ap.add_argument("--port", type=int, default=8800)
    ap.add_argument("--runs", type=int, default=5, help="turns of every program")
    ap.add_argument("--alt-python", metavar="PYTHON",
                    help="an interpreter with pycurl and aiohttp installed (not monitor-tui's "
                         "dependencies): time the same conditional GETs with those too")
    args = ap.parse_args()
    compile_package()
    newsboat = shutil.which("newsboat")
    if not FARM.exists():
        print(f"feedfarm not found at {FARM}", file=sys.stderr)
        return 2
    farm = start_farm(args)
    work = Path(tempfile.mkdtemp(prefix="mt-floor-"))
    try:
        urls = wait_for(f"http://127.0.0.1:{args.port}/urls.txt").decode()
        (work / "urls").write_text(urls)
        (work / "subs.opml").write_bytes(
            wait_for(f"http://127.0.0.1:{args.port}/subscriptions.opml"))
        (work / "etags.json").write_text(json.dumps(etags_of(urls.split())))
        (work / "floor.py").write_text(FLOOR_SCRIPT)
        (work / "floor_curl.py").write_text(CURL_SCRIPT)
        (work / "floor_aiohttp.py").write_text(AIOHTTP_SCRIPT)
        cores = os.cpu_count() or 1
        print(f"{args.feeds} feeds on {args.hosts} hosts, {args.latency_ms:g} ms latency; "
              f"{cores} cores")
        mt = [sys.executable, "-m", "monitor_tui", "--config", str(work / "config.toml"),
              "--data-dir", str(work / "mt")]
        subprocess.run([*mt, "import-opml", str(work / "subs.opml")], check=True,
                       capture_output=True)
        subprocess.run([*mt, "refresh"], check=True, capture_output=True)  # cold
        programs = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "import httpx": [sys.executable, "-c",
                             "import httpx, httpcore, anyio, anyio.lowlevel; "
                             "anyio.run(anyio.lowlevel.checkpoint)"],
            "httpx only, 1 process": [sys.executable, str(work / "floor.py"),
                                      str(work / "etags.json"), "1"],
            f"httpx only, {cores} processes": [sys.executable, str(work / "floor.py"),
                                               str(work / "etags.json"), str(cores)],
            "monitor-tui refresh": [*mt, "refresh"],
        }
        if args.alt_python:
            programs["import pycurl"] = [args.alt_python, "-c", "import pycurl"]
            for name, script in (("libcurl (pycurl), 1 process", "floor_curl.py"),
                                 ("aiohttp, 1 process", "floor_aiohttp.py")):
                programs[name] = [args.alt_python, str(work / script), str(work / "etags.json")]
        if newsboat:
            (work / "nb.conf").write_text("reload-threads 16\n")
            nb = [newsboat, "-u", str(work / "urls"), "-c", str(work / "nb.db"),
                  "-C", str(work / "nb.conf"), "-x", "reload"]
            for _ in range(2):  # cold, then the one that stores the validators
                subprocess.run(nb, check=True, capture_output=True)
            programs["newsboat -x reload"] = nb
        results: dict[str, list[float]] = {name: [] for name in programs}
        for _ in range(args.runs):
            for name, cmd in programs.items():
                wall, _, tail = timed(cmd)
                if "process" in name and tail != "all 304":
                    again = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
                    print(f"{name}: {tail!r}, not 'all 304'; again: {again.stdout[-300:]}"
                          f"{again.stderr[-2000:]}", file=sys.stderr)
                    return 1
                results[name].append(wall)
        base = statistics.median(results["newsboat -x reload"]) if newsboat else None
        print(f"{'':30} {'median':>8} {'min':>6}  {'/ newsboat':>10}")
        for name, walls in results.items():
            ratio = f"{statistics.median(walls) / base:10.3f}" if base else ""
            print(f"{name:30} {statistics.median(walls):7.2f}s {min(walls):5.2f}s  {ratio}")
        if base:
            print(f"issue 3's warm target: {WARM_TARGET} x newsboat = "
                  f"{WARM_TARGET * base:.2f} s")
    finally:
        farm.terminate()
        farm.wait(10)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
