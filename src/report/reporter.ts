import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import type { Scorecard } from '../model/scorecard.ts';

/**
 * A reporter writes one format of the scorecard into the report folder. It reads only the
 * scorecard (and the folder's path) and returns the path it wrote.
 */
export interface Reporter {
  name: string;
  write(scorecard: Scorecard, outDir: string): Promise<string>;
}

/** Suffix of the temporary files `writeFileAtomic` writes before renaming them into place. */
export const TMP_SUFFIX = '.tmp';

/**
 * Write `path` so that readers see either the old file or the whole new one, never half of
 * it: write a temporary sibling, then rename it over `path` (atomic on one file system).
 */
export async function writeFileAtomic(path: string, data: string): Promise<string> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}${TMP_SUFFIX}`;
  try {
    await writeFile(tmp, data, 'utf8');
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return path;
}
