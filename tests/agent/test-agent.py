#!/usr/bin/python3
"""End-to-end tests of the tokendito-tray agent on a private D-Bus session.

Run by run-agent-tests.sh inside dbus-run-session. Each test starts the
sandbox (a local HTTPS Okta org, app tile and STS), a python-dbusmock
notification daemon that records every Notify call, and the agent with a
temporary HOME and settings file. It drives the agent through its exported
actions and Agent interface, as the tray menu, the notification buttons and
the dialogs do.
"""

import configparser
import glob
import json
import os
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

import dbus
import dbus.mainloop.glib
import dbusmock
from gi.repository import GLib

BUS_NAME = "io.github.tokendito.Tokendito"
OBJECT_PATH = "/io/github/tokendito/Tokendito"
AGENT_PATH = OBJECT_PATH + "/Agent"
AGENT_INTERFACE = "io.github.tokendito.Tokendito.Agent"
PASSWORD = "correct horse battery staple"

BUILD = os.environ["TD_BUILD_DIR"]
SANDBOX = os.path.join(BUILD, "tests", "sandbox", "tokendito-sandbox")
CERTS = os.path.join(BUILD, "tests", "sandbox")
AGENT = os.path.join(BUILD, "src", "tray", "tokendito-tray")
SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def wait_for(predicate, timeout=30, interval=0.1, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message}")


class Sandbox:
    def __init__(self, port=0, poll_waits=1):
        self.process = subprocess.Popen(
            [SANDBOX, "--cert-dir", CERTS, "--port", str(port), "--poll-waits", str(poll_waits)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        words = self.process.stdout.readline().split()
        assert words and words[0] == "READY", "the sandbox did not start"
        self.url = words[1]
        self.port = int(self.url.rsplit(":", 1)[1])
        self.context = ssl.create_default_context(cafile=os.path.join(CERTS, "ca.crt"))

    def stats(self):
        with urllib.request.urlopen(self.url + "/_sandbox/stats", context=self.context) as reply:
            return json.load(reply)

    def stop(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.terminate()
            self.process.wait(timeout=10)


class AgentTestCase(dbusmock.DBusTestCase):
    @classmethod
    def setUpClass(cls):
        # run-agent-tests.sh already provides a private session bus.
        dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
        cls.bus = dbus.SessionBus()

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tokendito-agent-")
        self.home = os.path.join(self.tmp, "home")
        os.makedirs(self.home)
        self.credentials = os.path.join(self.tmp, "aws", "credentials")
        self.config = os.path.join(self.tmp, "aws", "config")
        self.settings = os.path.join(self.tmp, "okta_auth")
        self.sandbox = Sandbox()
        self.notifications, self.notifications_mock = self.spawn_server_template(
            "notification_daemon", {}, stdout=subprocess.DEVNULL)
        self.agent = None

    def tearDown(self):
        if self.agent is not None and self.agent.poll() is None:
            self.agent.terminate()
            self.agent.wait(timeout=10)
        self.notifications.terminate()
        self.notifications.wait()
        self.sandbox.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def write_settings(self, extra=""):
        url = self.sandbox.url
        ca = os.path.join(CERTS, "ca.crt")
        with open(self.settings, "w") as f:
            f.write(f"""# profiles of the agent tests
[default]
ca_bundle = {ca}

[push]
okta_aws_app_url = {url}/home/amazon_aws/0oademo/272
okta_username = challenge@example.com
mfa_method = push
aws_profile = push-profile

[totp]
okta_aws_app_url = {url}/home/amazon_aws/0oademo/272
okta_username = totp@example.com
mfa_method = token:software:totp
aws_profile = totp-profile
{extra}""")

    def start_agent(self, margin=None, password=True, keyfile=None, windows=False, background=True):
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": self.home,
            "LC_ALL": "C.UTF-8",
            "DBUS_SESSION_BUS_ADDRESS": os.environ["DBUS_SESSION_BUS_ADDRESS"],
            "AWS_SHARED_CREDENTIALS_FILE": self.credentials,
            "AWS_CONFIG_FILE": self.config,
            "AWS_ENDPOINT_URL_STS": self.sandbox.url + "/",
            "TOKENDITO_CONFIG_FILE": self.settings,
            "TOKENDITO_PUSH_POLL_INTERVAL": "1000",
            "GSETTINGS_BACKEND": "memory",
            "GIO_USE_VFS": "local",
        }
        if margin is not None:
            env["TOKENDITO_REFRESH_MARGIN_SECONDS"] = str(margin)
        if password:
            env["OKTA_PASSWORD"] = PASSWORD
        if windows:
            # The real tray icon and windows, from the build tree, on Xvfb.
            env.update(DISPLAY=self.display, GDK_BACKEND="x11", GSK_RENDERER="cairo",
                       GDK_DEBUG="gl-disable", GTK_A11Y="none", NO_AT_BRIDGE="1")
        else:
            env["TOKENDITO_NO_WINDOWS"] = "1"
            env["TOKENDITO_HELPER_DIR"] = os.path.join(self.tmp, "no-helpers")
        if keyfile is not None:
            # Application settings in a key file the test can change while
            # the agent runs, with the schema compiled in the build tree.
            env["GSETTINGS_BACKEND"] = "keyfile"
            env["GSETTINGS_SCHEMA_DIR"] = os.path.join(BUILD, "data")
            env["XDG_CONFIG_HOME"] = keyfile
        for name in ("ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS", "G_DEBUG", "TOKENDITO_LOGLEVEL"):
            if name in os.environ:
                env[name] = os.environ[name]
        self.agent_log = open(os.path.join(self.tmp, "agent.log"), "a")
        self.agent = subprocess.Popen([AGENT] + (["--background"] if background else []), env=env,
                                      stdout=self.agent_log, stderr=subprocess.STDOUT)
        wait_for(lambda: self.bus.name_has_owner(BUS_NAME), message="the agent's bus name")
        self.proxy = self.bus.get_object(BUS_NAME, AGENT_PATH)
        self.actions = dbus.Interface(self.bus.get_object(BUS_NAME, OBJECT_PATH), "org.gtk.Actions")

    def agent_output(self):
        with open(os.path.join(self.tmp, "agent.log")) as f:
            return f.read()

    def profiles(self):
        return {str(p[0]): (str(p[1]), str(p[2]), int(p[3]))
                for p in self.proxy.GetProfiles(dbus_interface=AGENT_INTERFACE)}

    def activate(self, name, *args):
        parameters = [dbus.String(a, variant_level=1) for a in args]
        self.actions.Activate(name, parameters, {})

    def notify_calls(self):
        return [c for c in self.notifications_mock.GetCalls() if c[1] == "Notify"]

    def read_credentials(self):
        parser = configparser.RawConfigParser()
        parser.read(self.credentials)
        return parser

    def wait_state(self, profile, state, timeout=30):
        return wait_for(lambda: self.profiles()[profile][0] == state and self.profiles()[profile],
                        timeout=timeout, message=f"{profile} to be {state}")

    def menu_labels(self):
        menus = dbus.Interface(self.bus.get_object(BUS_NAME, OBJECT_PATH + "/menus/tray"), "org.gtk.Menus")
        groups = list(range(0, 16))
        labels = []
        for group in menus.Start(dbus.Array(groups, signature="u")):
            for item in group[2]:
                if "label" in item:
                    labels.append(str(item["label"]))
        menus.End(dbus.Array(groups, signature="u"))
        return labels

    # -- tests --

    def test_menu_lists_profiles(self):
        self.write_settings()
        self.start_agent()
        labels = self.menu_labels()
        self.assertIn("Refresh push", labels)
        self.assertIn("Refresh totp", labels)
        self.assertIn("push: not refreshed yet", labels)
        self.assertIn("Refresh all", labels)
        self.assertIn("Quit", labels)

    def test_push_refresh_shows_number_and_writes(self):
        self.write_settings()
        self.start_agent()
        self.activate("refresh", "push")
        notify = wait_for(lambda: [c for c in self.notify_calls() if "47" in str(c[2][4])],
                          message="a notification with the number challenge")
        self.assertIn("Approve", str(notify[0][2][3]))
        self.assertIn("app.cancel", [str(a) for a in notify[0][2][5]][0::2][0])
        state, label, expiration = self.wait_state("push", "fresh")
        self.assertTrue(label.startswith("valid until "))
        self.assertGreater(expiration, time.time() + 3600)
        credentials = self.read_credentials()
        self.assertTrue(credentials.get("push-profile", "aws_access_key_id").startswith("ASIA"))
        self.assertIn("push: " + label, self.menu_labels())
        factors, roles = self.proxy.GetKnownChoices("push", dbus_interface=AGENT_INTERFACE)
        self.assertIn("okta:push", [str(f) for f in factors])
        self.assertEqual([str(r) for r in roles], ["arn:aws:iam::123456789012:role/Engineer"])
        self.assertEqual(oct(os.stat(self.credentials).st_mode & 0o777), "0o600")

    def test_totp_answered_through_prompt(self):
        self.write_settings()
        self.start_agent()
        prompts = self.listen_prompts()
        self.activate("refresh", "totp")
        prompt_id, kind, profile = self.wait_prompt(prompts, "passcode")
        self.assertEqual((kind, profile), ("passcode", "totp"))
        prompt = self.proxy.GetPrompt(dbus.UInt32(prompt_id), dbus_interface=AGENT_INTERFACE)
        self.assertEqual(str(prompt[0]), "passcode")
        self.assertEqual(self.profiles()["totp"][0], "waiting")
        self.proxy.AnswerText(dbus.UInt32(prompt_id), "123456", dbus_interface=AGENT_INTERFACE)
        self.wait_state("totp", "fresh")
        self.assertTrue(self.read_credentials().has_section("totp-profile"))

    def test_second_refresh_reuses_session(self):
        self.write_settings()
        self.start_agent()
        self.activate("refresh", "push")
        self.wait_state("push", "fresh")
        authn = self.sandbox.stats()["authn"]
        first_key = self.read_credentials().get("push-profile", "aws_access_key_id")
        self.activate("refresh", "push")
        wait_for(lambda: self.read_credentials().get("push-profile", "aws_access_key_id") != first_key,
                 message="new credentials")
        self.assertEqual(self.sandbox.stats()["authn"], authn)

    def test_burst_starts_one_sign_in(self):
        self.write_settings()
        self.start_agent()
        for _ in range(20):
            self.activate("refresh", "push")
        self.wait_state("push", "fresh")
        self.assertEqual(self.sandbox.stats()["authn"], 1)

    def test_auto_refresh_on_schedule(self):
        # Credentials last 12 hours in the sandbox; a margin of 12 hours
        # minus 3 seconds makes the next refresh due 3 seconds later.
        self.write_settings()
        self.start_agent(margin=43200 - 3)
        self.activate("refresh", "push")
        self.wait_state("push", "fresh")
        calls = self.sandbox.stats()["sts_calls"]
        wait_for(lambda: self.sandbox.stats()["sts_calls"] > calls, timeout=20,
                 message="a scheduled refresh")
        self.wait_state("push", "fresh")

    def test_sandbox_dies_then_retry(self):
        # The push stays pending for five polls; the sandbox dies during
        # them, in the middle of the refresh.
        port = self.sandbox.port
        self.sandbox.stop()
        self.sandbox = Sandbox(port=port, poll_waits=5)
        self.write_settings()
        self.start_agent()
        self.activate("refresh", "push")
        wait_for(lambda: self.sandbox.stats()["requests"] >= 3, message="the push to be pending")
        self.sandbox.stop()
        state, label, _ = self.wait_state("push", "failed")
        self.assertIn("failed:", label)
        failure = wait_for(lambda: [c for c in self.notify_calls()
                                    if any(str(a).startswith("app.retry") for a in c[2][5])],
                           message="a failure notification with Retry")
        self.assertTrue(failure)

        self.sandbox = Sandbox(port=port)
        self.activate("retry", "push")
        self.wait_state("push", "fresh")

    def test_no_secret_service_is_reported(self):
        """On a session bus where nothing provides the Secret Service, the
        refresh still works, a notification reports that the keyring cannot
        be used, and nothing is stored in a file instead."""
        config = os.path.join(self.tmp, "no-activation.conf")
        with open(config, "w") as f:
            f.write(f"""<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir={self.tmp}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
""")
        daemon = subprocess.Popen(["dbus-daemon", "--config-file", config, "--print-address", "--nofork"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.addCleanup(lambda: (daemon.terminate(), daemon.wait()))
        address = daemon.stdout.readline().strip()

        # This test's own bus, notification daemon and agent.
        saved = os.environ["DBUS_SESSION_BUS_ADDRESS"]
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
        self.addCleanup(lambda: os.environ.__setitem__("DBUS_SESSION_BUS_ADDRESS", saved))
        bus = dbus.bus.BusConnection(address)
        notifications = subprocess.Popen(["/usr/bin/python3", "-m", "dbusmock", "--template",
                                          "notification_daemon"], stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
        self.addCleanup(lambda: (notifications.terminate(), notifications.wait()))
        wait_for(lambda: bus.name_has_owner("org.freedesktop.Notifications"), message="the notification mock")
        mock = dbus.Interface(bus.get_object("org.freedesktop.Notifications", "/org/freedesktop/Notifications"),
                              dbusmock.MOCK_IFACE)
        self.assertFalse(bus.name_has_owner("org.freedesktop.secrets"))

        self.bus, saved_bus = bus, self.bus
        self.addCleanup(lambda: setattr(self, "bus", saved_bus))
        self.write_settings()
        self.start_agent()
        self.activate("refresh", "push")
        self.wait_state("push", "fresh")
        notice = wait_for(lambda: [c for c in mock.GetCalls() if c[1] == "Notify"
                                   and "Secret Service" in str(c[2][4])],
                          message="a notification that there is no Secret Service")
        self.assertTrue(notice)
        for root, _, files in os.walk(self.home):
            self.assertEqual([f for f in files if "keyring" in f or "secret" in f], [], root)

    def test_rejected_push_cools_down(self):
        """After a rejected push, more refresh requests (which any local
        process can send) start no new sign-in for a while."""
        self.write_settings(extra="""
[reject]
okta_aws_app_url = {url}/home/amazon_aws/0oademo/272
okta_username = reject@example.com
mfa_method = push
aws_profile = reject-profile
""".format(url=self.sandbox.url))
        self.start_agent()
        self.activate("refresh", "reject")
        state, label, _ = self.wait_state("reject", "failed")
        self.assertIn("rejected", label)
        self.assertEqual(self.sandbox.stats()["authn"], 1)

        for _ in range(5):
            self.activate("refresh", "reject")
        wait_for(lambda: "try again in" in self.profiles()["reject"][1], message="the cooldown")
        time.sleep(1)
        self.assertEqual(self.sandbox.stats()["authn"], 1)

    def test_other_user_of_same_org_signs_in(self):
        """Profiles of the same org but another user never share a
        session: after push@ signs in, the totp profile prompts for its own
        code and is written as its own user."""
        self.write_settings()
        self.start_agent()
        self.activate("refresh", "push")
        self.wait_state("push", "fresh")

        prompts = self.listen_prompts()
        self.activate("refresh", "totp")
        prompt_id, _, profile = self.wait_prompt(prompts, "passcode")
        self.assertEqual(profile, "totp")
        self.proxy.AnswerText(dbus.UInt32(prompt_id), "123456", dbus_interface=AGENT_INTERFACE)
        self.wait_state("totp", "fresh")
        self.assertEqual(self.sandbox.stats()["authn"], 2)

    def wait_prompt(self, prompts, kind):
        context = GLib.MainContext.default()
        return wait_for(lambda: (context.iteration(False), [p for p in prompts if p[1] == kind])[1],
                        message=f"a {kind} prompt")[0]

    def listen_prompts(self):
        """Returns a list that collects the prompts of the running agent."""
        prompts = []
        owner = self.bus.get_name_owner(BUS_NAME)
        context = GLib.MainContext.default()
        while context.iteration(False):
            pass
        match = self.bus.add_signal_receiver(lambda i, k, p: prompts.append((int(i), str(k), str(p))),
                                             "PromptAdded", AGENT_INTERFACE, owner, AGENT_PATH)
        self.addCleanup(match.remove)
        return prompts

    def test_remembered_password_reused(self):
        self.write_settings()
        self.start_agent(password=False)
        prompts = self.listen_prompts()
        self.activate("refresh", "push")
        prompt_id, _, profile = self.wait_prompt(prompts, "password")
        self.assertEqual(profile, "push")
        self.proxy.AnswerTextRemember(dbus.UInt32(prompt_id), PASSWORD, True,
                                      dbus_interface=AGENT_INTERFACE)
        self.wait_state("push", "fresh")
        self.assertEqual(self.sandbox.stats()["authn"], 1)

        # A new sandbox has no Okta sessions, so the next refresh must sign in
        # again, with the remembered password and without a prompt.
        self.agent.terminate()
        self.agent.wait(timeout=10)
        port = self.sandbox.port
        self.sandbox.stop()
        self.sandbox = Sandbox(port=port)
        self.start_agent(password=False)
        prompts = self.listen_prompts()
        self.activate("refresh", "push")
        self.wait_state("push", "fresh")
        self.assertEqual(self.sandbox.stats()["authn"], 1)
        self.assertEqual([p for p in prompts if p[1] == "password"], [])

    def test_stored_session_survives_restart(self):
        self.write_settings()
        self.start_agent()
        self.activate("refresh", "push")
        self.wait_state("push", "fresh")
        self.agent.terminate()
        self.agent.wait(timeout=10)

        # The Okta session was kept in the keyring: a new agent refreshes
        # without signing in.
        self.start_agent()
        self.activate("refresh", "push")
        wait_for(lambda: self.sandbox.stats()["sts_calls"] >= 2, message="a second STS call")
        self.wait_state("push", "fresh")
        self.assertEqual(self.sandbox.stats()["authn"], 1, self.agent_output())

    def test_locked_keyring_is_reported(self):
        self.write_settings()
        service = dbus.Interface(self.bus.get_object("org.freedesktop.secrets", "/org/freedesktop/secrets"),
                                 "org.freedesktop.Secret.Service")
        service.Lock([dbus.ObjectPath("/org/freedesktop/secrets/aliases/default")])
        try:
            self.start_agent()
            self.activate("refresh", "push")
            self.wait_state("push", "fresh")
            notice = wait_for(lambda: [c for c in self.notify_calls() if "locked" in str(c[2][4])],
                              message="a notification that the keyring is locked")
            self.assertTrue(notice)
        finally:
            self.unlock_keyring()

    def unlock_keyring(self):
        secrets = self.bus.get_object("org.freedesktop.secrets", "/org/freedesktop/secrets")
        service = dbus.Interface(secrets, "org.freedesktop.Secret.Service")
        collection = service.ReadAlias("default")
        # The "plain" algorithm sends the throw-away test password unencrypted
        # over the private test bus.
        _, session = service.OpenSession("plain", dbus.String("", variant_level=1))
        secret = dbus.Struct((session, dbus.ByteArray(b""), dbus.ByteArray(b"agent-test-keyring"),
                              "text/plain"))
        keyring = dbus.Interface(secrets, "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface")
        keyring.UnlockWithMasterPassword(collection, secret)

    def write_keyfile(self, config, text):
        folder = os.path.join(config, "glib-2.0", "settings")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "keyfile"), "w") as f:
            f.write("[io/github/tokendito/Tokendito]\n" + text)

    def test_start_at_login_writes_autostart(self):
        config = os.path.join(self.tmp, "config")
        entry = os.path.join(config, "autostart", "io.github.tokendito.Tokendito.desktop")
        self.write_settings()
        self.write_keyfile(config, "start-at-login=false\n")
        self.start_agent(keyfile=config)
        self.assertFalse(os.path.exists(entry))

        self.write_keyfile(config, "start-at-login=true\n")
        wait_for(lambda: os.path.exists(entry), message="the autostart entry")
        with open(entry) as f:
            text = f.read()
        self.assertIn("--background", text)
        self.assertIn("X-GNOME-Autostart-enabled=true", text)

        self.write_keyfile(config, "start-at-login=false\n")
        wait_for(lambda: not os.path.exists(entry), message="the autostart entry to go")

    def start_display(self):
        """Starts Xvfb on a free display and a fake StatusNotifierWatcher;
        returns the watcher's proxy."""
        read_fd, write_fd = os.pipe()
        xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-nolisten", "tcp"],
                                pass_fds=[write_fd], stderr=subprocess.DEVNULL)
        os.close(write_fd)
        display = os.read(read_fd, 16).decode().strip()
        # Xvfb may exit when the read end of its display pipe closes, so the
        # pipe stays open as long as the server runs.
        self.addCleanup(lambda: (xvfb.terminate(), xvfb.wait(), os.close(read_fd)))
        self.display = ":" + display

    def start_watcher(self):
        watcher = subprocess.Popen(["/usr/bin/python3", os.path.join(SOURCE, "tests", "tray", "fake-watcher.py")],
                                   stdout=subprocess.PIPE, text=True)
        self.addCleanup(lambda: (watcher.terminate(), watcher.wait()))
        self.assertEqual(watcher.stdout.readline().strip(), "READY")
        return self.bus.get_object("org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher")

    def item_layout(self, item):
        bus_name, path = item.split("/", 1)
        menu = self.bus.get_object(bus_name, "/" + path + "/Menu")
        _, root = menu.GetLayout(0, -1, dbus.Array([], signature="s"),
                                 dbus_interface="com.canonical.dbusmenu")
        flat = []

        def walk(node):
            item_id, properties, children = node
            if item_id != 0:
                flat.append((int(item_id), {str(k): v for k, v in properties.items()}))
            for child in children:
                walk(child)

        walk(root)
        return menu, flat

    def test_tray_icon_refresh_and_code_dialog(self):
        """The real agent, tray icon and code dialog together: the item
        registers, its menu lists the profiles, a click on Refresh runs a
        push, and a TOTP code typed into the dialog is accepted."""
        if shutil.which("xdotool") is None:
            self.skipTest("xdotool is not installed")
        self.start_display()
        watcher = self.start_watcher()
        self.write_settings()
        self.start_agent(windows=True)

        items = wait_for(lambda: list(watcher.Get("org.kde.StatusNotifierWatcher", "RegisteredStatusNotifierItems",
                                                  dbus_interface=dbus.PROPERTIES_IFACE)),
                         timeout=90, message="the tray item to register")
        menu, layout = self.item_layout(str(items[0]))
        labels = [str(p.get("label", "")) for _, p in layout]
        self.assertIn("Refresh push", labels)
        self.assertIn("Refresh totp", labels)

        refresh = [i for i, p in layout if str(p.get("label", "")) == "Refresh push"][0]
        menu.Event(refresh, "clicked", dbus.Int32(0, variant_level=1), dbus.UInt32(0),
                   dbus_interface="com.canonical.dbusmenu")
        state, label, _ = self.wait_state("push", "fresh")
        wait_for(lambda: "push: " + label in [str(p.get("label", "")) for _, p in self.item_layout(str(items[0]))[1]],
                 message="the menu to show the new expiry")

        # A refresh started from the menu opens the code dialog at once.
        self.activate("refresh", "totp")
        env = dict(os.environ, DISPLAY=self.display)
        window = wait_for(lambda: subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "."],
                                                 env=env, capture_output=True, text=True).stdout.split(),
                          timeout=90, message="the code dialog")[0]
        subprocess.run(["xdotool", "windowactivate", "--sync", window], env=env, check=False)
        subprocess.run(["xdotool", "type", "--window", window, "123456"], env=env, check=True)
        subprocess.run(["xdotool", "key", "--window", window, "Return"], env=env, check=True)
        self.wait_state("totp", "fresh", timeout=90)
        self.assertTrue(self.read_credentials().has_section("totp-profile"))

    def status_window_running(self):
        for cmdline in glob.glob("/proc/[0-9]*/cmdline"):
            try:
                with open(cmdline, "rb") as f:
                    words = f.read().split(b"\0")
            except OSError:
                continue
            if words and words[0].endswith(b"tokendito-tray-ui") and b"--status" in words:
                return True
        return False

    def test_tray_host_means_no_status_window(self):
        """With a tray host, launching the application shows the tray icon
        and opens no window."""
        self.start_display()
        watcher = self.start_watcher()
        self.write_settings()
        self.start_agent(windows=True, background=False)
        wait_for(lambda: list(watcher.Get("org.kde.StatusNotifierWatcher", "RegisteredStatusNotifierItems",
                                          dbus_interface=dbus.PROPERTIES_IFACE)),
                 timeout=90, message="the tray item to register")
        time.sleep(2)
        self.assertFalse(self.status_window_running())

    def test_no_tray_host_opens_status_window(self):
        """Without a StatusNotifierWatcher, launching the application opens
        the status window, and the agent keeps running."""
        if shutil.which("xdotool") is None:
            self.skipTest("xdotool is not installed")
        self.start_display()
        self.write_settings()
        self.start_agent(windows=True, background=False)

        env = dict(os.environ, DISPLAY=self.display)
        try:
            wait_for(self.status_window_running, timeout=20, message="the status window process")
            wait_for(lambda: subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "."],
                                            env=env, capture_output=True, text=True).stdout.split(),
                     timeout=90, message="the status window")
        except AssertionError:
            print(self.agent_output(), file=sys.stderr)
            raise
        self.assertIsNone(self.agent.poll())

    def test_quit_action(self):
        self.write_settings()
        self.start_agent()
        self.activate("quit")
        self.assertEqual(self.agent.wait(timeout=10), 0)

    def test_no_secret_in_agent_output(self):
        self.write_settings()
        self.start_agent()
        self.activate("refresh", "push")
        self.wait_state("push", "fresh")
        credentials = self.read_credentials()
        output = self.agent_output()
        self.assertNotIn(PASSWORD, output)
        self.assertNotIn(credentials.get("push-profile", "aws_secret_access_key"), output)
        self.assertNotIn(credentials.get("push-profile", "aws_session_token"), output)
        for call in self.notify_calls():
            self.assertNotIn(PASSWORD, str(call[2]))


if __name__ == "__main__":
    unittest.main(testRunner=unittest.TextTestRunner(stream=sys.stdout, verbosity=2))
