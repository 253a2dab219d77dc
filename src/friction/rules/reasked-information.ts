import { z } from 'zod';
import { defineRule, type FindingDraft } from '../rule.ts';
import { stepRef } from './format.ts';

export default defineRule({
  id: 'reasked-information',
  title: 'Asked the same thing twice',
  description:
    'The customer had to type a value they had already given in the same journey (their email, an order number, a postcode), in another form, a chat or an email. The harness compares salted hashes of what it typed, never the values.',
  severity: 'minor',
  options: z.strictObject({}),
  evaluate(run) {
    const drafts: FindingDraft[] = [];
    const seen = new Map<string, { field: string; stepIndex: number }>();
    const reported = new Set<string>();
    for (const step of run.steps) {
      // Twice in one step is one form (e.g. "confirm your email"); count it from the second step on.
      const firstHere = new Set<string>();
      for (const t of step.interactions.typed ?? []) {
        const before = seen.get(t.hash);
        if (!before) {
          seen.set(t.hash, { field: t.field, stepIndex: step.index });
          firstHere.add(t.hash);
          continue;
        }
        if (firstHere.has(t.hash) || reported.has(t.hash)) continue;
        reported.add(t.hash);
        const first = run.steps.find((s) => s.index === before.stepIndex);
        drafts.push({
          ...stepRef(run, step.index),
          message: `At “${step.name}” the customer had to type again what they gave at “${first?.name ?? `step ${before.stepIndex + 1}`}” (${before.field}, now ${t.field}).`,
          evidence: { excerpt: [`First: ${before.field} at “${first?.name ?? ''}”`, `Again: ${t.field} at “${step.name}”`], url: step.url },
        });
      }
    }
    return drafts;
  },
});
