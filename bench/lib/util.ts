import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = resolve(BENCH_DIR, '..');
export const TMP = join(BENCH_DIR, 'tmp');
export const CLI = join(REPO, 'bin', 'mystery-shopper.mjs');
export const BENCH_CONFIG = join(BENCH_DIR, 'journeys', 'bench.config.ts');

export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
  samples: number[];
}

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const n = s.length;
  const median = n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  return { median, min: s[0] ?? NaN, max: s[n - 1] ?? NaN, n, samples: samples.map((x) => round(x, 2)) };
}

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

export function fmt(s: Summary, unit: string, digits = 0): string {
  if (s.n === 0) return 'n/a';
  const r = (x: number) => x.toFixed(digits);
  return s.n === 1 ? `${r(s.median)} ${unit}` : `${r(s.median)} ${unit} (${r(s.min)}–${r(s.max)}, n=${s.n})`;
}

export const load = () => loadavg().map((x) => round(x, 2));

export function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

export interface Done {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  spawnedAt: number;
}

/** Spawns a command; resolves when it exits. `onStart` receives the child (for RSS sampling). */
export function run(cmd: string, args: string[], opts: SpawnOptions & { onStart?: (c: ChildProcess) => void; timeoutMs?: number } = {}): Promise<Done> {
  return new Promise((resolveDone, reject) => {
    const t0 = performance.now();
    const spawnedAt = Date.now();
    const child = spawn(cmd, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), opts.timeoutMs ?? 600_000);
    opts.onStart?.(child);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveDone({ code, stdout, stderr, wallMs: performance.now() - t0, spawnedAt });
    });
  });
}

/** Rotates an array by i (interleaving order changes from round to round). */
export const rotate = <T>(xs: T[], i: number): T[] => xs.map((_, k) => xs[(k + i) % xs.length]);
