#!/usr/bin/python3
"""Fake org.kde.StatusNotifierWatcher for the tray icon tests.

Records every RegisterStatusNotifierItem call as "<bus name><object path>"
in the property RegisteredStatusNotifierItems and keeps the entry after the
item's owner leaves, so that a test can still read what was registered.
Prints "READY" on stdout once the name is owned; exits on SIGTERM.
"""
import signal

from gi.repository import Gio, GLib

WATCHER_NAME = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
WATCHER_XML = """<node><interface name="org.kde.StatusNotifierWatcher">
  <method name="RegisterStatusNotifierItem"><arg type="s" name="service" direction="in"/></method>
  <method name="RegisterStatusNotifierHost"><arg type="s" name="service" direction="in"/></method>
  <property name="RegisteredStatusNotifierItems" type="as" access="read"/>
  <property name="IsStatusNotifierHostRegistered" type="b" access="read"/>
  <property name="ProtocolVersion" type="i" access="read"/>
  <signal name="StatusNotifierItemRegistered"><arg type="s" name="service"/></signal>
  <signal name="StatusNotifierItemUnregistered"><arg type="s" name="service"/></signal>
  <signal name="StatusNotifierHostRegistered"/>
</interface></node>"""


class FakeWatcher:
    def __init__(self, connection, loop):
        self.connection = connection
        self.loop = loop
        self.items = []
        interface = Gio.DBusNodeInfo.new_for_xml(WATCHER_XML).interfaces[0]
        connection.register_object(WATCHER_PATH, interface, self._on_call, self._on_get_property, None)
        Gio.bus_own_name_on_connection(connection, WATCHER_NAME, Gio.BusNameOwnerFlags.NONE,
                                       self._on_name_acquired, self._on_name_lost)

    def _on_name_acquired(self, connection, name):
        print("READY", flush=True)

    def _on_name_lost(self, connection, name):
        print("could not own", name, flush=True)
        self.loop.quit()

    def _on_call(self, connection, sender, path, interface, method, parameters, invocation):
        if method == "RegisterStatusNotifierItem":
            service = parameters.unpack()[0]
            # libayatana-appindicator passes its object path, while other items
            # pass a bus name and use the default path.
            if service.startswith("/"):
                item = sender + service
            else:
                item = service + "/StatusNotifierItem"
            self.items.append(item)
            print("REGISTERED", item, flush=True)
            invocation.return_value(None)
            connection.emit_signal(None, WATCHER_PATH, interface, "StatusNotifierItemRegistered",
                                   GLib.Variant("(s)", (item,)))
        elif method == "RegisterStatusNotifierHost":
            invocation.return_value(None)
        else:
            invocation.return_dbus_error("org.freedesktop.DBus.Error.UnknownMethod", method)

    def _on_get_property(self, connection, sender, path, interface, name):
        if name == "RegisteredStatusNotifierItems":
            return GLib.Variant("as", self.items)
        if name == "IsStatusNotifierHostRegistered":
            return GLib.Variant("b", True)
        if name == "ProtocolVersion":
            return GLib.Variant("i", 0)
        return None


def main():
    loop = GLib.MainLoop()
    connection = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    FakeWatcher(connection, loop)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    loop.run()


if __name__ == "__main__":
    main()
