import { join } from 'node:path';
import type { Scorecard } from '../model/scorecard.ts';
import { formatDate, formatMs, formatPercent, plural } from './format.ts';
import { writeFileAtomic, type Reporter } from './reporter.ts';
import { findingsAtOrAbove } from './score.ts';

export const MARKDOWN_FILE = 'summary.md';
/** Friction points listed in the summary's table. */
export const MARKDOWN_TOP = 10;

/**
 * Make text inert in (GitHub-flavoured) Markdown, table cells included: one line, HTML
 * special characters as entities, and Markdown punctuation (pipes too) backslash-escaped.
 */
export function mdEscape(text: string): string {
  return text
    .replace(/\r\n|\r|\n|\u2028|\u2029/g, ' ')
    .replace(/[\u0000-\u001F\u007F]/g, '')
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
    .replace(/[\\`*_[\]|~]/g, '\\$&');
}

const row = (cells: (string | number)[]): string => `| ${cells.join(' | ')} |`;

/** A short Markdown summary for a CI job summary or a pull-request comment. */
export function renderMarkdown(scorecard: Scorecard): string {
  const { summary } = scorecard;
  const failing = findingsAtOrAbove(summary.findings, scorecard.failOn);
  const out: string[] = [];
  out.push(`## Mystery shopper scorecard: ${summary.score}/100 (${summary.grade})`, '');
  out.push(`> ${mdEscape(summary.verdict)}`, '');
  out.push(
    `**Target:** ${mdEscape(scorecard.target)} · **Date:** ${mdEscape(formatDate(scorecard.startedAt))} · ` +
      `**Runs:** ${summary.runs.total} (${summary.runs.completed} completed, ${plural(summary.runs.failed, 'dead end')}, ` +
      `${summary.runs.errored} errored in the harness)`,
    '',
  );
  const f = summary.findings;
  out.push(
    `**Findings:** ${f.critical} critical, ${f.major} major, ${f.minor} minor, ${f.info} info · ` +
      (failing > 0
        ? `**Result: fail**, ${plural(failing, 'finding')} at or above ${scorecard.failOn}`
        : `**Result: pass**, no finding at or above ${scorecard.failOn}`),
    '',
  );

  out.push('### Top friction', '');
  if (scorecard.frictionPoints.length === 0) {
    out.push('No friction found.', '');
  } else {
    out.push(row(['#', 'Severity', 'Friction', 'Journey', 'Step', 'Runs hit']));
    out.push(row(['---:', '---', '---', '---', '---', '---:']));
    scorecard.frictionPoints.slice(0, MARKDOWN_TOP).forEach((fp, i) => {
      const step = fp.stepIndex === undefined ? 'whole run' : `${fp.stepIndex + 1}. ${fp.stepName ?? ''}`;
      out.push(
        row([
          i + 1,
          fp.severity,
          `**${mdEscape(fp.title)}**: ${mdEscape(fp.message)}`,
          mdEscape(fp.journeyName),
          mdEscape(step.trim()),
          `${fp.runsHit} of ${fp.runsTotal} (${formatPercent(fp.runsTotal ? fp.runsHit / fp.runsTotal : 0)})`,
        ]),
      );
    });
    const rest = scorecard.frictionPoints.length - MARKDOWN_TOP;
    out.push('');
    if (rest > 0) out.push(`…and ${rest} more in the full report.`, '');
  }

  out.push('### Journeys', '');
  if (scorecard.journeys.length === 0) {
    out.push('No journey ran.', '');
  } else {
    out.push(row(['Journey', 'Score', 'Runs', 'Completed', 'Dead ends', 'Errored', 'p50', 'p95']));
    out.push(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
    for (const j of scorecard.journeys) {
      out.push(
        row([
          mdEscape(j.name),
          j.score,
          j.runCounts.total,
          j.runCounts.completed,
          j.runCounts.failed,
          j.runCounts.errored,
          formatMs(j.durationMs.p50),
          formatMs(j.durationMs.p95),
        ]),
      );
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}

export const markdownReporter: Reporter = {
  name: 'markdown',
  write: (scorecard, outDir) => writeFileAtomic(join(outDir, MARKDOWN_FILE), renderMarkdown(scorecard)),
};
