#!/usr/bin/python3
"""Benchmark the tray processes that stay running with no window open.

Starts, in a private D-Bus session under Xvfb, a fake StatusNotifierWatcher
(so that the tray icon helper registers, as with a real tray host), the
sandbox and the tokendito-tray agent with two profiles, lets the agent
refresh one of them, then measures:
- the proportional set size (PSS, /proc/PID/smaps_rollup) of the agent and
  of tokendito-tray-icon, and their sum;
- wake-ups over an idle period: the context switches of every thread of
  both processes (/proc/PID/task/*/status), which count each time a thread
  is scheduled after sleeping.

Usage: dbus-run-session -- bench/bench-tray.py [BUILD_DIR] [IDLE_SECONDS]
       (defaults: _build, 60). Needs Xvfb and /usr/bin/python3 with gi.
"""

import glob
import os
import subprocess
import sys
import tempfile
import time

BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "_build")
IDLE = int(sys.argv[2]) if len(sys.argv) > 2 else 60
SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pss_kib(pid):
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


def context_switches(pid):
    """Returns {thread id: context switches} for every thread of @pid."""
    counts = {}
    for status in glob.glob(f"/proc/{pid}/task/*/status"):
        tid = int(status.split("/")[4])
        try:
            with open(status) as f:
                counts[tid] = sum(int(line.split()[1]) for line in f
                                  if line.startswith(("voluntary_ctxt_switches",
                                                      "nonvoluntary_ctxt_switches")))
        except FileNotFoundError:
            pass
    return counts


def wakeups(before, after):
    """Counts the switches between two snapshots, per thread. NOTE: a thread
    that ended in between is not counted; GLib's worker threads end after
    some idle time, so this may undercount by their last few switches."""
    return sum(max(0, count - before.get(tid, 0)) for tid, count in after.items())


def child_pids(parent, name):
    pids = []
    for proc in glob.glob("/proc/[0-9]*"):
        try:
            with open(f"{proc}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"{proc}/comm") as f:
                comm = f.read().strip()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == parent and comm.startswith(name):
            pids.append(int(proc.split("/")[-1]))
    return pids


def main():
    if "DBUS_SESSION_BUS_ADDRESS" not in os.environ:
        sys.exit("run this under dbus-run-session")

    work = tempfile.mkdtemp(prefix="tokendito-bench-")
    processes = []
    try:
        read_fd, write_fd = os.pipe()
        xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-nolisten", "tcp"],
                                pass_fds=[write_fd], stderr=subprocess.DEVNULL)
        processes.append(xvfb)
        os.close(write_fd)
        display = os.read(read_fd, 16).decode().strip()
        os.environ["DISPLAY"] = ":" + display

        watcher = subprocess.Popen(["/usr/bin/python3", os.path.join(SOURCE, "tests", "tray", "fake-watcher.py")],
                                   stdout=subprocess.PIPE, text=True)
        processes.append(watcher)
        watcher.stdout.readline()

        certs = os.path.join(BUILD, "tests", "sandbox")
        sandbox = subprocess.Popen([os.path.join(certs, "tokendito-sandbox"), "--cert-dir", certs],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        processes.append(sandbox)
        url = sandbox.stdout.readline().split()[1]

        settings = os.path.join(work, "okta_auth")
        with open(settings, "w") as f:
            f.write(f"[default]\nca_bundle = {certs}/ca.crt\n"
                    f"okta_aws_app_url = {url}/home/amazon_aws/0oademo/272\n\n"
                    "[work]\nokta_username = nomfa@example.com\naws_profile = work\n\n"
                    "[other]\nokta_username = nomfa@example.com\naws_profile = other\n")
        env = dict(os.environ,
                   HOME=work, AWS_SHARED_CREDENTIALS_FILE=os.path.join(work, "credentials"),
                   AWS_CONFIG_FILE=os.path.join(work, "config"), AWS_ENDPOINT_URL_STS=url + "/",
                   OKTA_PASSWORD="correct horse battery staple", TOKENDITO_CONFIG_FILE=settings,
                   TOKENDITO_NO_WINDOWS="1", TOKENDITO_NO_KEYRING="1", GSETTINGS_BACKEND="memory")
        agent = subprocess.Popen([os.path.join(BUILD, "src", "tray", "tokendito-tray"), "--background"],
                                 env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(agent)
        subprocess.run(["gdbus", "wait", "--session", "--timeout", "10", "io.github.tokendito.Tokendito"],
                       check=True)
        subprocess.run(["gdbus", "call", "--session", "--dest", "io.github.tokendito.Tokendito",
                        "--object-path", "/io/github/tokendito/Tokendito", "--method",
                        "org.gtk.Actions.Activate", "refresh", "[<'work'>]", "{}"],
                       check=True, stdout=subprocess.DEVNULL)

        time.sleep(5)
        icons = child_pids(agent.pid, "tokendito-tray")
        icons = [pid for pid in icons if pid != agent.pid]
        if not icons:
            sys.exit("the tray icon helper did not start")
        icon = icons[0]

        agent_pss = pss_kib(agent.pid)
        icon_pss = pss_kib(icon)
        before = {**context_switches(agent.pid), **context_switches(icon)}
        time.sleep(IDLE)
        after = {**context_switches(agent.pid), **context_switches(icon)}

        print(f"agent (tokendito-tray) PSS: {agent_pss / 1024:.1f} MiB")
        print(f"tray icon (tokendito-tray-icon) PSS: {icon_pss / 1024:.1f} MiB")
        print(f"total PSS with no window open: {(agent_pss + icon_pss) / 1024:.1f} MiB")
        print(f"wake-ups (context switches) over {IDLE} s idle: {wakeups(before, after)}")
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
