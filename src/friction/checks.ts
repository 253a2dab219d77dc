/**
 * Findings of failed `check` steps: the auditor's observations, each of the kind the journey
 * named (a built-in rule id or one of the config's `findings`). analyse titles and ranks them.
 */
import { describeView } from '../observers/customer-view.ts';
import type { RunRecord } from '../model/run-record.ts';
import { causeOf, pagePath } from './cause.ts';
import type { FindingDraft } from './rule.ts';

/** The kind a check makes when it names none. */
export const CHECK_FAILED = { title: 'Something the customer should find is missing', severity: 'minor' as const };

export function checkFindings(run: RunRecord): { kind: string; draft: FindingDraft }[] {
  const out: { kind: string; draft: FindingDraft }[] = [];
  for (const step of run.steps) {
    for (const check of step.checks ?? []) {
      // A check that could not look because the document never came: broken-download's finding says so.
      if (check.passed || check.reportedBy) continue;
      // The journey's own words: its message, else the step's name (what the customer set out to find).
      const where = check.on === 'email' ? 'in the email' : check.on === 'chat' ? 'in the chat' : check.on === 'download' ? 'in the document they received' : check.saw?.heading ? `on the page “${check.saw.heading}”` : 'on the page';
      const message = check.message ?? `At “${step.name}”, the customer did not find ${check.on === 'page' ? 'it' : 'what they looked for'} ${where}.`;
      out.push({
        kind: check.finding,
        draft: {
          stepIndex: step.index,
          stepName: step.name,
          message,
          // The same check on the same page is one cause, whichever journey or persona met it.
          cause: causeOf('check', check.label, check.on === 'page' || check.on === 'url' || check.on === 'title' ? pagePath(check.saw?.url ?? step.url) : check.on),
          evidence: {
            ...(step.screenshot ? { screenshot: step.screenshot } : {}),
            url: check.saw?.url ?? step.url,
            excerpt: [...(check.instead ?? []), ...describeView(check.saw)].slice(0, 12),
            technical: [check.label],
            // The document itself is the evidence: linked from the card.
            ...(check.document?.file ? { documents: [{ name: check.document.name, path: check.document.file }] } : {}),
          },
        },
      });
    }
  }
  return out;
}
