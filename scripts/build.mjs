// `npm run build`: compile src/ and fixtures/acme/ to dist/ (tsconfig.build.json), then copy the
// files the compiled code reads at run time (the scorecard's templates and style) beside it.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const built = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const ASSETS = new Set(['.hbs', '.css']);
function copyAssets(dir) {
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) copyAssets(file);
    else if (ASSETS.has(extname(name))) cpSync(file, join(ROOT, 'dist', relative(ROOT, file)));
  }
}
copyAssets(join(ROOT, 'src'));
