import { mkdir } from 'node:fs/promises';
import { InputError } from '../errors.ts';
import type { Scorecard } from '../model/scorecard.ts';
import { htmlReporter } from './html/index.ts';
import { jsonReporter } from './json.ts';
import { junitReporter } from './junit.ts';
import { markdownReporter } from './markdown.ts';
import type { Reporter } from './reporter.ts';

export { buildScorecard, frictionPointKey, type BuildScorecardInput, type ScorecardMeta } from './build.ts';
export { formatConsoleSummary, type ConsoleOptions } from './console.ts';
export { renderHtml } from './html/index.ts';
export { renderJson } from './json.ts';
export { renderJunit } from './junit.ts';
export { renderMarkdown } from './markdown.ts';
export { isNoted, personasBrief, personasLine, placesBrief, writeFileAtomic, type Reporter } from './reporter.ts';
export { countAtOrAbove, gradeFor, journeyScore, overallScore, SEVERITY_WEIGHTS } from './score.ts';

/** The file reporters by name. An unknown name is an error, never a silent fallback. */
export const reporters = {
  json: jsonReporter,
  html: htmlReporter,
  junit: junitReporter,
  markdown: markdownReporter,
} as const satisfies Record<string, Reporter>;

export type ReporterName = keyof typeof reporters;
export const REPORTER_NAMES = Object.keys(reporters) as ReporterName[];

export class ReportWriteError extends Error {
  constructor(readonly failures: { reporter: string; error: unknown }[], readonly written: string[]) {
    super(
      `Could not write ${failures.map((f) => f.reporter).join(', ')} report${failures.length > 1 ? 's' : ''}: ` +
        failures.map((f) => `${f.reporter}: ${f.error instanceof Error ? f.error.message : String(f.error)}`).join('; '),
    );
    this.name = 'ReportWriteError';
  }
}

/**
 * Write the named reports into `outDir` (created if needed). Each file is written to a
 * temporary name and renamed into place, so a reader never sees half a report. One reporter
 * failing does not stop the others: they are all written, then a ReportWriteError names the
 * failures. Returns the paths written, in the order of `names`.
 */
export async function writeReports(
  scorecard: Scorecard,
  outDir: string,
  names: readonly string[] = REPORTER_NAMES,
): Promise<string[]> {
  const unknown = names.filter((n) => !Object.hasOwn(reporters, n));
  if (unknown.length > 0) {
    throw new InputError(`Unknown report format ${unknown.map((n) => `"${n}"`).join(', ')}. Known: ${REPORTER_NAMES.join(', ')}.`);
  }
  await mkdir(outDir, { recursive: true });
  const results = await Promise.allSettled(names.map((n) => reporters[n as ReporterName].write(scorecard, outDir)));
  const written: string[] = [];
  const failures: { reporter: string; error: unknown }[] = [];
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') written.push(r.value);
    else failures.push({ reporter: names[i], error: r.reason });
  });
  if (failures.length > 0) throw new ReportWriteError(failures, written);
  return written;
}
