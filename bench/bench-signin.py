#!/usr/bin/env python3
"""Benchmark a fresh TOTP sign-in of the tokendito command against the sandbox.

Each run starts a new sandbox (so every run signs in from scratch with an
unused TOTP code), then times one `tokendito` process from start to exit and
reads the sandbox's counters. Prints the median wall time, CPU time (user +
system), peak resident memory, HTTP requests and TLS handshakes per run.

Usage: bench/bench-signin.py [BUILD_DIR] [RUNS]   (defaults: _build, 21)
"""

import json
import os
import resource
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

PASSWORD = "correct horse battery staple"


def start_sandbox(build):
    certs = os.path.join(build, "tests", "sandbox")
    sandbox = subprocess.Popen(
        [os.path.join(certs, "tokendito-sandbox"), "--cert-dir", certs],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = sandbox.stdout.readline().split()
    if not line or line[0] != "READY":
        sys.exit("the sandbox did not start")
    return sandbox, line[1], os.path.join(certs, "ca.crt")


def sandbox_stats(url, ca_file):
    context = ssl.create_default_context(cafile=ca_file)
    with urllib.request.urlopen(url + "/_sandbox/stats", context=context) as reply:
        return json.load(reply)


def run_once(build):
    sandbox, url, ca_file = start_sandbox(build)
    try:
        with tempfile.TemporaryDirectory() as work:
            env = {
                "PATH": "/usr/bin:/bin",
                "HOME": work,
                "LC_ALL": "C.UTF-8",
                "AWS_SHARED_CREDENTIALS_FILE": os.path.join(work, "aws", "credentials"),
                "AWS_CONFIG_FILE": os.path.join(work, "aws", "config"),
                "AWS_ENDPOINT_URL_STS": url + "/",
                "OKTA_PASSWORD": PASSWORD,
            }
            command = [os.path.join(build, "src", "cli", "tokendito"), "--ca-bundle", ca_file,
                       "-u", "totp@example.com", "-ou", url + "/home/amazon_aws/0oademo/272",
                       "-mm", "token:software:totp", "-mr", "123456"]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.monotonic()
            process = subprocess.run(command, env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            wall = time.monotonic() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if process.returncode != 0:
                sys.exit("tokendito failed: " + process.stderr)
            stats = sandbox_stats(url, ca_file)
    finally:
        sandbox.stdin.close()
        sandbox.wait()

    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far, which may be
    # a sandbox, so peak_memory_kib() measures tokendito alone with wait4().
    return wall, cpu, stats["requests"], stats["connections"]


def peak_memory_kib(build):
    """Returns the peak RSS of one tokendito run, read with wait4()."""
    sandbox, url, ca_file = start_sandbox(build)
    try:
        with tempfile.TemporaryDirectory() as work:
            env = {"PATH": "/usr/bin:/bin", "HOME": work, "LC_ALL": "C.UTF-8",
                   "AWS_SHARED_CREDENTIALS_FILE": os.path.join(work, "c"),
                   "AWS_CONFIG_FILE": os.path.join(work, "cfg"),
                   "AWS_ENDPOINT_URL_STS": url + "/", "OKTA_PASSWORD": PASSWORD}
            command = [os.path.join(build, "src", "cli", "tokendito"), "--ca-bundle", ca_file,
                       "-u", "totp@example.com", "-ou", url + "/home/amazon_aws/0oademo/272",
                       "-mr", "123456"]
            process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(process.pid, 0)
            return usage.ru_maxrss
    finally:
        sandbox.stdin.close()
        sandbox.wait()


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "_build"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 21
    results = [run_once(build) for _ in range(runs)]
    peaks = [peak_memory_kib(build) for _ in range(5)]

    print(f"runs: {runs}")
    print(f"median wall time: {statistics.median(r[0] for r in results) * 1000:.1f} ms")
    print(f"median CPU time: {statistics.median(r[1] for r in results) * 1000:.1f} ms")
    print(f"median peak memory (RSS): {statistics.median(peaks) / 1024:.1f} MiB")
    print(f"HTTP requests per run: {statistics.median(r[2] for r in results):.0f}"
          f" (min {min(r[2] for r in results)}, max {max(r[2] for r in results)})")
    print(f"TLS handshakes per run: {statistics.median(r[3] for r in results):.0f}"
          f" (min {min(r[3] for r in results)}, max {max(r[3] for r in results)})")


if __name__ == "__main__":
    main()
