#!/usr/bin/env python3
"""A model of authgear-deno (github.com/authgear/authgear-deno), the service
that runs Authgear's hooks, written from its pkg/deno/runner.go, scanner.go,
parse.go, permissioner.go, pkg/handler/runner.go and cmd/server/config.go:

- `deno run --quiet --allow-read=<script>,<input> --allow-write=<output>
  runner.ts <script> <input> <output>` with the service's environment plus
  NO_COLOR=1, stdout apart, stdin and stderr on a pseudo-terminal: Deno
  PROMPTS for every permission the command line lacks;
- the terminal read as tokens (ScanStderr): a line, or Deno's old prompt up
  to "(y = yes, allow; n = no, deny) > "; a token containing "Deno requests "
  is parsed as a permission descriptor and answered AT ONCE — "y" for net to
  a host every address of which the IP policies allow (loopback, private,
  link-local, multicast and unspecified refused by default, as
  DISALLOW_LOOPBACK=true etc.), "n" for anything else. With Deno 1.46 and 2
  this loses the answer (Deno flushes its input until it has been quiet for
  100 ms after printing the prompt) and the run waits until the service's
  limit: the real failure this model exists to reproduce.
- the run killed at the service's limit (RUNNER_TIMEOUT_SECONDS, 60);
- `serve`: POST /run {"script", "input"} → {"output"} or {"error",
  "error_code"} with at most RUN_MAX_CONCURRENCY (10) runs at once, the rest
  waiting for a slot.

  authgear-deno.py run --report out.json [--allow-loopback] [--lookup-ms N]
      [--answer-delay-ms N] [--timeout-s S] -- deno run ...
  authgear-deno.py serve --port-file F --deno BIN --runner runner.ts
      [--slots 10] [--timeout-s 60] [--allow-loopback] [--grant-net HOSTS]

`--lookup-ms` models the DNS lookup the service makes for a host name (an IP
literal needs none); `--answer-delay-ms` delays every answer, which the real
service never does (a control: an answer that late is read). `--grant-net
HOSTS` (serve) grants net to those hosts on the command line: a stand-in for
Deno 1.41.3, Authgear's own, whose prompt the service answers and the run
then reads (npm carries no 1.41.3 to run here). The report:
{"code", "ms", "timed_out", "stdout", "stderr", "prompts": [{"kind",
"target", "answer", "asked_ms", "at_ms"}]}.
"""
import argparse
import ipaddress
import json
import os
import pty
import re
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OLD_PROMPT = b"(y = yes, allow; n = no, deny) > "
ACCESS_TO = re.compile(r'Deno requests (.+) access to "(.+)"\.')
ALL_ACCESS = re.compile(r"Deno requests (.+) access\.")
HRTIME = re.compile(r"Deno requests access to high precision time\.")
STREAM_LIMIT = 1024 * 1024


def descriptor(line):
    """(name, target) of a prompt's first line, as parse.go reads it."""
    if HRTIME.search(line):
        return "hrtime", ""
    m = ACCESS_TO.search(line)
    if m:
        return m.group(1), m.group(2)
    m = ALL_ACCESS.search(line)
    if m:
        return m.group(1), ""
    return None


def host_of(target):
    """The host of a net descriptor's "host[:port]" (hostport.go)."""
    if target.startswith("["):
        return target[1:target.index("]")]
    if target.count(":") == 1:
        return target.split(":")[0]
    return target


def allowed(name, target, opts):
    """permissioner.go IPPolicyPermissioner: net only, a host, every address allowed."""
    if name != "net" or not target:
        return False
    host = host_of(target)
    try:
        ips = [ipaddress.ip_address(host)]
    except ValueError:
        time.sleep(opts.lookup_ms / 1000)
        try:
            ips = [ipaddress.ip_address(a[4][0]) for a in socket.getaddrinfo(host, None)]
        except OSError:
            return False
    if not ips:
        return False
    for ip in ips:
        if ip.is_loopback and not opts.allow_loopback:
            return False
        if ip.is_multicast or ip.is_unspecified or ip.is_link_local:
            return False
        if ip.is_private and not ip.is_loopback:
            return False
    return True


def run(cmd, opts, env_extra=None):
    """runner.go RunFile: the command on a pty (stdin, stderr), answered as the service answers."""
    master, slave = pty.openpty()
    env = dict(os.environ)
    env.update(env_extra or {})
    env["NO_COLOR"] = "1"
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=subprocess.PIPE, stderr=slave, env=env, close_fds=True,
                            start_new_session=True)
    os.close(slave)
    os.set_blocking(proc.stdout.fileno(), False)
    term, out, pending, prompts = b"", b"", b"", []
    deadline = started + opts.timeout_s
    timed_out = False

    def answer(line):
        d = descriptor(line)
        asked = round((time.monotonic() - started) * 1000)
        ok = d is not None and allowed(d[0], d[1], opts)
        if opts.answer_delay_ms:
            time.sleep(opts.answer_delay_ms / 1000)
        os.write(master, b"y\n" if ok else b"n\n")
        prompts.append({"kind": d[0] if d else "", "target": d[1] if d else "", "answer": "y" if ok else "n",
                        "asked_ms": asked, "at_ms": round((time.monotonic() - started) * 1000)})

    while True:
        if time.monotonic() >= deadline:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            break
        ready, _, _ = select.select([master, proc.stdout], [], [], 0.02)
        if proc.stdout in ready:
            out += proc.stdout.read() or b""
        if master in ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                chunk = b""
            term += chunk
            pending += chunk
            # ScanStderr: a token ends at "\n" or right after the old prompt.
            while True:
                nl, old = pending.find(b"\n"), pending.find(OLD_PROMPT)
                if nl < 0 and old < 0:
                    break
                if nl >= 0 and (old < 0 or nl < old):
                    token, pending = pending[:nl], pending[nl + 1:]
                else:
                    token, pending = pending[:old + len(OLD_PROMPT)], pending[old + len(OLD_PROMPT):]
                line = token.rstrip(b"\r").decode("utf-8", "replace")
                if "Deno requests " in line:
                    answer(line)
        if proc.poll() is not None:
            break
    code = proc.wait()
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
    return {"code": code, "ms": round((time.monotonic() - started) * 1000), "timed_out": timed_out,
            "stdout": out[:STREAM_LIMIT].decode("utf-8", "replace"),
            "stderr": term[:STREAM_LIMIT].decode("utf-8", "replace").replace("\r\n", "\n"), "prompts": prompts}


def serve(opts):
    """handler/runner.go: one run per POST /run, at most `slots` at once."""
    slots = threading.Semaphore(opts.slots)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))))
            with slots:
                result = self.run_hook(body)
            data = json.dumps(result).encode()
            try:
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass  # the caller gave up (authgear-server's own limit)

        def run_hook(self, body):
            with tempfile.TemporaryDirectory() as d:
                script, inp, outp = (os.path.join(d, n) for n in ("script.ts", "input.json", "output.json"))
                with open(script, "w") as f:
                    f.write(body["script"])
                with open(inp, "w") as f:
                    json.dump(body["input"], f)
                open(outp, "w").close()
                cmd = [opts.deno, "run", "--quiet", f"--allow-read={script},{inp}", f"--allow-write={outp}",
                       *([f"--allow-net={opts.grant_net}"] if opts.grant_net else []), opts.runner, script, inp, outp]
                r = run(cmd, opts, {"DENO_NO_UPDATE_CHECK": "1"})
                if r["timed_out"]:
                    return {"error": "signal: killed\ncontext deadline exceeded", "error_code": "run_timeout",
                            "stderr": {"string": r["stderr"]}}
                if r["code"] != 0:
                    return {"error": f"exit status {r['code']}", "error_code": "unknown", "stderr": {"string": r["stderr"]}}
                try:
                    with open(outp) as f:
                        return {"output": json.load(f), "stderr": {"string": r["stderr"]}, "stdout": {"string": r["stdout"]}}
                except ValueError as e:
                    return {"error": str(e), "error_code": "unknown", "stderr": {"string": r["stderr"]}}

    # Go's listener takes the system's backlog; http.server's default (5)
    # would drop simultaneous connections for a second.
    ThreadingHTTPServer.request_queue_size = 128
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(opts.port_file, "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="mode", required=True)
    for name in ("run", "serve"):
        p = sub.add_parser(name)
        p.add_argument("--allow-loopback", action="store_true")
        p.add_argument("--lookup-ms", type=int, default=0)
        p.add_argument("--answer-delay-ms", type=int, default=0)
        p.add_argument("--timeout-s", type=float, default=60)
    r = sub.choices["run"]
    r.add_argument("--report", required=True)
    r.add_argument("cmd", nargs=argparse.REMAINDER)
    s = sub.choices["serve"]
    s.add_argument("--port-file", required=True)
    s.add_argument("--deno", required=True)
    s.add_argument("--runner", required=True)
    s.add_argument("--slots", type=int, default=10)
    s.add_argument("--grant-net", default="")
    opts = ap.parse_args()
    if opts.mode == "serve":
        serve(opts)
        return 0
    cmd = opts.cmd[1:] if opts.cmd[:1] == ["--"] else opts.cmd
    report = run(cmd, opts, {"DENO_NO_UPDATE_CHECK": "1"})
    with open(opts.report, "w") as f:
        json.dump(report, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
