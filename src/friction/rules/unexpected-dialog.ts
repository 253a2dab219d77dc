import { z } from 'zod';
import { causeOf, pagePath, sameText } from '../cause.ts';
import { defineRule, type FindingDraft } from '../rule.ts';
import { stepRef } from './format.ts';

const KIND_WORDS = { alert: 'an alert', confirm: 'a confirmation dialog', prompt: 'a prompt', beforeunload: 'a “leave this page?” dialog' } as const;

export default defineRule({
  id: 'unexpected-dialog',
  title: 'Unexpected pop-up dialog',
  description:
    'The page interrupted the customer with a browser dialog (alert, confirm, prompt, “leave this page?”) the journey did not expect. It is answered as the config\'s `dialogs` says (default: OK, as a customer would) and recorded on the step. A step that names the dialog (`dialog: accept`) expects it.',
  severity: 'minor',
  options: z.strictObject({}),
  evaluate(run) {
    const drafts: FindingDraft[] = [];
    for (const d of run.observations.dialogs ?? []) {
      if (d.expected) continue;
      const ref = stepRef(run, d.stepIndex);
      const step = run.steps.find((s) => s.index === d.stepIndex);
      drafts.push({
        ...ref,
        cause: causeOf(d.kind, pagePath(step?.url), sameText(d.message)),
        message: `${ref.stepName ? `At “${ref.stepName}” the` : 'The'} page showed ${KIND_WORDS[d.kind]}: “${d.message}” (answered: ${d.answer === 'accept' ? 'OK' : 'Cancel'}).`,
        evidence: {
          ...(ref.screenshot ? { screenshot: ref.screenshot } : {}),
          ...(step ? { url: step.url } : {}),
          excerpt: [`${d.kind}: ${d.message}`],
        },
      });
    }
    return drafts;
  },
});
