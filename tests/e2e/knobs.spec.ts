// The demo company's friction knobs are the ground truth: with a knob on, its named finding
// appears on the right journey and step; with it off, it does not; and no other knob's appears.
import { expect, test } from '@playwright/test';
import { auditAcme, key, pointsOf, type Point } from './helpers.ts';

const ORDER_JOURNEYS = ['order-standard', 'order-express', 'order-pickup', 'cancel-after-submit'];
/** Email and after-sales journeys that place an order first (same shop steps as the order journeys). */
const EMAIL_ORDER_JOURNEYS = ['cancel-by-email', 'reply-to-confirmation', 'return-item'];
const PLACES_ORDER = [...ORDER_JOURNEYS, ...EMAIL_ORDER_JOURNEYS];
/** The chat journeys (tests/e2e/chat.spec.ts checks the chat knobs). */
const CHAT_JOURNEYS = ['chat-return', 'chat-order', 'chat-person'];
/** The phone journeys (tests/e2e/phone.spec.ts checks the phone knobs). */
const PHONE_JOURNEYS = ['phone-repair', 'phone-return', 'phone-warranty'];
const ALL_JOURNEYS = [...PLACES_ORDER, 'account-orders', 'find-contact', 'help-returns', 'warranty-claim', 'repair-request', ...CHAT_JOURNEYS, ...PHONE_JOURNEYS];
/** The web knobs never touch the chat widget's or the phone line's journeys; leaving them out keeps each knob test short. */
const WITHOUT_CHAT = { grep: '^(?!.*@(chat|phone)\\b)' };
const NON_CHAT_JOURNEYS = ALL_JOURNEYS.filter((j) => !CHAT_JOURNEYS.includes(j) && !PHONE_JOURNEYS.includes(j));
/** Rules only a knob should trigger on the demo company; a finding of these is never noise. */
const KNOB_RULES = ['dead-end', 'http-error', 'console-error'];

const expected: Record<string, Array<Pick<Point, 'rule' | 'journey' | 'step'>>> = {
  'slow-checkout': PLACES_ORDER.map((journey) => ({ rule: 'slow-step', journey, step: 'Place the order' })),
  'cancel-fails': [
    { rule: 'dead-end', journey: 'cancel-after-submit', step: 'Cancel the order' },
    { rule: 'http-error', journey: 'cancel-after-submit', step: 'Cancel the order' },
    { rule: 'dead-end', journey: 'cancel-by-email', step: 'Cancel the order' },
    { rule: 'http-error', journey: 'cancel-by-email', step: 'Cancel the order' },
  ],
  'express-unavailable': [
    { rule: 'dead-end', journey: 'order-express', step: 'Place the order' },
    { rule: 'http-error', journey: 'order-express', step: 'Place the order' },
  ],
  'js-error': PLACES_ORDER.map((journey) => ({ rule: 'console-error', journey, step: 'Open the product' })),
  'hidden-contact': [{ rule: 'dead-end', journey: 'find-contact', step: 'Open the contact page' }],
  'slow-faq-search': [{ rule: 'slow-step', journey: 'help-returns', step: 'Search the FAQ for returns' }],
};

test('no knob: every journey completes and nothing is major or worse', async () => {
  const result = await auditAcme('');
  const { summary } = result.scorecard;
  expect(summary.runs).toMatchObject({ total: ALL_JOURNEYS.length, completed: ALL_JOURNEYS.length, failed: 0, errored: 0 });
  // No finding at all: only the timing rules are left out, because a loaded shared machine can
  // slow a step past its budget on its own (the knob tests below use delays far beyond that).
  const found = pointsOf(result).filter((p) => !['slow-step', 'slow-journey'].includes(p.rule) || p.severity !== 'minor');
  expect(found.map(key)).toEqual([]);
  expect(pointsOf(result).filter((p) => KNOB_RULES.includes(p.rule)).map(key)).toEqual([]);
  expect(result.failing).toEqual([]);
});

/** Knob values for these tests: each delay must clear 3× the 1.5 s budget of its step ("Place the order", the FAQ search). */
const knobValue: Record<string, string> = { 'slow-checkout': 'slow-checkout:6000', 'slow-faq-search': 'slow-faq-search:6000' };

for (const [knob, wanted] of Object.entries(expected)) {
  test(`knob ${knob}: its findings appear where they should, and no others`, async () => {
    const result = await auditAcme(knobValue[knob] ?? knob, WITHOUT_CHAT);
    expect(result.scorecard.summary.runs.total).toBe(NON_CHAT_JOURNEYS.length);
    const found = pointsOf(result);
    const foundKeys = found.map(key);
    for (const w of wanted) expect(foundKeys, `missing ${key(w)}`).toContain(key(w));
    const wantedKeys = new Set(wanted.map(key));
    // Nothing serious besides what the knob explains, and no knob-only rule anywhere else.
    const unexplained = found.filter((p) => !wantedKeys.has(key(p)) && (KNOB_RULES.includes(p.rule) || p.severity === 'critical' || p.severity === 'major'));
    expect(unexplained.map(key)).toEqual([]);
    expect(result.failing.length).toBeGreaterThan(0);
  });
}
