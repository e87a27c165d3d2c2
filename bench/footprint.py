#!/usr/bin/env python3
"""Footprint of a running stack (not a test): memory and idle CPU of every part, read from /proc.

Usage: bench/footprint.py [SECONDS=60]   (UPSHOT_HOME names the stack; default .upshot in the repository)

One row per part (run/PART.child and its descendants; the PostgreSQL server from data/pg/postmaster.pid when it is not the pg
part itself; the supervisor from run/supervisor.pid): PSS (shared pages split between their users, independent of the machine's
load), RSS, and CPU over SECONDS of idling (utime + stime ticks); the load average is printed beside it because
other processes on the machine do not change a part's ticks, only how long it waits for a core.
"""
import os
import sys
import time
from pathlib import Path

HOME = Path(os.environ.get("UPSHOT_HOME", Path(__file__).resolve().parent.parent / ".upshot"))
SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
HZ = os.sysconf("SC_CLK_TCK")


def parents():
    out = {}
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                stat = (p / "stat").read_text()
                out[int(p.name)] = int(stat[stat.rindex(")") + 2:].split()[1])
            except (OSError, ValueError):
                pass
    return out


def descendants(root, parent):
    out = [root]
    for pid in out:
        out.extend(c for c, pp in parent.items() if pp == pid)
    return out


def read_pid(path):
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def parts():
    parent = parents()
    found = {}
    for child in sorted((HOME / "run").glob("*.child")):
        pid = read_pid(child)
        if pid and pid in parent:
            found[child.name[:-len(".child")]] = descendants(pid, parent)
    server = read_pid(HOME / "data/pg/postmaster.pid")
    # an older launcher ran the server detached from its JVM; now it is the pg part itself
    if server and server in parent and not any(server in pids for pids in found.values()):
        found["pg (server)"] = descendants(server, parent)
    supervisor = read_pid(HOME / "run/supervisor.pid")
    if supervisor and supervisor in parent:
        found["supervisor"] = [supervisor]
    return found


def memory(pids):
    pss = rss = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1])
        except OSError:
            pass
    return pss, rss


def ticks(pids):
    """CPU of the processes and of their children they reaped: summed over a part's live processes at two moments,
    the difference counts a process that ended in between too (its ticks moved to its parent's), and never goes
    negative when one did."""
    total = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            f = stat[stat.rindex(")") + 2:].split()
            total += int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])
        except OSError:
            pass
    return total


def main():
    found = parts()
    if not found:
        sys.exit(f"no running part under {HOME}")
    before = {name: ticks(pids) for name, pids in found.items()}
    load0 = os.getloadavg()[0]
    time.sleep(SECONDS)
    load1 = os.getloadavg()[0]
    print(f"{'part':<24}{'PSS MiB':>9}{'RSS MiB':>9}{'idle ms/s':>11}")
    total_pss = total_rss = total_ticks = 0
    now = parts()   # again: processes started since (PostgreSQL's backends) count too
    for name, pids in found.items():
        pids = now.get(name, pids)
        pss, rss = memory(pids)
        spent = ticks(pids) - before[name]
        total_pss += pss
        total_rss += rss
        total_ticks += spent
        print(f"{name:<24}{pss / 1024:>9.0f}{rss / 1024:>9.0f}{spent * 1000 / HZ / SECONDS:>11.1f}")
    print(f"{'total':<24}{total_pss / 1024:>9.0f}{total_rss / 1024:>9.0f}{total_ticks * 1000 / HZ / SECONDS:>11.1f}")
    print(f"idle: {total_ticks / HZ / SECONDS:.3f} cores over {SECONDS:.0f} s; PSS {total_pss / 1048576:.2f} GiB; "
          f"load average {load0:.1f} -> {load1:.1f}")


if __name__ == "__main__":
    main()
