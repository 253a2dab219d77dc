import { z } from 'zod';
import type { RepeatedAsk } from '../../channels/define.ts';
import { defineRule, type FindingDraft } from '../rule.ts';
import { stepRef } from './format.ts';

/**
 * Across channels: each channel's analysis lists what its service side asked (or had the customer
 * key in) again, with this rule's options (chat: `minOverlap`; phone: `minEntryDigits`).
 */
export default defineRule({
  id: 'repeated-question',
  title: 'Asked the same thing twice',
  description:
    'In the chat or on the phone, the service side asked for something the customer had already answered or given (an order number, an email address…), asked the same question again, or had the caller key in the same entry again at a later menu (an order number asked for again after the queue). Customers hate repeating themselves.',
  severity: 'major',
  options: z.strictObject({
    minOverlap: z.number().min(0.1).max(1).default(0.6).describe('Share of meaningful words two chat questions must have in common to count as the same question (when no known topic tells)'),
    minEntryDigits: z.number().int().min(1).default(3).describe('On the phone, an entry of at least this many digits (an order number, not a menu choice) keyed in again is a repeat'),
  }),
  evaluate(run, { analysis }) {
    const drafts: FindingDraft[] = [];
    for (const channel of Object.values(analysis)) {
      const repeats = (channel as { repeats?: RepeatedAsk[] } | undefined)?.repeats ?? [];
      for (const r of repeats) {
        const { screenshot: _s, ...step } = stepRef(run, r.stepIndex);
        drafts.push({ ...step, message: r.message, ...(r.cause !== undefined ? { cause: r.cause } : {}), evidence: { excerpt: r.excerpt } });
      }
    }
    return drafts;
  },
});
