import { join } from 'node:path';
import type { Scorecard } from '../model/scorecard.ts';
import { writeFileAtomic, type Reporter } from './reporter.ts';

export const JSON_FILE = 'scorecard.json';

/** The whole model, pretty-printed with 2 spaces. */
export function renderJson(scorecard: Scorecard): string {
  return `${JSON.stringify(scorecard, null, 2)}\n`;
}

export const jsonReporter: Reporter = {
  name: 'json',
  write: (scorecard, outDir) => writeFileAtomic(join(outDir, JSON_FILE), renderJson(scorecard)),
};
