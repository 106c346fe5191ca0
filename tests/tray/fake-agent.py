#!/usr/bin/python3
"""Fake tokendito-tray agent for the tray icon tests.

Exports the actions and the tray menu model that the real agent exports
(two profiles, "dev" and "prod"), records every activation, and offers a
control interface so that a test can change a label or the icon.

Usage: fake-agent.py [--no-icon-action] [--with-check-item]
--with-check-item adds a check item, "Example toggle", bound to a stateful
boolean action. The real menu has none, but the tray icon's fix-up handles them.
Prints "READY <unique bus name>" on stdout once everything is exported.
The process exits when app.quit is activated or on SIGTERM.
"""
import signal
import sys

from gi.repository import Gio, GLib

OBJECT_PATH = "/io/github/tokendito/Tokendito"
MENU_PATH = "/io/github/tokendito/Tokendito/menus/tray"
CONTROL_PATH = "/io/github/tokendito/Test/FakeAgent"
CONTROL_INTERFACE = "io.github.tokendito.Test.FakeAgent"
CONTROL_XML = """<node><interface name="io.github.tokendito.Test.FakeAgent">
  <method name="GetActivations"><arg type="as" name="activations" direction="out"/></method>
  <method name="SetStateLabel">
    <arg type="s" name="profile" direction="in"/><arg type="s" name="label" direction="in"/>
  </method>
  <method name="SetIcon"><arg type="s" name="icon_name" direction="in"/></method>
</interface></node>"""
PROFILES = [("dev", "dev: valid until 14:05"), ("prod", "prod: expired")]
INITIAL_ICON = "io.github.tokendito.Tokendito-expired-symbolic"


class FakeAgent:
    def __init__(self, connection, with_icon_action, with_check_item):
        self.connection = connection
        self.loop = GLib.MainLoop()
        self.activations = []
        self.actions = Gio.SimpleActionGroup()
        self.sections = {}
        self.icon_action = None

        self._add_action("refresh", GLib.VariantType.new("s"))
        self._add_action("refresh-all", None)
        self._add_action("preferences", None)
        self._add_action("quit", None)
        # The state lines of the menu point at this disabled action, because
        # GTK shows an item without any action as enabled.
        self._add_action("noop", None).set_enabled(False)
        if with_icon_action:
            self.icon_action = Gio.SimpleAction.new_stateful(
                "icon", None, GLib.Variant("s", INITIAL_ICON))
            self.actions.add_action(self.icon_action)

        self.menu = self._build_menu()
        if with_check_item:
            toggle = Gio.SimpleAction.new_stateful("example-toggle", None, GLib.Variant("b", False))
            toggle.connect("activate", self._on_toggle_activate)
            self.actions.add_action(toggle)
            self.menu.append("Example toggle", "app.example-toggle")
        connection.export_action_group(OBJECT_PATH, self.actions)
        connection.export_menu_model(MENU_PATH, self.menu)
        interface = Gio.DBusNodeInfo.new_for_xml(CONTROL_XML).interfaces[0]
        connection.register_object(CONTROL_PATH, interface, self._on_control_call, None, None)

    def _add_action(self, name, parameter_type):
        action = Gio.SimpleAction.new(name, parameter_type)
        action.connect("activate", self._on_activate)
        self.actions.add_action(action)
        return action

    def _build_menu(self):
        menu = Gio.Menu()
        for profile, state_label in PROFILES:
            section = Gio.Menu()
            section.append_item(Gio.MenuItem.new(state_label, "app.noop"))
            item = Gio.MenuItem.new("Refresh " + profile, None)
            item.set_action_and_target_value("app.refresh", GLib.Variant("s", profile))
            section.append_item(item)
            menu.append_section(None, section)
            self.sections[profile] = section

        commands = Gio.Menu()
        commands.append("Refresh all", "app.refresh-all")
        commands.append("Preferences…", "app.preferences")
        commands.append("Quit", "app.quit")
        menu.append_section(None, commands)
        return menu

    def _on_activate(self, action, parameter):
        text = action.get_name()
        if parameter is not None:
            text += "(" + parameter.print_(True) + ")"
        self.activations.append(text)
        print("ACTIVATED", text, flush=True)
        if action.get_name() == "quit":
            # Let the reply to the Activate call go out before the name is lost.
            GLib.idle_add(self.loop.quit)

    def _on_toggle_activate(self, action, parameter):
        self._on_activate(action, parameter)
        action.set_state(GLib.Variant("b", not action.get_state().get_boolean()))

    def _on_control_call(self, connection, sender, path, interface, method, parameters, invocation):
        if method == "GetActivations":
            invocation.return_value(GLib.Variant("(as)", (self.activations,)))
        elif method == "SetStateLabel":
            profile, label = parameters.unpack()
            section = self.sections.get(profile)
            if section is None:
                invocation.return_dbus_error("org.freedesktop.DBus.Error.InvalidArgs",
                                             "unknown profile " + profile)
                return
            # Menu items are immutable, so a label changes by replacement.
            section.remove(0)
            section.insert_item(0, Gio.MenuItem.new(label, "app.noop"))
            invocation.return_value(None)
        elif method == "SetIcon":
            if self.icon_action is None:
                invocation.return_dbus_error("org.freedesktop.DBus.Error.Failed",
                                             "started with --no-icon-action")
                return
            self.icon_action.set_state(GLib.Variant("s", parameters.unpack()[0]))
            invocation.return_value(None)

    def run(self):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, self._on_sigterm)
        print("READY", self.connection.get_unique_name(), flush=True)
        self.loop.run()

    def _on_sigterm(self):
        self.loop.quit()
        return GLib.SOURCE_REMOVE


def main():
    connection = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    FakeAgent(connection, "--no-icon-action" not in sys.argv[1:],
              "--with-check-item" in sys.argv[1:]).run()
    connection.flush_sync(None)


if __name__ == "__main__":
    main()
