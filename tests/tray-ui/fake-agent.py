#!/usr/bin/python3
"""A stand-in for the tokendito-tray agent, for the tray-ui tests.

It implements io.github.tokendito.Tokendito.Agent with canned profiles and
prompts, exports the agent's actions, and records every method call and
action activation. Tests read and drive it through a control interface,
io.github.tokendito.Test at /io/github/tokendito/Test:

  GetCalls() -> s         the recorded calls as a JSON list
  ClearCalls()
  SetProfiles(s json)     replaces the profiles and emits ProfilesChanged
  ClosePrompt(u id)       emits PromptClosed(id), as when a prompt times out

Usage: fake-agent.py READY_FILE
It writes its unique bus name to READY_FILE once the name
io.github.tokendito.Tokendito is owned.
"""
import json
import os
import sys

from gi.repository import Gio, GLib

AGENT_PATH = "/io/github/tokendito/Tokendito/Agent"
AGENT_INTERFACE = "io.github.tokendito.Tokendito.Agent"
ACTIONS_PATH = "/io/github/tokendito/Tokendito"
CONTROL_PATH = "/io/github/tokendito/Test"

AGENT_XML = """<node><interface name="io.github.tokendito.Tokendito.Agent">
  <method name="GetProfiles"><arg type="a(sssx)" name="profiles" direction="out"/></method>
  <method name="GetKnownChoices"><arg type="s" name="profile" direction="in"/>
    <arg type="as" name="factors" direction="out"/><arg type="as" name="roles" direction="out"/></method>
  <signal name="ProfilesChanged"/>
  <method name="GetPrompt">
    <arg type="u" name="id" direction="in"/>
    <arg type="s" name="kind" direction="out"/><arg type="s" name="profile" direction="out"/>
    <arg type="s" name="title" direction="out"/><arg type="s" name="message" direction="out"/>
    <arg type="a(ssb)" name="choices" direction="out"/>
  </method>
  <method name="AnswerText"><arg type="u" name="id" direction="in"/><arg type="s" name="text" direction="in"/></method>
  <method name="AnswerTextRemember"><arg type="u" name="id" direction="in"/>
    <arg type="s" name="text" direction="in"/><arg type="b" name="remember" direction="in"/></method>
  <method name="AnswerChoice"><arg type="u" name="id" direction="in"/><arg type="i" name="index" direction="in"/></method>
  <method name="CancelPrompt"><arg type="u" name="id" direction="in"/></method>
  <signal name="PromptAdded"><arg type="u" name="id"/><arg type="s" name="kind"/><arg type="s" name="profile"/></signal>
  <signal name="PromptClosed"><arg type="u" name="id"/></signal>
</interface></node>"""

CONTROL_XML = """<node><interface name="io.github.tokendito.Test">
  <method name="GetCalls"><arg type="s" name="json" direction="out"/></method>
  <method name="ClearCalls"/>
  <method name="SetProfiles"><arg type="s" name="json" direction="in"/></method>
  <method name="ClosePrompt"><arg type="u" name="id" direction="in"/></method>
</interface></node>"""

PROFILES = [
    ("work", "fresh", "valid until 14:05", 1796390700),
    ("prod", "expired", "expired at 09:12", 1796366000),
    ("sandbox", "failed", "sign-in failed: the MFA code was rejected", 0),
]

PROD = "Account: 111111111111 (prod)"
DEV = "Account: 222222222222 (dev)"

# id -> (kind, profile, title, message, choices)
PROMPTS = {
    1: ("passcode", "work", "", "Enter the code from Okta Verify.", []),
    2: ("password", "work", "", "Sign in to acme.okta.com as jane.doe@acme.example.", []),
    3: ("choose-role", "prod", "", "", [
        ("Admin", PROD, True),
        ("ReadOnly", PROD, True),
        ("Engineer", DEV, True),
        ("Billing", DEV, False),
    ]),
    4: ("choose-factor", "work", "", "", [
        ("Okta Verify push", "", True),
        ("Okta Verify code", "", True),
        ("SMS to +1 XXX-XXX-1234", "", True),
        ("Security key (WebAuthn), not supported", "", False),
    ]),
    5: ("answer", "sandbox", "", "What was the name of your first pet?", []),
    # Malformed prompts, for the client's checks.
    6: ("fingerprint", "work", "", "", []),
    7: ("choose-role", "prod", "", "", [("Admin", PROD, False)]),
}

ACTIONS = [
    ("refresh", "s"), ("refresh-all", None), ("retry", "s"), ("cancel", "s"),
    ("enter-code", "s"), ("preferences", None), ("status", None), ("quit", None),
]


class FakeAgent:
    def __init__(self, connection):
        self.connection = connection
        self.calls = []
        self.profiles = list(PROFILES)

        agent_info = Gio.DBusNodeInfo.new_for_xml(AGENT_XML).interfaces[0]
        control_info = Gio.DBusNodeInfo.new_for_xml(CONTROL_XML).interfaces[0]
        connection.register_object(AGENT_PATH, agent_info, self.agent_call, None, None)
        connection.register_object(CONTROL_PATH, control_info, self.control_call, None, None)

        self.actions = Gio.SimpleActionGroup()
        for name, parameter_type in ACTIONS:
            action = Gio.SimpleAction.new(
                name, GLib.VariantType.new(parameter_type) if parameter_type else None)
            action.connect("activate", self.action_activated)
            self.actions.add_action(action)
        connection.export_action_group(ACTIONS_PATH, self.actions)

    def record(self, entry):
        self.calls.append(entry)

    def action_activated(self, action, parameter):
        self.record({"action": action.get_name(),
                     "target": parameter.unpack() if parameter is not None else None})

    def agent_call(self, connection, sender, path, interface, method, parameters, invocation):
        args = list(parameters.unpack())
        if method == "GetProfiles":
            invocation.return_value(GLib.Variant("(a(sssx))", (self.profiles,)))
            return
        if method == "GetKnownChoices":
            # Factors and roles the real agent would have seen for "work".
            if args[0] == "work":
                known = (["okta:push", "google:token:software:totp"],
                         ["arn:aws:iam::111111111111:role/Engineer", "arn:aws:iam::222222222222:role/Admin"])
            else:
                known = ([], [])
            invocation.return_value(GLib.Variant("(asas)", known))
            return
        if method == "GetPrompt":
            prompt = PROMPTS.get(args[0])
            if prompt is None:
                invocation.return_dbus_error("io.github.tokendito.Tokendito.Error.UnknownPrompt",
                                             "No prompt with the id %u" % args[0])
                return
            invocation.return_value(GLib.Variant("(ssssa(ssb))", prompt))
            return
        self.record({"method": method, "args": args})
        invocation.return_value(None)

    def control_call(self, connection, sender, path, interface, method, parameters, invocation):
        if method == "GetCalls":
            invocation.return_value(GLib.Variant("(s)", (json.dumps(self.calls),)))
        elif method == "ClearCalls":
            self.calls.clear()
            invocation.return_value(None)
        elif method == "SetProfiles":
            self.profiles = [tuple(p) for p in json.loads(parameters.unpack()[0])]
            invocation.return_value(None)
            connection.emit_signal(None, AGENT_PATH, AGENT_INTERFACE, "ProfilesChanged", None)
        elif method == "ClosePrompt":
            invocation.return_value(None)
            connection.emit_signal(None, AGENT_PATH, AGENT_INTERFACE, "PromptClosed", parameters)


def main():
    ready_file = sys.argv[1]
    connection = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    # Kept in a local so that it lives as long as the main loop.
    agent = FakeAgent(connection)  # noqa: F841

    def acquired(connection, name):
        # Written whole, then renamed, so a reader never sees half a name.
        with open(ready_file + ".tmp", "w") as f:
            f.write(connection.get_unique_name())
        os.rename(ready_file + ".tmp", ready_file)

    def lost(connection, name):
        print("fake-agent: cannot own %s" % name, file=sys.stderr)
        sys.exit(1)

    Gio.bus_own_name_on_connection(connection, "io.github.tokendito.Tokendito",
                                   Gio.BusNameOwnerFlags.NONE, acquired, lost)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
