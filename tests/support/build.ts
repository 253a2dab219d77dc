import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Playwright's global setup: compile the tool (incremental, about 2 s when nothing changed). */
export default function build(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build failed: the tests need the compiled tool in dist/');
}
