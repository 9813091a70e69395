#!/usr/bin/env python3
"""The long soak: kilnd under steady mixed traffic for SOAK_MINUTES, sampled.

Starts its own kilnd in a temporary directory (like bench/load.sh), drives
both APIs at SOAK_RATE jobs a minute (file jobs on a small PNG, chat prompts,
renders of a one-second clip, each polled until it settles, plus a share of
bad requests that must get a 4xx), and every SOAK_SAMPLE_SECS seconds prints
one Markdown table row: the daemon's RSS, open fds, threads, CPU per settled
job, database size, blob count, request latency, and the CPU share of kilnd
(with its workers) and of other work on the machine.

It fails (exit 1) when:
  - any request got a 5xx or lost its connection, a valid request got a 4xx,
    a bad request did not get a 4xx, a job failed or never settled;
  - after warm-up (the first third of the run), RSS grew at SOAK_RSS_SLOPE_MB
    MB/min or more (least squares);
  - after warm-up, the database grew at SOAK_DB_SLOPE_MB MB/min or more, when
    record retention (`[retention] records_days`, set from SOAK_RECORDS_MINUTES) was on (otherwise it
    warns); growth is only judged when the warm-up is at least as long as the
    retention windows (stores fill by design until then), else it warns;
  - p99 latency of the last third is more than twice that of the middle third
    (a warning instead when other work took 15 points more of the CPUs);
  - daemon CPU per settled job of the last third is more than SOAK_CPU_RISE
    (1.5) times that of the middle third;
  - kilnd died, or did not exit 0 on SIGTERM.

Environment: KILND, KILN (binaries), SOAK_MINUTES (60, fractions allowed),
SOAK_RATE (540 jobs/min), SOAK_SAMPLE_SECS (30), SOAK_THREADS (32),
SOAK_WORKERS (worker slots; CPUs), SOAK_RECORDS_MINUTES (10),
SOAK_MIX ("chat=35,image=45,render=20"), SOAK_BAD_SHARE (0.1 bad requests
per job), SOAK_WEBHOOK_SHARE (0.1 of file jobs), SOAK_RSS_SLOPE_MB (0.5),
SOAK_DB_SLOPE_MB (0.5), SOAK_CPU_RISE (1.5), SOAK_KEEP (1: keep the
directory). Python 3 standard library only.
"""

import heapq
import http.client
import http.server
import json
import os
import random
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
import zlib


def env_float(name, default):
    raw = os.environ.get(name, "")
    return float(raw) if raw.strip() else default


KILND = os.environ.get("KILND", "target/release/kilnd")
KILN = os.environ.get("KILN", "target/release/kiln")
MINUTES = env_float("SOAK_MINUTES", 60.0)
RATE = env_float("SOAK_RATE", 540.0)
SAMPLE_SECS = env_float("SOAK_SAMPLE_SECS", 30.0)
THREADS = int(env_float("SOAK_THREADS", 32))
WORKERS = int(env_float("SOAK_WORKERS", os.cpu_count() or 2))
RECORDS_MINUTES = env_float("SOAK_RECORDS_MINUTES", 10.0)
BAD_SHARE = env_float("SOAK_BAD_SHARE", 0.1)
WEBHOOK_SHARE = env_float("SOAK_WEBHOOK_SHARE", 0.1)
RSS_SLOPE_MB = env_float("SOAK_RSS_SLOPE_MB", 0.5)
DB_SLOPE_MB = env_float("SOAK_DB_SLOPE_MB", 0.5)
CPU_RISE = env_float("SOAK_CPU_RISE", 1.5)
KEEP = os.environ.get("SOAK_KEEP", "") not in ("", "0")
MIX = {}
for part in os.environ.get("SOAK_MIX", "chat=35,image=45,render=20").split(","):
    name, _, weight = part.partition("=")
    MIX[name.strip()] = float(weight)
if not set(MIX) <= {"chat", "image", "render"} or sum(MIX.values()) <= 0:
    sys.exit(f"SOAK_MIX: weights of chat, image and render, got {MIX}")

FILE_RETENTION_HOURS = 0.05
# Other work on the machine this many points (of 100 % of all CPUs) busier in
# the last third than in the middle one excuses a latency drift.
BUSIER_PCT = 15.0
# A job not settled this long after it was accepted counts as stuck.
SETTLE_LIMIT_SECS = 300.0
# After the run, outstanding jobs get this long to settle.
DRAIN_SECS = 120.0
# Keep-alive connections idle longer than this are not reused (kilnd closes
# idle ones after http.header_timeout_secs, 10 s by default).
IDLE_SECS = 5.0

IMAGE_PROMPTS = [
    "make this black and white",
    "rotate 90 degrees",
    "convert to jpg",
    "flip it horizontally",
]
CHAT_PROMPTS = ["what can you do?", "what formats can you read?", "do you support .weba?"]
CLK_TCK = os.sysconf("SC_CLK_TCK")


def log(*args):
    print(*args, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- test files


def png(width=24, height=16):
    """A small valid RGB PNG: a gradient."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    rows = b"".join(
        b"\x00" + b"".join(bytes((x * 10 % 256, y * 15 % 256, (x + y) * 5 % 256)) for x in range(width))
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def clip(path):
    args = "-v error -y -f lavfi -i testsrc2=size=160x120:rate=24:duration=1 -pix_fmt yuv420p -c:v libx264"
    subprocess.run(["ffmpeg", *args.split(), path], check=True)
    with open(path, "rb") as f:
        return f.read()


# ---------------------------------------------------------------- the daemon


def config_text(records):
    text = """[log]
level = "warn"
format = "json"
[plans.free]
max_file_mb = 50
max_files_per_job = 5
max_pipeline_steps = 5
monthly_jobs = 0
rate_per_sec = 1000000
burst = 1000000
max_queued_jobs = 100000
[workers]
drain_secs = 20
[http]
shutdown_grace_secs = 5
[webhooks]
allow_private = true
[retention]
hours = {hours}
sweep_secs = 10
""".format(hours=FILE_RETENTION_HOURS)
    if records is not None:
        text += f"records_days = {records / 1440.0!r}\n"
    return text


class Daemon:
    def __init__(self, root):
        self.root = root
        self.data = os.path.join(root, "data")
        self.sock = os.path.join(self.data, "control.sock")
        self.proc = None
        self.records = None

    def start(self, records):
        """Starts kilnd; False when it exits before it is up."""
        cfg = os.path.join(self.root, "kilnd.toml")
        with open(cfg, "w") as f:
            f.write(config_text(records))
        self.logfile = open(os.path.join(self.root, "log"), "ab")
        self.log_from = self.logfile.tell()
        self.proc = subprocess.Popen(
            [KILND, "serve", "--config", cfg, "--data", self.data, "--listen", "127.0.0.1:0"],
            stdout=self.logfile,
            stderr=self.logfile,
            start_new_session=True,
        )
        addr = os.path.join(self.data, "http.addr")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            if os.path.exists(self.sock) and os.path.exists(addr):
                with open(addr) as f:
                    text = f.read().strip()
                if text:
                    self.addr = text.splitlines()[0]
                    self.records = records
                    return True
            time.sleep(0.1)
        self.stop()
        sys.exit("kilnd did not come up within 60 s; log:\n" + self.log_tail())

    def log_tail(self, lines=20):
        with open(os.path.join(self.root, "log"), errors="replace") as f:
            return "".join(f.readlines()[-lines:])

    def start_log(self):
        """What kilnd logged since it was last started."""
        with open(os.path.join(self.root, "log"), errors="replace") as f:
            f.seek(self.log_from)
            return f.read()

    def kiln(self, *args):
        out = subprocess.run([KILN, "--socket", self.sock, *args], check=True, capture_output=True, text=True)
        return out.stdout

    def stop(self, timeout=60):
        """SIGTERM, then the exit status (None when it had to be killed)."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None


def proc_sample(pid):
    with open(f"/proc/{pid}/status") as f:
        status = dict(line.split(":", 1) for line in f if ":" in line)
    rss_kb = int(status["VmRSS"].split()[0])
    threads = int(status["Threads"])
    with open(f"/proc/{pid}/stat") as f:
        rest = f.read().rsplit(")", 1)[1].split()
    cpu_ms = (int(rest[11]) + int(rest[12])) * 1000.0 / CLK_TCK
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    return rss_kb / 1024.0, fds, threads, cpu_ms


def machine_ticks():
    """CPU ticks the whole machine spent busy, over all CPUs."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:9]]
    return sum(fields) - fields[3] - fields[4]


def tree_ticks(pid):
    """CPU ticks of a process, its reaped children and its live descendants (kilnd's workers)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            rest = f.read().rsplit(")", 1)[1].split()
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:  # gone meanwhile
        return 0
    total = sum(int(x) for x in rest[11:15])
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                kids = f.read().split()
        except OSError:
            continue
        total += sum(tree_ticks(int(kid)) for kid in kids)
    return total


def own_ticks():
    t = os.times()
    return (t.user + t.system) * CLK_TCK


class CpuShares:
    """Shares of the machine's CPU between samples: kilnd with its workers, and everything
    else but this script (other work on the machine, which slows kilnd down)."""

    def __init__(self, pid):
        self.pid = pid
        self.ncpu = os.cpu_count() or 1
        self.prev = self.read()

    def read(self):
        return time.monotonic(), machine_ticks(), tree_ticks(self.pid), own_ticks()

    def take(self):
        now = self.read()
        (t0, m0, k0, o0), (t1, m1, k1, o1) = self.prev, now
        self.prev = now
        capacity = max(1e-9, (t1 - t0) * CLK_TCK * self.ncpu)
        kilnd = 100.0 * (k1 - k0) / capacity
        others = 100.0 * max(0.0, (m1 - m0) - (k1 - k0) - (o1 - o0)) / capacity
        return kilnd, others, (k1 - k0) * 1000.0 / CLK_TCK


def disk_usage(path):
    """Bytes allocated under path (what `du` says) and the number of files."""
    total = files = 0
    for dirpath, _, names in os.walk(path):
        for name in names:
            try:
                st = os.lstat(os.path.join(dirpath, name))
            except FileNotFoundError:
                continue
            total += st.st_blocks * 512
            files += 1
    return total, files


# ---------------------------------------------------------------- traffic


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []
        self.settled = 0
        self.created = 0
        self.lag = 0.0
        self.totals = {
            k: 0
            for k in (
                "requests",
                "created",
                "settled",
                "succeeded",
                "failed",
                "stuck",
                "5xx",
                "conn_errors",
                "4xx_bad",
                "unexpected",
                "bad_requests",
                "429",
                "webhooks_sent",
                "webhooks_received",
            )
        }
        self.by_kind = {k: 0 for k in MIX}
        self.problems = []
        self.by_route = {}

    def add(self, key, n=1):
        with self.lock:
            self.totals[key] += n

    def problem(self, text):
        with self.lock:
            if len(self.problems) < 20:
                self.problems.append(text)

    def take(self):
        with self.lock:
            out = (self.latencies, self.settled, self.created, self.lag)
            self.latencies, self.settled, self.created, self.lag = [], 0, 0, 0.0
            return out


class Client:
    """One keep-alive connection per thread; every request timed and classed."""

    def __init__(self, addr, stats):
        host, _, port = addr.rpartition(":")
        self.host, self.port = host, int(port)
        self.stats = stats
        self.local = threading.local()

    def conn(self):
        c = getattr(self.local, "conn", None)
        if c is not None and time.monotonic() - self.local.used > IDLE_SECS:
            c.close()
            c = None
        if c is None:
            c = http.client.HTTPConnection(self.host, self.port, timeout=60)
            self.local.conn = c
            self.local.served = 0
            self.local.last = None
        return c

    def request(self, method, path, body=None, headers=None, key=None, timed=True, label=None):
        """(status, parsed JSON or raw bytes); (None, error) when the connection failed."""
        hdrs = dict(headers or {})
        if key:
            hdrs["Authorization"] = f"Bearer {key}"
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            hdrs.setdefault("Content-Type", "application/json")
        start = time.monotonic()
        c = self.conn()
        try:
            c.request(method, path, body=body, headers=hdrs)
            resp = c.getresponse()
            data = resp.read()
            status = resp.status
            if resp.getheader("Connection", "").lower() == "close":
                c.close()
                self.local.conn = None
        except (OSError, http.client.HTTPException) as e:
            c.close()
            self.local.conn = None
            self.stats.add("conn_errors")
            idle = time.monotonic() - getattr(self.local, "used", 0)
            self.stats.problem(
                f"{method} {path}: connection error {e!r} after {self.local.served} requests on "
                f"the connection, the last {self.local.last} {idle:.2f} s before"
            )
            return None, e
        end = time.monotonic()
        self.local.used = end
        self.local.served += 1
        self.local.last = (method, path.split("?")[0], status)
        with self.stats.lock:
            self.stats.totals["requests"] += 1
            if timed:
                self.stats.latencies.append(end - start)
                self.stats.by_route.setdefault(label or route(method, path), []).append(end - start)
            if status >= 500:
                self.stats.totals["5xx"] += 1
            if status == 429:
                self.stats.totals["429"] += 1
        if status >= 500:
            self.stats.problem(f"{method} {path}: {status} {data[:200]!r}")
        try:
            return status, json.loads(data) if data else None
        except ValueError:
            return status, data

    def expect_ok(self, what, status, body):
        if status is None:
            return False
        if not 200 <= status < 300:
            if status < 500:
                self.stats.add("unexpected")
                self.stats.problem(f"{what}: {status} {str(body)[:200]}")
            return False
        return True


def route(method, path):
    """The request with its ids and query left out: `GET /jobs/{id}`."""
    path = path.split("?")[0]
    return method + " " + re.sub(r"/[a-z]+_[0-9a-z]+(?=/|$)", "/{id}", path)


def split_url(url):
    parts = urllib.parse.urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


class Scheduler:
    """Tasks run by a pool of threads at their due times."""

    def __init__(self):
        self.heap = []
        self.cv = threading.Condition()
        self.seq = 0
        self.closed = False
        self.busy = 0

    def push(self, when, task):
        with self.cv:
            heapq.heappush(self.heap, (when, self.seq, task))
            self.seq += 1
            self.cv.notify()

    def pop(self):
        with self.cv:
            while not self.closed:
                if self.heap:
                    when = self.heap[0][0]
                    now = time.monotonic()
                    if when <= now:
                        self.busy += 1
                        return heapq.heappop(self.heap)
                    self.cv.wait(when - now)
                else:
                    self.cv.wait(1.0)
            return None

    def done(self):
        with self.cv:
            self.busy -= 1

    def idle(self):
        """Nothing queued and nothing running."""
        with self.cv:
            return not self.heap and self.busy == 0

    def close(self):
        with self.cv:
            self.closed = True
            self.cv.notify_all()


class Traffic:
    def __init__(self, client, stats, key, picture, video, hook_url):
        self.client = client
        self.stats = stats
        self.key = key
        self.picture = picture
        self.video = video
        self.hook_url = hook_url
        self.sched = Scheduler()
        self.pending = set()
        self.pending_lock = threading.Lock()
        kinds = list(MIX)
        self.kinds, self.weights = kinds, [MIX[k] for k in kinds]

    # -- jobs

    def upload_picture(self):
        c = self.client
        status, slot = c.request("POST", "/api/v1/uploads", key=self.key)
        if not c.expect_ok("POST /api/v1/uploads", status, slot):
            return None
        status, stored = c.request(
            "POST", split_url(slot["uploadUrl"]), body=self.picture, headers={"Content-Type": "image/png"}
        )
        if not c.expect_ok("POST upload url", status, stored):
            return None
        return stored["storageId"]

    def submit(self):
        kind = random.choices(self.kinds, self.weights)[0]
        c = self.client
        idem = {"Idempotency-Key": str(uuid.uuid4())} if random.random() < 0.25 else {}
        if kind == "render":
            status, slot = c.request(
                "POST",
                "/upload/presign",
                key=self.key,
                body={"filename": "clip.mp4", "content_type": "video/mp4"},
            )
            if not c.expect_ok("POST /upload/presign", status, slot):
                return
            status, up = c.request(
                "PUT", split_url(slot["upload_url"]), body=self.video, headers={"Content-Type": "video/mp4"}
            )
            if not c.expect_ok("PUT upload url", status, up):
                return
            body = {"r2_key": slot["key"], "project_id": slot["project_id"], "target_fps": 48}
            status, job = c.request("POST", "/jobs", key=self.key, body=body, headers=idem)
            if not c.expect_ok("POST /jobs", status, job):
                return
            job_id, path = job["job_id"], "/jobs/" + job["job_id"]
        else:
            body = {"prompt": random.choice(CHAT_PROMPTS)}
            if kind == "image":
                storage = self.upload_picture()
                if storage is None:
                    return
                body = {
                    "prompt": random.choice(IMAGE_PROMPTS),
                    "files": [{"storageId": storage, "filename": "picture.png"}],
                }
            if self.hook_url and random.random() < WEBHOOK_SHARE:
                body["webhook_url"] = self.hook_url
            status, job = c.request("POST", "/api/v1/jobs", key=self.key, body=body, headers=idem)
            if not c.expect_ok("POST /api/v1/jobs", status, job):
                return
            if "webhook_url" in body:
                self.stats.add("webhooks_sent")
            job_id, path = job["id"], "/api/v1/jobs/" + job["id"]
        with self.stats.lock:
            self.stats.created += 1
            self.stats.totals["created"] += 1
            self.stats.by_kind[kind] += 1
        with self.pending_lock:
            self.pending.add(job_id)
        now = time.monotonic()
        self.sched.push(now + 0.3, ("poll", kind, job_id, path, now, 0))

    def poll(self, kind, job_id, path, accepted, n):
        c = self.client
        status, job = c.request("GET", path, key=self.key)
        now = time.monotonic()
        done = False
        if status is not None and 200 <= status < 300:
            state = job.get("live_status") if kind == "render" else job.get("status")
            if state in ("done", "succeeded", "failed"):
                done = True
                with self.stats.lock:
                    self.stats.settled += 1
                    self.stats.totals["settled"] += 1
                    self.stats.totals["succeeded" if state != "failed" else "failed"] += 1
                if state == "failed":
                    self.stats.problem(f"{kind} job {job_id} failed: {str(job.get('error'))[:200]}")
        elif status is not None and status < 500:
            c.expect_ok(f"GET {path}", status, job)
        if not done and now - accepted > SETTLE_LIMIT_SECS:
            self.stats.add("stuck")
            self.stats.problem(f"{kind} job {job_id} not settled after {SETTLE_LIMIT_SECS:.0f} s")
            done = True
        if done:
            with self.pending_lock:
                self.pending.discard(job_id)
        else:
            self.sched.push(now + min(0.3 * (1.5**n), 3.0), ("poll", kind, job_id, path, accepted, n + 1))

    # -- bad requests: each must be answered with a 4xx

    def bad(self):
        c = self.client
        cases = [
            ("POST", "/api/v1/jobs", b'{"prompt": "make', {"Content-Type": "application/json"}, self.key),
            ("POST", "/jobs", b"[1, 2", {"Content-Type": "application/json"}, self.key),
            ("GET", "/api/v1/jobs/job_doesnotexist", None, None, self.key),
            ("GET", "/jobs/job_00000000000000000000000000", None, None, self.key),
            ("GET", "/api/v1/usage", None, None, "kiln_live_notakey"),
            ("GET", "/me", None, None, "kiln_live_notakey"),
            ("POST", "/upload/presign", {"filename": "x.mp4", "content_type": "video/mp4"}, None, None),
            ("POST", "/jobs", {"r2_key": "uploads/nothing.mp4", "target_fps": 48}, None, self.key),
            ("PUT", "/upload/fil_nothing?expires=1&sig=00", b"xx", {"Content-Type": "video/mp4"}, None),
            (
                "POST",
                "/api/v1/jobs",
                {
                    "prompt": "make this black and white",
                    "files": [{"storageId": "fil_nothing", "filename": "a.png"}],
                },
                None,
                self.key,
            ),
        ]
        method, path, body, headers, key = random.choice(cases)
        status, answer = c.request(
            method, path, body=body, headers=headers, key=key, label="bad request: " + route(method, path)
        )
        self.stats.add("bad_requests")
        if status is not None and 400 <= status < 500:
            self.stats.add("4xx_bad")
        elif status is not None and status < 500:
            self.stats.add("unexpected")
            self.stats.problem(f"bad request {method} {path}: {status} {str(answer)[:200]}")

    # -- running

    def worker(self):
        while True:
            item = self.sched.pop()
            if item is None:
                return
            due, _, task = item
            with self.stats.lock:
                self.stats.lag = max(self.stats.lag, time.monotonic() - due)
            try:
                if task[0] == "submit":
                    self.submit()
                elif task[0] == "poll":
                    self.poll(*task[1:])
                elif task[0] == "bad":
                    self.bad()
            except Exception as e:  # a bug here must not silently stop a thread
                self.stats.add("unexpected")
                self.stats.problem(f"{task[0]}: {e!r}")
            finally:
                self.sched.done()

    def pace(self, stop_at):
        """Due times for submissions (and bad requests) at RATE a minute."""
        t0 = time.monotonic()
        k = 0
        while True:
            due = t0 + k * 60.0 / RATE
            if due >= stop_at:
                return
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self.sched.push(due, ("submit",))
            if random.random() < BAD_SHARE:
                self.sched.push(due, ("bad",))
            k += 1


class Hooks(http.server.BaseHTTPRequestHandler):
    stats = None

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.stats.add("webhooks_received")
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


# ---------------------------------------------------------------- analysis


def slope(points):
    """Least-squares slope of (x, y) points; None with fewer than two."""
    if len(points) < 2:
        return None
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    den = sum((x - mx) ** 2 for x, _ in points)
    if den == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in points) / den


def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


def ms(value):
    return "—" if value is None else f"{value * 1000:.1f}"


def fmt(value, spec):
    return "—" if value is None else format(value, spec)


def main():
    for binary in (KILND, KILN):
        if not os.access(binary, os.X_OK):
            sys.exit(f"{binary} is not an executable (set KILND and KILN)")
    if not shutil.which("ffmpeg"):
        sys.exit("ffmpeg is not installed (apt-get install ffmpeg)")
    root = tempfile.mkdtemp(prefix="kiln-soak-")
    daemon = Daemon(root)
    ok = False
    try:
        ok = run(daemon, root)
    finally:
        if daemon.proc is not None and daemon.proc.poll() is None:
            daemon.proc.kill()
            daemon.proc.wait()
        if ok and not KEEP:
            shutil.rmtree(root, ignore_errors=True)
        else:
            log(f"kept {root} (kilnd's log: {root}/log)")
    sys.exit(0 if ok else 1)


def run(daemon, root):
    picture = png()
    video = clip(os.path.join(root, "clip.mp4"))
    if not daemon.start(RECORDS_MINUTES):
        text = daemon.start_log()
        if "records_days" not in text:
            log("kilnd did not start; log:\n" + text[-3000:])
            return False
        log(
            "warning: this kilnd does not know [retention] records_days; "
            "running without record retention (the database bound only warns)"
        )
        if not daemon.start(None):
            log("kilnd did not start; log:\n" + daemon.log_tail())
            return False
    pid = daemon.proc.pid
    key = daemon.kiln("account", "create", "soak").strip().splitlines()[-1].strip()
    daemon.kiln("credits", "grant", "soak", "1000000000", "--paid")
    daemon.kiln("workers", "set", str(WORKERS))

    stats = Stats()
    Hooks.stats = stats
    hooks = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hooks)
    threading.Thread(target=hooks.serve_forever, daemon=True).start()
    hook_url = f"http://127.0.0.1:{hooks.server_address[1]}/hook"

    client = Client(daemon.addr, stats)
    traffic = Traffic(client, stats, key, picture, video, hook_url)
    duration = MINUTES * 60.0
    warmup = duration / 3.0
    records = daemon.records
    print(
        f"kilnd {KILND} pid {pid}, {MINUTES:g} min at {RATE:g} jobs/min "
        f"(mix {', '.join(f'{k} {v:g}' for k, v in MIX.items())}; {WORKERS} worker slots), "
        f"sample every {SAMPLE_SECS:g} s, warm-up {warmup / 60:.1f} min, file retention 0.05 h, "
        f"record retention {'%g min' % records if records is not None else 'off'}"
    )
    print()
    print(
        "| min | jobs/min | RSS MB | fds | threads | CPU ms/job | db MB | blobs | p50 ms | p99 ms "
        "| in flight | lag s | kilnd CPU % | others CPU % | 5xx | conn err |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    sys.stdout.flush()

    start = time.monotonic()
    stop_at = start + duration
    threads = [threading.Thread(target=traffic.worker, daemon=True) for _ in range(THREADS)]
    for t in threads:
        t.start()
    pacer = threading.Thread(target=traffic.pace, args=(stop_at,), daemon=True)
    pacer.start()

    samples = []
    _, _, _, cpu_prev = proc_sample(pid)
    shares = CpuShares(pid)
    t_prev = start
    died = False
    next_at = start + SAMPLE_SECS
    while next_at <= stop_at + 1e-6:
        time.sleep(max(0.0, next_at - time.monotonic()))
        if daemon.proc.poll() is not None:
            died = True
            log(f"kilnd exited with {daemon.proc.returncode} during the run; log:\n" + daemon.log_tail())
            break
        # /metrics is part of the traffic: a scrape per sample, outside the latency figures.
        status, _ = client.request("GET", "/metrics", timed=False)
        client.expect_ok("GET /metrics", status, None)
        rss, fds, nthreads, cpu = proc_sample(pid)
        kilnd_pct, others_pct, tree_ms = shares.take()
        db_bytes, _ = disk_usage(os.path.join(daemon.data, "db"))
        _, blobs = disk_usage(os.path.join(daemon.data, "blobs"))
        lat, settled, created, lag = stats.take()
        now = time.monotonic()
        with traffic.pending_lock:
            inflight = len(traffic.pending)
        sample = {
            "t": (now - start) / 60.0,
            "mins": (now - t_prev) / 60.0,
            "rss": rss,
            "fds": fds,
            "threads": nthreads,
            "cpu_ms": cpu - cpu_prev,
            "tree_ms": tree_ms,
            "kilnd_pct": kilnd_pct,
            "others_pct": others_pct,
            "settled": settled,
            "created": created,
            "db": db_bytes / 1e6,
            "blobs": blobs,
            "lat": lat,
            "p50": percentile(lat, 50),
            "p99": percentile(lat, 99),
            "inflight": inflight,
            "lag": lag,
        }
        samples.append(sample)
        cpu_prev, t_prev = cpu, now
        with stats.lock:
            e5, econn = stats.totals["5xx"], stats.totals["conn_errors"]
        print(
            f"| {sample['t']:.1f} | {settled / sample['mins']:.0f} | {rss:.1f} | {fds} | {nthreads} "
            f"| {fmt(sample['cpu_ms'] / settled if settled else None, '.1f')} | {sample['db']:.2f} "
            f"| {blobs} | {ms(sample['p50'])} | {ms(sample['p99'])} | {inflight} | {lag:.1f} "
            f"| {kilnd_pct:.0f} | {others_pct:.0f} | {e5} | {econn} |",
            flush=True,
        )
        next_at += SAMPLE_SECS

    # Let what was accepted settle, then stop.
    pacer.join(timeout=5)
    if not died:
        deadline = time.monotonic() + DRAIN_SECS
        while time.monotonic() < deadline and not traffic.sched.idle():
            time.sleep(0.5)
    traffic.sched.close()
    for t in threads:
        t.join(timeout=70)
    with traffic.pending_lock:
        never = len(traffic.pending)
    stats.add("stuck", never)
    time.sleep(1.0)  # late webhook deliveries
    hooks.shutdown()
    exit_code = None if died else daemon.stop()

    return summarize(samples, stats, duration, warmup, records, died, exit_code, daemon)


def summarize(samples, stats, duration, warmup, records, died, exit_code, daemon):
    failures, warnings = [], []
    third = duration / 3.0 / 60.0
    post = [s for s in samples if s["t"] > warmup / 60.0 + 1e-9]
    middle = [s for s in samples if third < s["t"] <= 2 * third + 1e-9]
    first = [s for s in samples if s["t"] <= third + 1e-9]
    last = [s for s in samples if s["t"] > 2 * third + 1e-9]

    rss_slope = slope([(s["t"], s["rss"]) for s in post])
    db_slope = slope([(s["t"], s["db"]) for s in post])
    fd_slope = slope([(s["t"], s["fds"]) for s in post])

    def cpu_per_job(group):
        jobs = sum(s["settled"] for s in group)
        return sum(s["cpu_ms"] for s in group) / jobs if jobs else None

    def p99(group):
        return percentile([x for s in group for x in s["lat"]], 99)

    def tree_per_job(group):
        jobs = sum(s["settled"] for s in group)
        return sum(s["tree_ms"] for s in group) / jobs if jobs else None

    def others(group):
        return sum(s["others_pct"] for s in group) / len(group) if group else None

    cpu_first, cpu_mid, cpu_last = cpu_per_job(first), cpu_per_job(middle), cpu_per_job(last)
    others_mid, others_last = others(middle), others(last)
    p99_first, p99_mid, p99_last = p99(first), p99(middle), p99(last)
    t = stats.totals

    print()
    print(f"Summary ({len(samples)} samples, {len(post)} after the {warmup / 60:.1f} min warm-up):")
    print(
        f"- jobs: {t['created']} accepted ({', '.join(f'{k} {v}' for k, v in stats.by_kind.items())}), "
        f"{t['settled']} settled ({t['succeeded']} succeeded, {t['failed']} failed), "
        f"{t['stuck']} never settled; "
        f"{t['created'] / (duration / 60):.0f} jobs/min"
    )
    print(
        f"- requests: {t['requests']}; bad requests {t['bad_requests']} ({t['4xx_bad']} answered 4xx); "
        f"unexpected answers {t['unexpected']}; 429s {t['429']}; 5xx {t['5xx']}; "
        f"connection errors {t['conn_errors']}"
    )
    print(f"- webhooks: {t['webhooks_sent']} asked for, {t['webhooks_received']} received")
    print(
        f"- RSS slope after warm-up: {fmt(rss_slope, '+.3f')} MB/min (bound {RSS_SLOPE_MB:g}); "
        f"RSS {samples[0]['rss']:.1f} → {samples[-1]['rss']:.1f} MB"
        if samples
        else "- no samples"
    )
    if samples:
        print(
            f"- database slope after warm-up: {fmt(db_slope, '+.3f')} MB/min (bound {DB_SLOPE_MB:g}); "
            f"{samples[0]['db']:.2f} → {samples[-1]['db']:.2f} MB; "
            f"blobs {samples[0]['blobs']} → {samples[-1]['blobs']}"
        )
        print(
            f"- fds {samples[0]['fds']} → {samples[-1]['fds']} (slope {fmt(fd_slope, '+.2f')}/min), "
            f"threads {samples[0]['threads']} → {samples[-1]['threads']}"
        )
    print(
        f"- CPU ms per job by third: kilnd {fmt(cpu_first, '.1f')} / {fmt(cpu_mid, '.1f')} / "
        f"{fmt(cpu_last, '.1f')}; with its workers "
        + " / ".join(fmt(tree_per_job(g), ".1f") for g in (first, middle, last))
    )
    print(
        "- other work on the machine by third, % of all CPUs: "
        + " / ".join(fmt(others(g), ".0f") for g in (first, middle, last))
    )
    print(f"- p99 by third: {ms(p99_first)} / {ms(p99_mid)} / {ms(p99_last)} ms")
    if stats.by_route:
        print("- latency by request (whole run), ms:")
        print()
        print("  | request | count | p50 | p99 | max |")
        print("  |---|---:|---:|---:|---:|")
        for name, values in sorted(stats.by_route.items(), key=lambda kv: -len(kv[1])):
            print(
                f"  | `{name}` | {len(values)} | {ms(percentile(values, 50))} | {ms(percentile(values, 99))} "
                f"| {ms(max(values))} |"
            )
        print()
    print(f"- kilnd exit status on SIGTERM: {'died during the run' if died else exit_code}")

    if died:
        failures.append("kilnd died during the run")
    elif exit_code != 0:
        failures.append(f"kilnd did not exit 0 on SIGTERM ({exit_code})")
    if t["5xx"]:
        failures.append(f"{t['5xx']} answers were 5xx")
    if t["conn_errors"]:
        failures.append(f"{t['conn_errors']} requests lost their connection")
    if t["unexpected"]:
        failures.append(
            f"{t['unexpected']} unexpected answers (a 4xx to a valid request, or a bad request not refused)"
        )
    if t["failed"]:
        failures.append(f"{t['failed']} jobs failed")
    if t["stuck"]:
        failures.append(f"{t['stuck']} jobs never settled")
    if t["settled"] == 0:
        failures.append("no job settled")
    # Until the retention windows have passed, stores fill by design: growth
    # is judged only when the warm-up is at least as long as they are.
    windows = max(FILE_RETENTION_HOURS * 60.0, records or 0.0)
    long_enough = warmup / 60.0 >= windows
    short = (
        f"; not judged: the warm-up ({warmup / 60:.1f} min) is shorter than "
        f"the retention windows ({windows:g} min)"
    )
    if rss_slope is None:
        warnings.append("too few samples after warm-up for an RSS slope")
    elif rss_slope >= RSS_SLOPE_MB:
        text = f"RSS grows {rss_slope:.3f} MB/min after warm-up (bound {RSS_SLOPE_MB:g})"
        (failures.append(text) if long_enough else warnings.append(text + short))
    if db_slope is not None and db_slope >= DB_SLOPE_MB:
        text = f"the database grows {db_slope:.3f} MB/min after warm-up (bound {DB_SLOPE_MB:g})"
        if records is None:
            warnings.append(text + ", without record retention")
        elif long_enough:
            failures.append(text)
        else:
            warnings.append(text + short)
    if p99_mid is not None and p99_last is not None and p99_last > 2 * p99_mid:
        text = f"p99 drifted: {ms(p99_last)} ms in the last third, {ms(p99_mid)} ms in the middle one"
        # Latency measures the machine as much as kilnd: when other work took a much
        # larger share of the CPUs in the last third, the drift is not kilnd's.
        if others_last - others_mid >= BUSIER_PCT:
            warnings.append(
                text + f"; not judged: other work took {others_last:.0f} % of the CPUs "
                f"against {others_mid:.0f} %"
            )
        else:
            failures.append(text)
    if cpu_mid and cpu_last is not None and cpu_last > CPU_RISE * cpu_mid:
        failures.append(
            f"CPU per job rose: {cpu_last:.1f} ms in the last third, {cpu_mid:.1f} ms in the middle one"
        )
    if t["webhooks_received"] < t["webhooks_sent"]:
        warnings.append(f"{t['webhooks_sent'] - t['webhooks_received']} webhooks not received by the end")

    with open(os.path.join(daemon.root, "log"), errors="replace") as f:
        lines = f.readlines()
    errors, warns = [], []
    for line in lines:
        try:
            level = json.loads(line).get("level")
        except ValueError:
            level = "ERROR" if "panicked" in line else None
        (errors if level == "ERROR" else warns if level == "WARN" else []).append(line)
    print(f"- kilnd's log: {len(errors)} errors, {len(warns)} warnings")
    for line in (errors + warns)[:5]:
        print("    " + line.rstrip()[:300])
    for p in stats.problems:
        print(f"  problem: {p}")
    for w in warnings:
        print(f"WARNING: {w}")
    for f in failures:
        print(f"FAIL: {f}")
    print("PASS" if not failures else "FAILED")
    sys.stdout.flush()
    return not failures


if __name__ == "__main__":
    main()
