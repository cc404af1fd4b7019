#!/usr/bin/env python3
# Assay — quality control for human-labelled training data.
"""Dashboard page latency on a stored project (issue 15: each page ≤ 200 ms p95 on a cached 10M-label
project). Starts `assay serve` on --store (stopped at exit), signs in through the sign-in form with
--token, opens every page of --project once to fill the analysis cache (timed: the cold figures),
then requests each page --rounds times in interleaved rounds and prints p50, p95 and the size of
each page.

    python3 scripts/dashboard_bench.py --assay .build/release/assay --store big.db --project big \\
        --token "$(assay token create --role admin --store big.db)" --rounds 40
"""
import argparse
import os
import re
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--assay", default=".build/release/assay")
    parser.add_argument("--store", required=True)
    parser.add_argument("--project", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--cpu", default=None, help="pin the server to this core (taskset -c)")
    parser.add_argument("--vendor", default=None,
                        help="vendor page to time when the project page links none (pairwise judges)")
    args = parser.parse_args()
    port_file = tempfile.mktemp()
    command = [args.assay, "serve", "--store", args.store, "--port", "0", "--port-file", port_file]
    if args.cpu is not None:
        command = ["taskset", "-c", args.cpu] + command
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not (os.path.exists(port_file) and open(port_file).read().strip()):
            time.sleep(0.05)
        base = "http://127.0.0.1:" + open(port_file).read().strip()
        opener = urllib.request.build_opener(NoRedirect)

        def fetch(path, cookie="", data=None, headers=None):
            request = urllib.request.Request(base + path, data=data, headers={"Cookie": cookie, **(headers or {})})
            try:
                with opener.open(request) as r:
                    return r.status, r.headers, r.read()
            except urllib.error.HTTPError as e:
                return e.code, e.headers, e.read()

        _, headers, body = fetch("/signin")
        pairing = re.search(r"assay_signin=([^;]+)", headers["Set-Cookie"]).group(1)
        form = urllib.parse.urlencode({"token": args.token, "csrf": pairing}).encode()
        _, headers, _ = fetch("/signin", "assay_signin=" + pairing, form,
                              {"Content-Type": "application/x-www-form-urlencoded"})
        cookie = "assay_session=" + re.search(r"assay_session=([^;]+)", headers["Set-Cookie"]).group(1)
        p = "/projects/" + urllib.parse.quote(args.project)
        start = time.perf_counter()
        status, _, body = fetch(p, cookie)
        print(f"project page, cold (computes the analysis): {time.perf_counter() - start:.2f} s, status {status}",
              flush=True)
        vendors = re.findall(r'href="' + re.escape(p) + r'/vendors/([^"]+)"', body.decode()) or [args.vendor]
        pages = ["/projects", p, p + "/vendors/" + vendors[0], p + "/annotators", p + "/agreement",
                 p + "/review", p + "/review?page=200", p + "/gold"]
        if re.search(r'href="' + re.escape(p) + r'/decisions"', body.decode()):
            pages.append(p + "/decisions")
        print("first request of each page (fills the analysis cache):")
        for path in pages:
            start = time.perf_counter()
            status, _, body = fetch(path, cookie)
            print(f"  {path}: {time.perf_counter() - start:.2f} s, status {status}, {len(body):,} bytes", flush=True)
        times = {path: [] for path in pages}
        sizes = {}
        for _ in range(args.rounds):
            for path in pages:
                start = time.perf_counter()
                status, _, body = fetch(path, cookie)
                times[path].append(time.perf_counter() - start)
                sizes[path] = len(body)
                assert status == 200, (path, status)
        print(f"cached, {args.rounds} interleaved rounds:")
        print("| page | p50 ms | p95 ms | max ms | bytes |")
        print("|---|---:|---:|---:|---:|")
        for path in pages:
            t = sorted(times[path])
            p50 = t[len(t) // 2] * 1000
            p95 = t[min(len(t) - 1, int(round(0.95 * (len(t) - 1))))] * 1000
            print(f"| {path} | {p50:.1f} | {p95:.1f} | {t[-1] * 1000:.1f} | {sizes[path]:,} |")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
