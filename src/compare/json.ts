import { join } from 'node:path';
import { writeAll } from '../json-write.ts';
import { writeFileAtomicSync } from '../report/reporter.ts';
import type { Comparison } from './model.ts';

export const COMPARE_JSON_FILE = 'compare.json';

/** compare.json's text: the comparison model, pretty-printed with 2 spaces. */
export function renderComparisonJson(c: Comparison): string {
  return `${JSON.stringify(c, null, 2)}\n`;
}

export const writeComparisonJson = (c: Comparison, dir: string): string =>
  writeFileAtomicSync(join(dir, COMPARE_JSON_FILE), (fd) => writeAll(fd, renderComparisonJson(c)));
