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

export function treeMemory(root: number): TreeMemory {
  const pids = treePids(root);
  let rss = 0;
  let pss = 0;
  for (const pid of pids) {
    rss += kbField(`/proc/${pid}/status`, 'VmRSS');
    pss += kbField(`/proc/${pid}/smaps_rollup`, 'Pss');
  }
  return { rssMiB: rss / 1024, pssMiB: pss / 1024, procs: pids.length };
}

/** Samples a process tree every `everyMs` and keeps the peaks. */
export function sampleTree(root: number, everyMs = 100) {
  const peak: TreeMemory = { rssMiB: 0, pssMiB: 0, procs: 0 };
  const tick = () => {
    const m = treeMemory(root);
    peak.rssMiB = Math.max(peak.rssMiB, m.rssMiB);
    peak.pssMiB = Math.max(peak.pssMiB, m.pssMiB);
    peak.procs = Math.max(peak.procs, m.procs);
  };
  const timer = setInterval(tick, everyMs);
  return {
    stop(): TreeMemory {
      clearInterval(timer);
      return { ...peak };
    },
  };
}
