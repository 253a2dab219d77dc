import type { Severity } from '../model/finding.ts';
import type { Scorecard } from '../model/scorecard.ts';
import { plural, severityCounts, truncate, visibleControls } from './format.ts';
import { incompleteLine, isNoted, pendingLine, PENDING_NOTE, personasBrief, placesBrief, PROVISIONAL_NOTE } from './reporter.ts';

/** Friction points listed in the console summary. */
export const CONSOLE_TOP = 5;

export interface ConsoleOptions {
  /** Use ANSI colours (for a TTY). */
  color: boolean;
}

const ANSI = { reset: '\x1b[0m', bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', magenta: '\x1b[35m', cyan: '\x1b[36m' };
const SEVERITY_COLOR: Record<Severity, string> = { critical: ANSI.red, major: ANSI.magenta, minor: ANSI.yellow, info: ANSI.cyan };

/**
 * Text from a page can hold terminal escape sequences and bidi overrides; printed raw, they
 * could rewrite the screen or reorder a line. Flatten newlines and tabs, and show every other
 * control character (C0, DEL, C1) and bidi control as a visible escape (`\u001b`, `⟨U+202E⟩`).
 */
export function terminalSafe(text: string): string {
  return visibleControls(text.replace(/\r\n|\r|\n|\t/g, ' '));
}

/**
 * A few lines for the terminal: score and grade, counts, the top friction points one line
 * each (where and whom they hit), how many info points were noted, and whether the audit
 * passes `failOn` (`summary.passed`).
 */
export function formatConsoleSummary(scorecard: Scorecard, options: ConsoleOptions): string {
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${ANSI.reset}` : text);
  const { summary } = scorecard;
  const gradeColor = summary.grade === 'A' || summary.grade === 'B' ? ANSI.green : summary.grade === 'C' ? ANSI.yellow : ANSI.red;
  const lines: string[] = [];
  const { completeness } = scorecard;
  lines.push(
    `${paint(ANSI.bold, 'Mystery shopper')} ${paint(ANSI.dim, terminalSafe(scorecard.target))}: ` +
      paint(ANSI.bold + gradeColor, `${summary.score}/100 (${summary.grade})`) +
      (completeness.complete ? '' : paint(ANSI.yellow, ', provisional (INCOMPLETE)')),
  );
  lines.push(terminalSafe(summary.verdict));
  const r = summary.runs;
  const j = summary.journeys;
  lines.push(
    `Journeys: ${j.total} (${j.allCompleted} always completed, ${j.withDeadEnds} with dead ends) · ` +
      `Runs: ${r.total} (${r.completed} completed, ${r.failed} dead ends, ${r.errored} harness errors${r.pending ? `, ${r.pending} pending` : ''}) · ` +
      `Causes of friction: ${severityCounts(summary)}`,
  );
  const counted = scorecard.frictionPoints.filter((fp) => !isNoted(fp));
  const noted = scorecard.frictionPoints.length - counted.length;
  if (counted.length > 0) {
    lines.push('Top friction:');
    for (const fp of counted.slice(0, CONSOLE_TOP)) {
      const where = truncate(placesBrief(fp.places), 60);
      const who = truncate(personasBrief(fp.personas), 60);
      lines.push(
        `  ${paint(SEVERITY_COLOR[fp.severity], fp.severity.toUpperCase().padEnd(8))} ` +
          `${terminalSafe(truncate(fp.title, 50))} — ${terminalSafe([where, who].filter(Boolean).join(', '))}: ` +
          `${terminalSafe(truncate(fp.message, 100))} ${paint(ANSI.dim, `(${fp.runsHit} of ${plural(fp.runsTotal, 'run')})`)}`,
      );
    }
    const rest = counted.length - CONSOLE_TOP;
    if (rest > 0) lines.push(paint(ANSI.dim, `  …and ${rest} more in the report`));
  }
  if (scorecard.pending?.length) {
    lines.push(paint(ANSI.yellow, `Pending: ${plural(scorecard.pending.length, 'check')} still wait${scorecard.pending.length === 1 ? 's' : ''} for what comes after the audit:`));
    for (const p of scorecard.pending) lines.push(`  ${terminalSafe(truncate(pendingLine(p), 200))}`);
    lines.push(paint(ANSI.dim, `  ${PENDING_NOTE}`));
  }
  if (noted > 0) lines.push(paint(ANSI.dim, `Noted, not counted: ${plural(noted, 'third-party and other small observation')}.`));
  if (!completeness.complete) {
    // Never PASS: the runs that did not finish may hold anything.
    lines.push(
      paint(
        ANSI.yellow + ANSI.bold,
        `${terminalSafe(incompleteLine(completeness))}; so far ${plural(summary.failing, 'cause')} of friction at or above "${scorecard.failOn}". ${PROVISIONAL_NOTE}`,
      ),
    );
  } else {
    lines.push(
      summary.passed
        ? paint(ANSI.green + ANSI.bold, `PASS: no friction at or above "${scorecard.failOn}"${scorecard.failOnRules?.length ? ` and no ${scorecard.failOnRules.join(' or ')}` : ''}.`)
        : paint(ANSI.red + ANSI.bold, `FAIL: ${plural(summary.failing, 'cause')} of friction at or above "${scorecard.failOn}"${scorecard.failOnRules?.length ? ` or of ${scorecard.failOnRules.join(', ')}` : ''}.`),
    );
  }
  return lines.join('\n');
}
