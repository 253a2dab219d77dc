// `absent` and `count` on expect and check: what the schema accepts and refuses (with a message a
// user can act on), and the labels they give in records.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { actionsByName } from '../../src/channels/actions.ts';
import { InputErrors } from '../../src/errors.ts';
import { loadJourneys } from '../../src/journeys/load.ts';

const expectAction = actionsByName.get('expect')!;
const checkAction = actionsByName.get('check')!;

/** The messages a journey with this one step is refused with, as `validate` prints them. */
async function refusal(step: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ms-judgement-'));
  writeFileSync(join(dir, 'x.journey.yaml'), `id: x\nname: X\nsteps:\n  - ${step}\n`);
  try {
    await loadJourneys([dir], dir);
  } catch (err) {
    if (err instanceof InputErrors) return err.message;
    throw err;
  }
  return '';
}

test('expect and check take absent and count (a number or a range) on a locator', async () => {
  for (const action of [expectAction, checkAction]) {
    for (const args of [
      { text: 'Loading', absent: true },
      { role: 'listitem', count: 3 },
      { role: 'listitem', count: 0 },
      { css: '.result', count: { min: 1 } },
      { css: '.result', count: { max: 5 } },
      { css: '.result', count: { min: 2, max: 5 }, within: 2000 },
      { url: '/cart', absent: true },
    ]) {
      expect(action.args.safeParse(args).error?.issues, `${action.name} ${JSON.stringify(args)}`).toBeUndefined();
    }
  }
  expect(await refusal('expect: { role: listitem, count: 3 }')).toBe('');
});

test('a count that cannot be meant is refused, saying why, at its path', async () => {
  expect(await refusal('expect: { text: Order, count: -1 }')).toMatch(/x\.journey\.yaml:4:\d+ at steps\[0\]\.expect\.count/);
  expect(await refusal('expect: { text: Order, count: 2.5 }')).toMatch(/steps\[0\]\.expect\.count/);
  expect(await refusal('expect: { text: Order, count: three }')).toContain('steps[0].expect.count: expected a number (exactly that many) or { min, max }');
  expect(await refusal('expect: { text: Order, count: {} }')).toMatch(/steps\[0\]\.expect\.count: .*expected min, max or both/);
  expect(await refusal('expect: { text: Order, count: { min: 5, max: 2 } }')).toContain('min must not be more than max');
  expect(await refusal('expect: { text: Order, count: { least: 2 } }')).toMatch(/steps\[0\]\.expect\.count/);
  expect(await refusal('expect: { url: /cart, count: 1 }')).toMatch(/steps\[0\]\.expect\.count: `count` counts elements on the page \(role, label, text, testId, css\), not url/);
  expect(await refusal('check: { chat: hello, count: 1 }')).toContain('`count` counts elements on the page (role, label, text, testId, css), not chat');
  expect(await refusal('expect: { text: Order, count: 2, absent: true }')).toContain('`count` and `absent` do not go together (`absent: true` means none: `count: 0`)');
  expect(await refusal('check: { text: Order, count: 2, nth: 1 }')).toContain('`count` counts every match: leave out `nth`');
  expect(await refusal('expect: { text: Order, absent: yes }')).toMatch(/steps\[0\]\.expect\.absent: .*expected boolean/);
});

test('labels say what was expected, in records and reports', () => {
  expect(expectAction.describe(expectAction.args.parse({ text: 'Loading', absent: true, within: 2000 }))).toBe('expect no text "Loading" within 2000 ms');
  expect(expectAction.describe(expectAction.args.parse({ role: 'listitem', count: 3 }))).toBe('expect listitem (count 3)');
  expect(expectAction.describe(expectAction.args.parse({ css: '.r', count: { min: 1 } }))).toBe('expect css .r (count ≥ 1)');
  expect(expectAction.describe(expectAction.args.parse({ css: '.r', count: { max: 5 } }))).toBe('expect css .r (count ≤ 5)');
  expect(expectAction.describe(expectAction.args.parse({ css: '.r', count: { min: 2, max: 5 } }))).toBe('expect css .r (count 2–5)');
  expect(checkAction.describe(checkAction.args.parse({ url: '/cart', absent: true }))).toBe('check no url /cart → check-failed');
  expect(checkAction.describe(checkAction.args.parse({ chat: 'sorry', absent: true, finding: 'no-self-service-answer' }))).toBe('check no chat "sorry" → no-self-service-answer');
});
