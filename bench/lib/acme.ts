import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_DIR, REPO } from './util.ts';

export interface AcmeChild {
  url: string;
  pid: number;
  /** Epoch ms of every request seen since the last `clearRequests()` (BENCH_LOG_REQUESTS only). */
  requests: { at: number; line: string }[];
  clearRequests(): void;
  close(): Promise<void>;
}

/** Starts the demo company in a child process (see acme-child.ts). */
export function startAcmeChild(friction = '', logRequests = false): Promise<AcmeChild> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH_DIR, 'lib', 'acme-child.ts'), friction], {
      cwd: REPO,
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_LOG_REQUESTS: logRequests ? '1' : '0' },
    });
    const requests: { at: number; line: string }[] = [];
    let buf = '';
    let url: string | undefined;
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!url) reject(new Error(`acme child exited (${code}) before listening`));
    });
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('URL ') && !url) {
          url = line.slice(4).trim();
          resolveStart({
            url,
            pid: child.pid!,
            requests,
            clearRequests: () => void requests.splice(0),
            close: async () => {
              child.kill('SIGTERM');
              await exited;
            },
          });
        } else if (line.startsWith('REQ ')) {
          requests.push({ at: Number(line.split(' ')[1]), line: line.slice(4) });
        }
      }
    });
  });
}
