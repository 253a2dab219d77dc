import { join } from 'node:path';
import { CONTACT_WORDS } from '../channels/site/record.ts';
import { clickPathCrumbs, selfServiceSentence } from '../channels/site/summary.ts';
import type { Scorecard } from '../model/scorecard.ts';
import { formatDate, formatMs, plural, severityCounts, visibleControls } from './format.ts';
import { incompleteLine, isNoted, pendingLine, PENDING_NOTE, personasBrief, placesBrief, PROVISIONAL_NOTE, writeFileAtomic, type Reporter } from './reporter.ts';

export const MARKDOWN_FILE = 'summary.md';
/** Friction points listed in the summary, one line each. */
export const MARKDOWN_TOP = 10;
/** Journeys named in a friction point's line before it says "N journeys". */
export const MARKDOWN_PLACE_NAMES = 3;

/**
 * Make text inert in (GitHub-flavoured) Markdown, table cells included: one line, control and
 * bidi characters as visible escapes (`\u001b`, `⟨U+202E⟩`), HTML special characters as
 * entities, and Markdown punctuation (pipes too) backslash-escaped.
 */
export function mdEscape(text: string): string {
  return visibleControls(text.replace(/\r\n|\r|\n|\t|\u2028|\u2029/g, ' '))
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
    .replace(/[\\`*_[\]|~]/g, '\\$&');
}

const row = (cells: (string | number)[]): string => `| ${cells.join(' | ')} |`;

/** A short Markdown summary for a CI job summary or a pull-request comment. */
export function renderMarkdown(scorecard: Scorecard): string {
  const { summary, completeness } = scorecard;
  const out: string[] = [];
  if (completeness.complete) {
    out.push(`## Mystery shopper scorecard: ${summary.score}/100 (${summary.grade})`, '');
  } else {
    out.push(`## Mystery shopper scorecard: INCOMPLETE, provisional ${summary.score}/100 (${summary.grade})`, '');
    out.push(`> [!WARNING]`, `> **${mdEscape(incompleteLine(completeness))}.** ${PROVISIONAL_NOTE}`, '');
  }
  out.push(`> ${mdEscape(summary.verdict)}`, '');
  if (scorecard.pending?.length) {
    out.push(`> [!NOTE]`, `> **Pending: ${plural(scorecard.pending.length, 'check')}.** ${mdEscape(PENDING_NOTE)}`, ...scorecard.pending.map((p) => `> - ${mdEscape(pendingLine(p))}`), '');
  }
  out.push(
    `**Target:** ${mdEscape(scorecard.target)} · **Date:** ${mdEscape(formatDate(scorecard.startedAt))} · ` +
      `**Runs:** ${summary.runs.total} (${summary.runs.completed} completed, ${plural(summary.runs.failed, 'dead end')}, ` +
      `${summary.runs.errored} errored in the harness)`,
    '',
  );
  out.push(
    `**Causes of friction:** ${severityCounts(summary)} · ` +
      (!completeness.complete
        ? `**Result: incomplete**, ${plural(summary.failing, 'cause')} of friction at or above ${scorecard.failOn} in the runs that finished`
        : !summary.passed
          ? `**Result: fail**, ${plural(summary.failing, 'cause')} of friction at or above ${scorecard.failOn}`
          : `**Result: pass**, no friction at or above ${scorecard.failOn}`),
    '',
  );

  const counted = scorecard.frictionPoints.filter((fp) => !isNoted(fp));
  const noted = scorecard.frictionPoints.length - counted.length;
  out.push('### Top friction', '');
  if (counted.length === 0) {
    out.push('No friction found.', '');
  } else {
    // One line per cause: what, where, whom, then the message in the customer's terms.
    counted.slice(0, MARKDOWN_TOP).forEach((fp, i) => {
      const where = placesBrief(fp.places, MARKDOWN_PLACE_NAMES);
      const who = personasBrief(fp.personas);
      out.push(
        `${i + 1}. **${fp.severity}** · **${mdEscape(fp.title)}** — ${[where, who].filter(Boolean).map(mdEscape).join(', ')}: ` +
          `${mdEscape(fp.message)} (${fp.runsHit} of ${plural(fp.runsTotal, 'run')})`,
      );
    });
    out.push('');
    const rest = counted.length - MARKDOWN_TOP;
    if (rest > 0) out.push(`…and ${rest} more in the full report.`, '');
  }
  if (noted > 0) {
    out.push(`Noted, not counted: ${plural(noted, 'third-party and other small observation')} the customer would not notice (in the full report).`, '');
  }

  // An explored site: how customers reach it and what its search answered, as the HTML's section says.
  for (const run of scorecard.journeys.flatMap((j) => j.runs)) {
    const site = run.channels?.site;
    if (!site) continue;
    out.push('### How customers reach you', '');
    out.push(row(['Way to contact', 'Clicks from home', 'Way there', 'In the header']));
    out.push(row(['---', '---:', '---', '---']));
    for (const c of site.contactability) {
      out.push(row([CONTACT_WORDS[c.kind], c.found ? String(c.clicks ?? '') : 'not found', c.found ? mdEscape(clickPathCrumbs(c).map((crumb) => crumb.label).join(' › ')) : '', c.found ? (c.header ? 'yes' : 'no') : '']));
    }
    out.push('');
    const promised = (kind: string, list: { text: string }[]) => `**${kind}:** ${list.length ? list.slice(0, 2).map((p) => `“${mdEscape(p.text)}”`).join('; ') : 'not stated'}`;
    out.push(`${promised('Opening hours', site.hours)} · ${promised('Response time', site.responseTimes)}`, '');
    const ss = site.selfService;
    const unanswered = ss.questions.filter((q) => !q.hit);
    out.push(`**Self-service:** ${selfServiceSentence(ss)}${unanswered.length ? ` (not: ${unanswered.map((q) => `“${mdEscape(q.question)}”`).join(', ')})` : ''}.`, '');
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
