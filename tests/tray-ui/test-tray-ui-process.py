#!/usr/bin/python3
"""Runs the real tokendito-tray-ui against the fake agent and types into its
windows with X key events (xdotool), as a person at the keyboard would.
Prints TAP. Run by run-ui-tests.sh, which sets DISPLAY and TD_FAKE_AGENT;
TD_TRAY_UI is the program under test."""
import json
import os
import shutil
import subprocess
import sys
import time

from gi.repository import Gio, GLib

PROGRAM = os.environ.get("TD_TRAY_UI", "")
AGENT = os.environ.get("TD_FAKE_AGENT", "")
# Far above the second a window takes to appear, so only a hang fails.
TIMEOUT_S = 15

results = []


def control(method, parameters=None):
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    return bus.call_sync(AGENT, "/io/github/tokendito/Test", "io.github.tokendito.Test",
                         method, parameters, None, Gio.DBusCallFlags.NONE, -1, None)


def calls():
    return json.loads(control("GetCalls").unpack()[0])


def xdotool(*args):
    return subprocess.run(["xdotool", *args], check=True, capture_output=True, text=True,
                          timeout=TIMEOUT_S).stdout


def start(*args):
    return subprocess.Popen([PROGRAM, "--agent", AGENT, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_window(pid):
    """Returns the id of the mapped window of process pid, then focuses it;
    without a window manager nothing else gives it the keyboard focus."""
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(pid)],
                               capture_output=True, text=True)
        ids = found.stdout.split()
        if ids:
            xdotool("windowfocus", "--sync", ids[-1])
            # GTK needs a moment after mapping before key events reach the
            # focused widget.
            time.sleep(0.3)
            return ids[-1]
        time.sleep(0.05)
    raise AssertionError("no window of pid %d appeared within %d s" % (pid, TIMEOUT_S))


def finish(process):
    try:
        out, err = process.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        raise AssertionError("tokendito-tray-ui did not exit after its window closed")
    return process.returncode, err


def check(name, function):
    control("ClearCalls")
    try:
        function()
        results.append((True, name, ""))
    except Exception as error:  # noqa: BLE001 - any failure becomes "not ok"
        results.append((False, name, str(error)))


def expect(actual, expected, what):
    if actual != expected:
        raise AssertionError("%s: expected %r, got %r" % (what, expected, actual))


def code_dialog_typed_answer():
    process = start("--prompt", "1")
    wait_for_window(process.pid)
    xdotool("type", "--delay", "20", "123456")
    xdotool("key", "Return")
    status, _ = finish(process)
    expect(status, 0, "exit status")
    expect(calls(), [{"method": "AnswerText", "args": [1, "123456"]}], "calls")


def code_dialog_escape_cancels():
    process = start("--prompt", "5")
    wait_for_window(process.pid)
    xdotool("key", "Escape")
    status, _ = finish(process)
    expect(status, 0, "exit status")
    expect(calls(), [{"method": "CancelPrompt", "args": [5]}], "calls")


def code_dialog_mouse_click_ok():
    process = start("--prompt", "1")
    window = wait_for_window(process.pid)
    xdotool("type", "--delay", "20", "424242")
    geometry = xdotool("getwindowgeometry", "--shell", window)
    size = dict(line.split("=") for line in geometry.split())
    # OK is the last button of the bottom row: 18 px window margin, and the
    # button is about 60 by 34 px in the default theme.
    x = int(size["WIDTH"]) - 18 - 25
    y = int(size["HEIGHT"]) - 18 - 15
    xdotool("mousemove", "--window", window, str(x), str(y))
    xdotool("click", "1")
    status, _ = finish(process)
    expect(status, 0, "exit status")
    expect(calls(), [{"method": "AnswerText", "args": [1, "424242"]}], "calls")


def role_dialog_keyboard_choice():
    process = start("--prompt", "3")
    wait_for_window(process.pid)
    # The first enabled role is selected; Tab moves the focus into the list,
    # Down twice reaches "Engineer", Return activates the row.
    xdotool("key", "Tab")
    xdotool("key", "Down", "Down", "Return")
    status, _ = finish(process)
    expect(status, 0, "exit status")
    expect(calls(), [{"method": "AnswerChoice", "args": [3, 2]}], "calls")


def unknown_prompt_fails():
    process = start("--prompt", "99")
    status, err = finish(process)
    expect(status, 1, "exit status")
    if "prompt 99" not in err:
        raise AssertionError("the error does not name the prompt: %r" % err)


def missing_agent_is_usage_error():
    process = subprocess.Popen([PROGRAM, "--status"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    status, err = finish(process)
    expect(status, 2, "exit status")
    if "--agent" not in err:
        raise AssertionError("the error does not mention --agent: %r" % err)


def two_windows_is_usage_error():
    process = start("--status", "--preferences")
    status, _ = finish(process)
    expect(status, 2, "exit status")


def main():
    if not PROGRAM or not AGENT or "DISPLAY" not in os.environ:
        print("1..0 # SKIP needs TD_TRAY_UI, TD_FAKE_AGENT and DISPLAY; run through run-ui-tests.sh")
        return 0
    if shutil.which("xdotool") is None:
        print("1..0 # SKIP xdotool is not installed")
        return 0

    check("/tray-ui/process/code-dialog-typed-answer", code_dialog_typed_answer)
    check("/tray-ui/process/code-dialog-escape-cancels", code_dialog_escape_cancels)
    check("/tray-ui/process/code-dialog-mouse-click-ok", code_dialog_mouse_click_ok)
    check("/tray-ui/process/role-dialog-keyboard-choice", role_dialog_keyboard_choice)
    check("/tray-ui/process/unknown-prompt-fails", unknown_prompt_fails)
    check("/tray-ui/process/missing-agent-usage-error", missing_agent_is_usage_error)
    check("/tray-ui/process/two-windows-usage-error", two_windows_is_usage_error)

    print("1..%d" % len(results))
    for number, (passed, name, message) in enumerate(results, 1):
        print("%s %d %s" % ("ok" if passed else "not ok", number, name))
        if message:
            print("# " + message.replace("\n", "\n# "))
    return 0 if all(passed for passed, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
