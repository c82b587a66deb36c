#!/usr/bin/env python3
"""Runs a benchmark command and records what else used the cores while it ran.

    python3 bench/shared-cpu.py [--interval 1] [--log FILE] -- dotnet bench/.../Oversight.LoadTest.dll ingest ...

The command's output passes through unchanged. Every interval the script reads /proc/stat (the machine's busy time) and
/proc/<pid>/stat of every process, so it can split the machine's CPU into "this run" (the command and every process it
started, e.g. the Web host) and "others" (everyone else's builds, tests, browsers, databases), grouped by kind. At the
end it prints a Markdown-ready summary (to stdout, after the command's own output, as an HTML comment and a line).
Short-lived processes (csc, test hosts) that start and end between two samples are not attributed to a kind, but their
time is in the machine total, so "others, total" is exact; the kinds are a lower bound.
"""
import argparse
import os
import subprocess
import sys
import time
from collections import defaultdict

TICK = os.sysconf("SC_CLK_TCK")


def machine_busy():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal
    return (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / TICK


def processes():
    """pid -> (ppid, cpu seconds, cmdline, start time)."""
    out = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                stat = f.read()
            rest = stat[stat.rindex(")") + 2:].split()
            ppid, utime, stime, start = int(rest[1]), int(rest[11]), int(rest[12]), int(rest[19])
            with open(f"/proc/{name}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
            if not cmd:
                cmd = "[" + stat[stat.index("(") + 1:stat.rindex(")")] + "]"
            out[int(name)] = (ppid, (utime + stime) / TICK, cmd, start)
        except (FileNotFoundError, ProcessLookupError, ValueError, IndexError):
            pass
    return out


def kind(cmd):
    c = cmd.lower()
    if "csc" in c or "msbuild" in c or "vbcscompiler" in c or " build " in c + " " or "razor" in c:
        return "builds (dotnet build, MSBuild, csc)"
    if "vstest" in c or "testhost" in c or ".tests" in c or "dotnet test" in c:
        return "test runs (vstest, test hosts)"
    if "oversight.web.dll" in c:
        return "other Oversight.Web hosts (tests, other benches)"
    if "chrom" in c or "playwright" in c or "node" in c:
        return "Chromium / Playwright / node"
    if "postgres" in c:
        return "PostgreSQL"
    if c.startswith("[k") or c.startswith("[rcu") or c.startswith("[ksoftirq"):
        return "kernel threads"
    return "other"


def where(cmd):
    for part in cmd.split():
        if part.startswith("/work/"):
            bits = part.split("/")
            return "/".join(bits[:3])
    return ""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--interval", type=float, default=1.0)
    parser.add_argument("--log", default=None)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command and args.command[0] == "--" else args.command
    me = os.getpid()

    started = time.monotonic()
    busy0 = machine_busy()
    load_samples = []
    child = subprocess.Popen(command)
    ours = {me, child.pid}
    last = processes()
    ours_cpu = 0.0
    others_by_kind = defaultdict(float)
    others_by_proc = defaultdict(float)
    timeline = []
    busy_prev, t_prev = busy0, started
    while True:
        try:
            child.wait(timeout=args.interval)
            done = True
        except subprocess.TimeoutExpired:
            done = False
        now = processes()
        busy, t = machine_busy(), time.monotonic()
        # A process is ours if its parent chain reaches the command.
        for pid, (ppid, _, _, _) in now.items():
            if ppid in ours:
                ours.add(pid)
        mine = others = 0.0
        for pid, (ppid, cpu, cmd, start) in now.items():
            before = last.get(pid)
            # the same process (pid and start time) as at the last sample, or one started since (all its time is new)
            delta = cpu - (before[1] if before and before[3] == start else 0.0)
            if delta <= 0:
                continue
            if pid in ours:
                mine += delta
            else:
                others += delta
                others_by_kind[kind(cmd)] += delta
                others_by_proc[(kind(cmd), where(cmd), cmd[:110])] += delta
        ours_cpu += mine
        with open("/proc/loadavg") as f:
            load_samples.append(float(f.read().split()[0]))
        dt = t - t_prev
        timeline.append((t - started, (busy - busy_prev) / dt, mine / dt, max(0.0, (busy - busy_prev) - mine) / dt))
        busy_prev, t_prev, last = busy, t, now
        if done:
            break

    wall = time.monotonic() - started
    machine = machine_busy() - busy0
    others_total = max(0.0, machine - ours_cpu)
    lines = []
    lines.append(f"<!-- shared-cpu: {wall:.0f} s wall; machine busy {machine / wall * 100:.0f} % of one core (200 % = both cores); "
                 f"this run (load tool + server) {ours_cpu / wall * 100:.0f} %; others {others_total / wall * 100:.0f} %; "
                 f"1-min load average {min(load_samples):.1f}–{max(load_samples):.1f} (mean {sum(load_samples) / len(load_samples):.1f}) -->")
    attributed = sorted(others_by_kind.items(), key=lambda kv: -kv[1])
    lines.append("<!-- others by kind (% of one core, mean over the run): " +
                 "; ".join(f"{k} {v / wall * 100:.0f} %" for k, v in attributed if v / wall >= 0.005) + " -->")
    top = sorted(others_by_proc.items(), key=lambda kv: -kv[1])[:8]
    lines.append("<!-- busiest other processes: " +
                 "; ".join(f"{w or '-'} {c} {v / wall * 100:.0f} %" for (k, w, c), v in top if v / wall >= 0.01) + " -->")
    # 10-second windows: machine / this run / others, % of one core
    windows = []
    acc = []
    for sample in timeline:
        acc.append(sample)
        if sample[0] >= (len(windows) + 1) * 10 or sample is timeline[-1]:
            n = len(acc)
            windows.append(f"{acc[-1][0]:.0f}s {sum(a[1] for a in acc) / n * 100:.0f}/{sum(a[2] for a in acc) / n * 100:.0f}/{sum(a[3] for a in acc) / n * 100:.0f}")
            acc = []
    lines.append("<!-- per 10 s, machine/this run/others % of one core: " + ", ".join(windows) + " -->")
    text = "\n".join(lines)
    print(text, flush=True)
    if args.log:
        with open(args.log, "a") as f:
            f.write(text + "\n")
    sys.exit(child.returncode)


if __name__ == "__main__":
    main()
