#!/usr/bin/python3
"""End-to-end tests of tokendito-tray-icon, printed as TAP.

The script re-runs itself inside a private session bus (dbus-run-session)
and starts an Xvfb server, a fake agent (fake-agent.py) and a fake
StatusNotifierWatcher (fake-watcher.py). It then drives the helper through
the bus the way a tray host does: it reads the item's properties, calls
com.canonical.dbusmenu.GetLayout and sends Event(id, "clicked", ...).
Every process it starts is ended by its pid.

Environment: TD_TRAY_ICON is the path of the built helper (set by meson).
TD_TRAY_TEST_KEEP=1 keeps the folder with the processes' logs.
"""
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
INNER_VARIABLE = "TD_TRAY_TEST_INNER"

INDICATOR_ID = "io.github.tokendito.Tokendito"
ITEM_INTERFACE = "org.kde.StatusNotifierItem"
DBUSMENU_INTERFACE = "com.canonical.dbusmenu"
CONTROL_PATH = "/io/github/tokendito/Test/FakeAgent"
CONTROL_INTERFACE = "io.github.tokendito.Test.FakeAgent"
INITIAL_ICON = "io.github.tokendito.Tokendito-expired-symbolic"
CHANGED_ICON = "io.github.tokendito.Tokendito-failed-symbolic"
FALLBACK_ICON = "io.github.tokendito.Tokendito-fresh-symbolic"
DEV_STATE_LABEL = "dev: valid until 14:05"
CHANGED_DEV_STATE_LABEL = "dev: expired at 15:00"
EXPECTED_LABELS = [DEV_STATE_LABEL, "Refresh dev", "prod: expired", "Refresh prod",
                   "Refresh all", "Preferences…", "Quit"]

# Generous limits: the machine running the suite may be busy with a build.
START_TIMEOUT = 15.0
EVENT_TIMEOUT = 10.0


def skip_all(reason):
    print("1..0 # SKIP " + reason, flush=True)
    return 0


def run_outside_session():
    helper = os.environ.get("TD_TRAY_ICON")
    if not helper or not os.access(helper, os.X_OK):
        return skip_all("TD_TRAY_ICON does not name the built tokendito-tray-icon")
    for tool in ("dbus-run-session", "Xvfb"):
        if shutil.which(tool) is None:
            return skip_all(tool + " is not installed (packages dbus, xvfb)")
    try:
        import gi  # noqa: F401
    except ImportError:
        return skip_all(sys.executable + " has no gi module (package python3-gi)")

    environment = dict(os.environ, **{INNER_VARIABLE: "1"})
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"):
        environment.pop(name, None)
    return subprocess.call(["dbus-run-session", "--", sys.executable, os.path.abspath(__file__)],
                           env=environment)


class Tap:
    def __init__(self):
        self.count = 0
        self.failed = 0

    def check(self, name, condition, detail=None):
        self.count += 1
        if condition:
            print("ok %d - %s" % (self.count, name), flush=True)
            return True
        self.failed += 1
        print("not ok %d - %s" % (self.count, name), flush=True)
        if detail is not None:
            self.note(detail)
        return False

    def note(self, text):
        for line in str(text).splitlines():
            print("# " + line, flush=True)

    def finish(self):
        print("1..%d" % self.count, flush=True)
        return 1 if self.failed else 0


class Session:
    """Processes started by the tests and the bus calls made on them."""

    def __init__(self, Gio, GLib, workdir):
        self.Gio = Gio
        self.GLib = GLib
        self.workdir = workdir
        self.processes = []
        self.xvfb_pipe = None
        self.bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        self.helper_path = os.environ["TD_TRAY_ICON"]

    # -- processes --

    def start(self, name, argv, environment=None, pass_fds=()):
        log_path = os.path.join(self.workdir, "%s-%d.log" % (name, len(self.processes)))
        log = open(log_path, "w")
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=environment,
                                   pass_fds=pass_fds)
        log.close()
        process.log_path = log_path
        self.processes.append(process)
        return process

    def stop(self, process):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def stop_all(self):
        for process in reversed(self.processes):
            self.stop(process)
        if self.xvfb_pipe is not None:
            os.close(self.xvfb_pipe)
            self.xvfb_pipe = None

    def wait_for_exit(self, process, timeout):
        return self.wait_until(lambda: process.poll() is not None, timeout)

    def log_text(self, process):
        with open(process.log_path, errors="replace") as log:
            return log.read()

    def wait_for_log_line(self, process, prefix, timeout):
        """Return the first line of the process's output that starts with prefix, or None."""
        found = []

        def scan():
            for line in self.log_text(process).splitlines():
                if line.startswith(prefix):
                    found.append(line)
                    return True
            return process.poll() is not None

        self.wait_until(scan, timeout)
        return found[0] if found else None

    def start_xvfb(self):
        """Start Xvfb on a free display and return its name, such as ":1".

        With -displayfd, Xvfb takes the first free display number itself and
        writes it to the descriptor, so two test runs cannot race for one.
        """
        read_end, write_end = os.pipe()
        self.start("xvfb", ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "640x480x24",
                            "-nolisten", "tcp", "-noreset"], pass_fds=(write_end,))
        os.close(write_end)
        # Xvfb writes the number and the newline separately and treats a
        # closed pipe as fatal, so read up to the newline and keep the read
        # end open while Xvfb runs.
        self.xvfb_pipe = read_end
        text = b""
        deadline = time.monotonic() + START_TIMEOUT
        while not text.endswith(b"\n") and time.monotonic() < deadline:
            ready, _, _ = select.select([read_end], [], [], 0.1)
            if ready:
                chunk = os.read(read_end, 64)
                if not chunk:
                    break
                text += chunk
        number = text.decode().strip()
        return ":" + number if text.endswith(b"\n") and number.isdigit() else None

    def start_watcher(self):
        process = self.start("watcher", [sys.executable, os.path.join(HERE, "fake-watcher.py")])
        ready = self.wait_for_log_line(process, "READY", START_TIMEOUT)
        return process if ready else None

    def start_agent(self, arguments=()):
        process = self.start("agent", [sys.executable, os.path.join(HERE, "fake-agent.py")]
                             + list(arguments))
        ready = self.wait_for_log_line(process, "READY ", START_TIMEOUT)
        return process, (ready.split()[1] if ready else None)

    def start_helper(self, arguments):
        environment = dict(os.environ, G_MESSAGES_DEBUG="Tokendito-Tray-Icon")
        return self.start("helper", [self.helper_path] + list(arguments), environment)

    # -- main loop and bus --

    def iterate(self):
        context = self.GLib.MainContext.default()
        while context.pending():
            context.iteration(False)

    def wait_until(self, predicate, timeout):
        deadline = time.monotonic() + timeout
        while True:
            self.iterate()
            if predicate():
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)

    def pause(self, seconds):
        self.wait_until(lambda: False, seconds)

    def call(self, name, path, interface, method, parameters=None, reply_type=None):
        reply = self.bus.call_sync(name, path, interface, method, parameters,
                                   self.GLib.VariantType.new(reply_type) if reply_type else None,
                                   self.Gio.DBusCallFlags.NONE, 5000, None)
        return reply.unpack() if reply is not None else None

    def registered_items(self):
        try:
            reply = self.call("org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher",
                              "org.freedesktop.DBus.Properties", "Get",
                              self.GLib.Variant("(ss)", ("org.kde.StatusNotifierWatcher",
                                                         "RegisteredStatusNotifierItems")),
                              "(v)")
        except self.GLib.Error:
            return []
        return reply[0]

    def wait_for_item(self, helper, timeout):
        """Return (bus name, object path) of the item that helper registered, or (None, None).

        Items of other helpers may be registered too, so the item is found by
        the process id of its bus name's owner.
        """
        found = []

        def registered():
            for item in self.registered_items():
                bus_name, slash, path = item.partition("/")
                if self.owner_pid(bus_name) == helper.pid:
                    found.append((bus_name, slash + path))
                    return True
            return False

        self.wait_until(registered, timeout)
        return found[0] if found else (None, None)

    def owner_pid(self, bus_name):
        """Return the process id of the bus name's owner, or None when it has none."""
        try:
            return self.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                             "GetConnectionUnixProcessID", self.GLib.Variant("(s)", (bus_name,)),
                             "(u)")[0]
        except self.GLib.Error:
            return None

    def item_properties(self, bus_name, path):
        return self.call(bus_name, path, "org.freedesktop.DBus.Properties", "GetAll",
                         self.GLib.Variant("(s)", (ITEM_INTERFACE,)), "(a{sv})")[0]

    def menu_items(self, bus_name, menu_path):
        """Return the layout of the menu as a flat list of (id, properties)."""
        _, root = self.call(bus_name, menu_path, DBUSMENU_INTERFACE, "GetLayout",
                            self.GLib.Variant("(iias)", (0, -1, [])), "(u(ia{sv}av))")
        flat = []

        def walk(node):
            item_id, properties, children = node
            if item_id != 0:
                flat.append((item_id, properties))
            for child in children:
                walk(child)

        walk(root)
        return flat

    def click(self, bus_name, menu_path, item_id):
        self.call(bus_name, menu_path, DBUSMENU_INTERFACE, "Event",
                  self.GLib.Variant("(isvu)", (item_id, "clicked", self.GLib.Variant("i", 0), 0)))

    def agent_activations(self, agent_name):
        return self.call(agent_name, CONTROL_PATH, CONTROL_INTERFACE, "GetActivations",
                         None, "(as)")[0]

    def agent_control(self, agent_name, method, signature, values):
        self.call(agent_name, CONTROL_PATH, CONTROL_INTERFACE, method,
                  self.GLib.Variant(signature, values))


def find_item(items, label):
    for item_id, properties in items:
        if properties.get("label") == label:
            return item_id, properties
    return None, None


def labels_of(items):
    return [properties.get("label") for _, properties in items if "label" in properties]


def items_with_toggle_type(items):
    return [properties.get("label") for _, properties in items
            if properties.get("type") != "separator" and "toggle-type" in properties]


def memory_of(pid):
    values = {}
    with open("/proc/%d/smaps_rollup" % pid) as rollup:
        for line in rollup:
            field, _, rest = line.partition(":")
            if field in ("Rss", "Pss", "Private_Clean", "Private_Dirty"):
                values[field] = int(rest.split()[0])
    return values


def test_options(tap, session):
    helper = session.start_helper(["--agent", "not a bus name"])
    exited = session.wait_for_exit(helper, START_TIMEOUT)
    tap.check("/tray-icon/options/invalid-agent-exit-status", exited and helper.returncode == 2,
              "exit status %s" % helper.returncode)
    tap.check("/tray-icon/options/invalid-agent-message",
              '"not a bus name"' in session.log_text(helper), session.log_text(helper))


def test_missing_agent(tap, session):
    # A unique name that was never assigned on this bus.
    helper = session.start_helper(["--agent", ":1.999999"])
    exited = session.wait_for_exit(helper, START_TIMEOUT)
    tap.check("/tray-icon/missing-agent/exits", exited)
    tap.check("/tray-icon/missing-agent/exit-status", helper.returncode == 0,
              "exit status %s" % helper.returncode)


def check_item_properties(tap, properties):
    expected = [("Id", INDICATOR_ID), ("Title", "Tokendito"),
                ("Category", "ApplicationStatus"), ("Status", "Active")]
    for key, value in expected:
        tap.check("/tray-icon/item/" + key.lower(), properties.get(key) == value,
                  "%s is %r, expected %r" % (key, properties.get(key), value))


def check_layout(tap, session, bus_name, menu_path):
    items = []

    def refresh_enabled():
        items[:] = session.menu_items(bus_name, menu_path)
        _, refresh = find_item(items, "Refresh dev")
        return refresh is not None and refresh.get("enabled", True)

    enabled = session.wait_until(refresh_enabled, EVENT_TIMEOUT)
    labels = labels_of(items)
    for label in EXPECTED_LABELS:
        tap.check("/tray-icon/layout/label " + label, label in labels, "labels: %r" % labels)
    tap.check("/tray-icon/layout/refresh-enabled", enabled)
    _, state_item = find_item(items, DEV_STATE_LABEL)
    tap.check("/tray-icon/layout/state-label-disabled",
              state_item is not None and state_item.get("enabled") is False, repr(state_item))
    offenders = items_with_toggle_type(items)
    tap.check("/tray-icon/layout/no-toggle-type", not offenders,
              "items with toggle-type: %r" % offenders)
    return items


def check_click(tap, session, bus_name, menu_path, items, agent_name):
    item_id, _ = find_item(items, "Refresh dev")
    if item_id is None:
        tap.check("/tray-icon/click/refresh-dev", False, "no item labelled 'Refresh dev'")
        return
    session.click(bus_name, menu_path, item_id)
    activations = []
    session.wait_until(lambda: bool(activations.extend(session.agent_activations(agent_name))
                                    or activations), EVENT_TIMEOUT)
    # Wait a little longer, so that a second, wrong activation is seen too.
    session.pause(0.3)
    activations = session.agent_activations(agent_name)
    tap.check("/tray-icon/click/refresh-dev", activations == ["refresh('dev')"],
              "activations: %r" % activations)


def check_label_change(tap, session, bus_name, menu_path, agent_name):
    updates = []
    subscription = session.bus.signal_subscribe(
        bus_name, DBUSMENU_INTERFACE, "LayoutUpdated", menu_path, None,
        session.Gio.DBusSignalFlags.NONE, lambda *arguments: updates.append(arguments[5]), )
    session.agent_control(agent_name, "SetStateLabel", "(ss)", ("dev", CHANGED_DEV_STATE_LABEL))
    tap.check("/tray-icon/label-change/layout-updated",
              session.wait_until(lambda: bool(updates), EVENT_TIMEOUT))
    session.bus.signal_unsubscribe(subscription)

    items = []

    def new_label_shown():
        items[:] = session.menu_items(bus_name, menu_path)
        return CHANGED_DEV_STATE_LABEL in labels_of(items)

    session.wait_until(new_label_shown, EVENT_TIMEOUT)
    # The tray icon corrects new items in an idle after the layout update.
    session.pause(0.3)
    items = session.menu_items(bus_name, menu_path)
    labels = labels_of(items)
    tap.check("/tray-icon/label-change/new-label", CHANGED_DEV_STATE_LABEL in labels,
              "labels: %r" % labels)
    tap.check("/tray-icon/label-change/old-label-gone", DEV_STATE_LABEL not in labels,
              "labels: %r" % labels)
    offenders = items_with_toggle_type(items)
    tap.check("/tray-icon/label-change/no-toggle-type", not offenders,
              "items with toggle-type: %r" % offenders)


def check_toggle_item(tap, session, bus_name, menu_path):
    item = []

    def toggle_enabled():
        item[:] = find_item(session.menu_items(bus_name, menu_path), "Example toggle")
        return item[1] is not None and item[1].get("enabled", True)

    session.wait_until(toggle_enabled, EVENT_TIMEOUT)
    item_id, properties = item
    if not tap.check("/tray-icon/check-item/enabled", item_id is not None, repr(properties)):
        return
    tap.check("/tray-icon/check-item/toggle-type", properties.get("toggle-type") == "checkmark",
              repr(properties))
    tap.check("/tray-icon/check-item/unchecked", properties.get("toggle-state") == 0,
              repr(properties))

    session.click(bus_name, menu_path, item_id)

    def checked():
        return find_item(session.menu_items(bus_name, menu_path),
                         "Example toggle")[1].get("toggle-state") == 1

    tap.check("/tray-icon/check-item/state-follows-action", session.wait_until(checked, EVENT_TIMEOUT))


def icon_name_becomes(session, bus_name, path, expected):
    def matches():
        return session.item_properties(bus_name, path).get("IconName") == expected

    return session.wait_until(matches, EVENT_TIMEOUT)


def test_with_watcher_first(tap, session):
    watcher = session.start_watcher()
    if watcher is None:
        print("Bail out! the fake StatusNotifierWatcher did not start", flush=True)
        sys.exit(1)
    agent, agent_name = session.start_agent()
    if agent_name is None:
        print("Bail out! the fake agent did not start", flush=True)
        sys.exit(1)
    helper = session.start_helper(["--agent", agent_name])

    bus_name, path = session.wait_for_item(helper, START_TIMEOUT)
    if not tap.check("/tray-icon/registers", bus_name is not None, session.log_text(helper)):
        print("Bail out! the helper never registered an item", flush=True)
        sys.exit(1)

    properties = session.item_properties(bus_name, path)
    check_item_properties(tap, properties)
    menu_path = properties.get("Menu")
    tap.check("/tray-icon/item/icon-from-action",
              icon_name_becomes(session, bus_name, path, INITIAL_ICON),
              "IconName is %r" % session.item_properties(bus_name, path).get("IconName"))

    items = check_layout(tap, session, bus_name, menu_path)
    check_click(tap, session, bus_name, menu_path, items, agent_name)
    check_label_change(tap, session, bus_name, menu_path, agent_name)

    session.agent_control(agent_name, "SetIcon", "(s)", (CHANGED_ICON,))
    tap.check("/tray-icon/icon-change", icon_name_becomes(session, bus_name, path, CHANGED_ICON),
              "IconName is %r" % session.item_properties(bus_name, path).get("IconName"))

    memory = memory_of(helper.pid)
    tap.note("memory of tokendito-tray-icon (pid %d, /proc/PID/smaps_rollup): Rss %d kB, "
             "Pss %d kB, Private %d kB" % (helper.pid, memory["Rss"], memory["Pss"],
                                          memory["Private_Clean"] + memory["Private_Dirty"]))

    quit_id, _ = find_item(session.menu_items(bus_name, menu_path), "Quit")
    tap.check("/tray-icon/quit/item-found", quit_id is not None)
    if quit_id is not None:
        session.click(bus_name, menu_path, quit_id)
    tap.check("/tray-icon/quit/agent-exits", session.wait_for_exit(agent, EVENT_TIMEOUT))
    session.stop(agent)
    tap.check("/tray-icon/exits-with-agent", session.wait_for_exit(helper, EVENT_TIMEOUT))
    tap.check("/tray-icon/exit-status-with-agent", helper.returncode == 0,
              "exit status %s" % helper.returncode)
    session.stop(watcher)


def test_with_watcher_late(tap, session):
    agent, agent_name = session.start_agent(["--no-icon-action", "--with-check-item"])
    if agent_name is None:
        print("Bail out! the fake agent did not start", flush=True)
        sys.exit(1)
    helper = session.start_helper(["--agent", agent_name])

    # Give the helper time to find no watcher and fall back.
    session.pause(1.0)
    tap.check("/tray-icon/late-watcher/helper-waits", helper.poll() is None,
              session.log_text(helper))

    watcher = session.start_watcher()
    bus_name, path = session.wait_for_item(helper, START_TIMEOUT)
    if not tap.check("/tray-icon/late-watcher/registers", bus_name is not None,
                     session.log_text(helper)):
        return

    # The agent has no icon action, so the fallback is what must stay.
    session.pause(0.5)
    icon_name = session.item_properties(bus_name, path).get("IconName")
    tap.check("/tray-icon/icon-fallback", icon_name == FALLBACK_ICON, "IconName is %r" % icon_name)

    check_toggle_item(tap, session, bus_name, session.item_properties(bus_name, path).get("Menu"))

    session.stop(agent)
    tap.check("/tray-icon/late-watcher/exits-with-agent",
              session.wait_for_exit(helper, EVENT_TIMEOUT))
    session.stop(watcher)


def run_inside_session():
    from gi.repository import Gio, GLib

    tap = Tap()
    workdir = tempfile.mkdtemp(prefix="td-tray-icon-test.")
    session = Session(Gio, GLib, workdir)
    try:
        display = session.start_xvfb()
        if display is None:
            print("Bail out! Xvfb did not report a display number", flush=True)
            return 1
        os.environ["DISPLAY"] = display
        test_options(tap, session)
        test_missing_agent(tap, session)
        test_with_watcher_first(tap, session)
        test_with_watcher_late(tap, session)
    finally:
        session.stop_all()
        if tap.failed:
            for process in session.processes:
                if hasattr(process, "log_path"):
                    tap.note("---- %s (exit status %s)" % (process.log_path, process.returncode))
                    tap.note(session.log_text(process))
        if os.environ.get("TD_TRAY_TEST_KEEP"):
            tap.note("logs kept in " + workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return tap.finish()


if __name__ == "__main__":
    if os.environ.get(INNER_VARIABLE):
        sys.exit(run_inside_session())
    sys.exit(run_outside_session())
