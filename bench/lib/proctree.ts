// Resident memory of a process and all its descendants, read from /proc (Linux only).
import { readdirSync, readFileSync } from 'node:fs';

function ppidOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so cut at the last ")".
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

export function treePids(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const ppid = ppidOf(pid);
    if (ppid === undefined) continue;
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

function kbField(file: string, field: string): number {
  try {
    const m = readFileSync(file, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // the process ended between listing and reading
  }
}

export interface TreeMemory {
  rssMiB: number;
  pssMiB: number;
  procs: number;
}

/** A tree's memory peaks over its life, and its CPU time (user + system) over all its processes, ms. */
export interface TreeSample extends TreeMemory {
  cpuMs: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of one process, ms (its own: children are counted as processes of their own). */
function cpuOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/**
 * Memory of the tree now; with `cpuSeen`, also notes each process's CPU time so far. `cpuOnly`
 * skips the memory files: reading smaps of 100+ processes is itself work that would show in a figure.
 */
export function treeMemory(root: number, cpuOnly = false, cpuSeen?: Map<number, number>): TreeMemory {
  const pids = treePids(root);
  let rss = 0;
  let pss = 0;
  for (const pid of pids) {
    if (!cpuOnly) {
      rss += kbField(`/proc/${pid}/status`, 'VmRSS');
      pss += kbField(`/proc/${pid}/smaps_rollup`, 'Pss');
    }
    cpuSeen?.set(pid, Math.max(cpuSeen.get(pid) ?? 0, cpuOf(pid)));
  }
  return { rssMiB: rss / 1024, pssMiB: pss / 1024, procs: pids.length };
}

/**
 * Samples a process tree every `everyMs` and keeps the memory peaks and the CPU total: each process's
 * last CPU time seen, summed over every process seen (Chromium's renderers come and go with the
 * runs). A lower bound: a process's last ~everyMs escape it.
 */
export function sampleTree(root: number, everyMs = 100, cpuOnly = false) {
  const peak: TreeSample = { rssMiB: 0, pssMiB: 0, procs: 0, cpuMs: 0 };
  const cpuSeen = new Map<number, number>();
  const tick = () => {
    const m = treeMemory(root, cpuOnly, cpuSeen);
    peak.rssMiB = Math.max(peak.rssMiB, m.rssMiB);
    peak.pssMiB = Math.max(peak.pssMiB, m.pssMiB);
    peak.procs = Math.max(peak.procs, m.procs);
    peak.cpuMs = [...cpuSeen.values()].reduce((a, b) => a + b, 0);
  };
  const timer = setInterval(tick, everyMs);
  return {
    stop(): TreeSample {
      clearInterval(timer);
      return { ...peak };
    },
  };
}
