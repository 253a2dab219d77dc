import { join } from 'node:path';
import { atLeast, severityRank } from '../model/finding.ts';
import type { RunSummary, Scorecard } from '../model/scorecard.ts';
import { visibleControls } from './format.ts';
import { incompleteLine, PROVISIONAL_NOTE, writeFileAtomic, type Reporter } from './reporter.ts';

export const JUNIT_FILE = 'junit.xml';

/** Characters XML 1.0 does not allow at all, even escaped (controls, lone surrogates, U+FFFE/F). */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Escape text for an XML attribute or element: control and bidi characters as visible escapes
 * (`\u001b`, `⟨U+202E⟩`), and what XML still cannot hold (lone surrogates, U+FFFE/F) as U+FFFD.
 */
export function xmlEscape(text: string): string {
  return visibleControls(text).replace(INVALID_XML, '\uFFFD').replace(/[&<>"']/g, (c) => XML_ENTITIES[c]);
}
const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escape text for an XML attribute, keeping line breaks and tabs (a parser would turn them into spaces). */
export function xmlAttr(text: string): string {
  return xmlEscape(text).replace(/[\n\r\t]/g, (c) => (c === '\n' ? '&#10;' : c === '\r' ? '&#13;' : '&#9;'));
}

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

/**
 * One <testsuite> per journey, one <testcase> per run. A run fails when it has findings at or
 * above `failOn` (one <failure> listing them once per cause, type = rule id of the worst); a run the harness
 * could not finish is an <error>. An incomplete audit (`completeness`) adds a first suite,
 * "Audit completeness", whose one testcase fails saying how many runs finished and why, so CI
 * never takes an interrupted audit for a clean one. The audit's own verdict is `summary.passed`:
 * it fails exactly when some testcase here has a <failure> (every finding belongs to a run).
 */
export function renderJunit(scorecard: Scorecard): string {
  const { failOn } = scorecard;
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let totalMs = 0;
  const suites: string[] = [];
  const { completeness } = scorecard;
  if (!completeness.complete) {
    tests++;
    failures++;
    const line = incompleteLine(completeness);
    suites.push(
      `  <testsuite name="Audit completeness" tests="1" failures="1" errors="0" skipped="0" time="0.000" timestamp="${xmlAttr(scorecard.startedAt)}">\n` +
        `    <properties>\n` +
        `      <property name="planned" value="${completeness.planned}"/>\n` +
        `      <property name="finished" value="${completeness.finished}"/>\n` +
        `      <property name="complete" value="false"/>\n` +
        (completeness.reason ? `      <property name="reason" value="${xmlAttr(completeness.reason)}"/>\n` : '') +
        `    </properties>\n` +
        `    <testcase name="every planned run finished" classname="completeness" time="0.000">\n` +
        `      <failure message="${xmlAttr(line)}" type="incomplete">${xmlEscape(`${line}.\n${PROVISIONAL_NOTE}`)}</failure>\n` +
        `    </testcase>\n` +
        `  </testsuite>`,
    );
  }
  for (const journey of scorecard.journeys) {
    let suiteFailures = 0;
    let suiteErrors = 0;
    let suiteSkipped = 0;
    let suiteMs = 0;
    const cases: string[] = [];
    for (const run of journey.runs) {
      suiteMs += Math.max(0, run.durationMs);
      // One line per cause, as the scorecard counts them: an axe rule broken on 60 pages is one line, "(step 1, and 59 more)".
      const findingsOfCause = new Map<string, number>();
      for (const f of run.findings) findingsOfCause.set(f.frictionPointKey, (findingsOfCause.get(f.frictionPointKey) ?? 0) + 1);
      const listed = new Set<string>();
      const failing = run.findings
        .filter((f) => atLeast(f.severity, failOn) && !listed.has(f.frictionPointKey) && listed.add(f.frictionPointKey))
        .map((f, i) => ({ f, i }))
        .sort((a, b) => severityRank(a.f.severity) - severityRank(b.f.severity) || a.i - b.i)
        .map(({ f }) => f);
      const body: string[] = [];
      if (run.status === 'errored') {
        suiteErrors++;
        const reason = harnessReason(run);
        body.push(`      <error message="${xmlAttr(reason)}" type="harness">${xmlEscape(reason)}</error>`);
      }
      if (failing.length > 0) {
        suiteFailures++;
        const worst = failing[0];
        const more = failing.length > 1 ? ` (and ${failing.length - 1} more)` : '';
        const lines = failing.map(
          (f) => {
            const n = findingsOfCause.get(f.frictionPointKey) ?? 1;
            return `[${f.severity}] ${f.ruleId}${f.stepIndex !== undefined ? ` (step ${f.stepIndex + 1}${n > 1 ? `, and ${n - 1} more` : ''})` : ''}: ${f.message}`;
          },
        );
        body.push(
          `      <failure message="${xmlAttr(worst.message + more)}" type="${xmlAttr(worst.ruleId)}">${xmlEscape(lines.join('\n'))}</failure>`,
        );
      }
      // Pending is neither a pass nor a failure: CI shows it as skipped until `resume` settles it.
      const waiting = run.pending?.filter((p) => p.outcome === 'pending') ?? [];
      if (waiting.length && failing.length === 0 && run.status !== 'errored') {
        const why = waiting.map((p) => `pending: “${p.stepName}” waits for the ${p.what} until ${p.until}`).join('; ');
        body.push(`      <skipped message="${xmlAttr(why)}"/>`);
        suiteSkipped++;
      }
      if (run.stoppedAt) {
        const out = `Stopped at step ${run.stoppedAt.stepIndex + 1} "${run.stoppedAt.stepName}": ${run.stoppedAt.reason}`;
        body.push(`      <system-out>${xmlEscape(out)}</system-out>`);
      }
      const open = `    <testcase name="${xmlAttr(`${run.persona} #${run.repeat}`)}" classname="${xmlAttr(journey.id)}" time="${seconds(run.durationMs)}"`;
      cases.push(body.length === 0 ? `${open}/>` : `${open}>\n${body.join('\n')}\n    </testcase>`);
    }
    tests += journey.runs.length;
    failures += suiteFailures;
    errors += suiteErrors;
    totalMs += suiteMs;
    suites.push(
      `  <testsuite name="${xmlAttr(journey.name)}" tests="${journey.runs.length}" failures="${suiteFailures}" errors="${suiteErrors}" skipped="${suiteSkipped}" time="${seconds(suiteMs)}" timestamp="${xmlAttr(scorecard.startedAt)}">\n` +
        `    <properties>\n` +
        `      <property name="journeyId" value="${xmlAttr(journey.id)}"/>\n` +
        `      <property name="score" value="${journey.score}"/>\n` +
        `    </properties>\n` +
        (cases.length > 0 ? `${cases.join('\n')}\n` : '') +
        `  </testsuite>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="${xmlAttr(`${scorecard.tool.name} ${scorecard.target}`)}" tests="${tests}" failures="${failures}" errors="${errors}" time="${seconds(totalMs)}">\n` +
    (suites.length > 0 ? `${suites.join('\n')}\n` : '') +
    `</testsuites>\n`
  );
}

function harnessReason(run: RunSummary): string {
  const failedStep = run.steps.find((s) => s.status === 'failed' && s.error);
  return run.stoppedAt?.reason ?? failedStep?.error ?? 'The test harness failed during this run.';
}

export const junitReporter: Reporter = {
  name: 'junit',
  write: (scorecard, outDir) => writeFileAtomic(join(outDir, JUNIT_FILE), renderJunit(scorecard)),
};
