#!/usr/bin/env python3
"""Runs `deno run` the way authgear-deno does (pkg/deno/runner.go): stdin and
stderr on a pseudo-terminal, stdout apart, NO_COLOR=1, so Deno PROMPTS for
every permission the command line does not grant. Like authgear-deno's
service it answers one prompt at a time: net for an allowed host:port with
`y` after `--delay-ms` (the DNS lookup the service makes before allowing a
host), anything else with `n`. Unlike authgear-deno, which answers as soon as
it reads the "Deno requests" line, it answers only once the whole prompt is
printed and Deno has flushed the terminal's input (SETTLE_MS).

  pty-runner.py --report out.json [--allow HOST:PORT]... [--delay-ms N] -- deno run ...

The report: {"code", "ms", "stdout", "stderr", "prompts": [{"kind", "target", "answer", "asked_ms", "at_ms"}]}.
"""
import argparse
import json
import os
import pty
import re
import select
import subprocess
import sys
import time

ASK = re.compile(r'Deno requests (.+?) access(?: to "(.+?)")?\.')
# The end of a prompt: "Allow? [y/n/A] (y = yes, allow; n = no, deny; …) > "
PROMPT_END = re.compile(r"Allow\? \[[^\]]*\][^\n]*?\) > ")
SETTLE_MS = 150


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--report", required=True)
    ap.add_argument("--allow", action="append", default=[])
    ap.add_argument("--delay-ms", type=int, default=0)
    ap.add_argument("--timeout-s", type=float, default=20)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd

    master, slave = pty.openpty()
    env = {k: os.environ[k] for k in ("PATH", "HOME") if k in os.environ}
    env.update(NO_COLOR="1", DENO_NO_UPDATE_CHECK="1")
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=subprocess.PIPE, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    os.set_blocking(proc.stdout.fileno(), False)

    term, out, prompts = b"", b"", []
    unanswered = 0  # where the text not yet judged for a prompt starts
    deadline = started + a.timeout_s
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master, proc.stdout], [], [], 0.05)
        if proc.stdout in ready:
            out += proc.stdout.read() or b""
        if master in ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                chunk = b""
            term += chunk
            text = term[unanswered:].decode("utf-8", "replace")
            ask, end = ASK.search(text), PROMPT_END.search(text)
            if ask and end and end.start() > ask.start():
                kind, target = ask.group(1), ask.group(2) or ""
                asked_ms = round((time.monotonic() - started) * 1000)
                allowed = kind == "net" and target in a.allow
                # Having printed the prompt, Deno flushes the terminal's input
                # until it has been quiet for 100 ms (its clear_stdin): an
                # answer written sooner is lost and the prompt waits forever
                # (seen on 1.46 and 2.x). So even a refusal waits.
                time.sleep(max(a.delay_ms if allowed else 0, SETTLE_MS) / 1000)
                answer = "y" if allowed else "n"
                os.write(master, (answer + "\n").encode())
                prompts.append({"kind": kind, "target": target, "answer": answer,
                                "asked_ms": asked_ms, "at_ms": round((time.monotonic() - started) * 1000)})
                unanswered = len(term)
        if proc.poll() is not None:
            break
    else:
        proc.kill()
    code = proc.wait()
    ms = round((time.monotonic() - started) * 1000)
    try:
        while True:
            chunk = os.read(master, 65536)
            if not chunk:
                break
            term += chunk
    except OSError:
        pass
    os.close(master)
    out += proc.stdout.read() or b""
    with open(a.report, "w") as f:
        json.dump({"code": code, "ms": ms, "stdout": out.decode("utf-8", "replace"),
                   "stderr": term.decode("utf-8", "replace").replace("\r\n", "\n"), "prompts": prompts}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
