import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';

export const BIN = join(ROOT, 'bin/mystery-shopper.mjs');

/** Runs the built CLI (`bin/mystery-shopper.mjs`) as a real process in `cwd`, without colour, and collects its output. */
export function cli(args: string[], cwd = ROOT, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
