import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the tool's own package.json: the repo root when run from src/ (tsx, tests), the
 * installed package when run from dist/. The demo's journeys and the version live there.
 */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('mystery-shopper: cannot find its own package.json');
    dir = up;
  }
  return dir;
}

export const PACKAGE_ROOT = findPackageRoot();
