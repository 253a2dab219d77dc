import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { describeLocator, LocatorFields, textOrRegex, toLocator, type LocatorSpec } from '../locator.ts';
import { describeWait, waitForVisible } from '../visible.ts';

const ExpectArgs = z
  .object({
    ...LocatorFields,
    url: z.string().optional().describe('The page URL contains this (or matches /regex/)'),
    title: z.string().optional().describe('The page title contains this (or matches /regex/)'),
  })
  .strict()
  .superRefine((v, ctx) => {
    const kinds = (['role', 'label', 'text', 'testId', 'css', 'url', 'title'] as const).filter((k) => v[k] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          kinds.length === 0
            ? 'expected one of text, role, label, testId, css, url or title'
            : `expected only one of text, role, label, testId, css, url or title, got ${kinds.join(' and ')}`,
      });
    }
  });
type ExpectArgs = z.infer<typeof ExpectArgs>;

function matches(actual: string, expected: string): boolean {
  const want = textOrRegex(expected);
  return typeof want === 'string' ? actual.includes(want) : want.test(actual);
}

export default defineAction({
  name: 'expect',
  summary: 'Check what the customer sees: a text, an element, the URL or the title (waits up to the step timeout).',
  args: ExpectArgs,
  describe: (a) =>
    a.url !== undefined ? `expect url ${a.url}` : a.title !== undefined ? `expect title "${a.title}"` : `expect ${describeWait(a as LocatorSpec)}`,
  async execute({ page, timeoutMs }, a: ExpectArgs) {
    if (a.url !== undefined || a.title !== undefined) {
      const what = a.url !== undefined ? 'URL' : 'title';
      const expected = (a.url ?? a.title) as string;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const actual = a.url !== undefined ? page.url() : await page.title();
        if (matches(actual, expected)) return;
        if (Date.now() >= deadline) {
          throw new StepFailure('expectation', `Expected the page ${what} to match "${expected}", but it was "${actual}".`);
        }
        await page.waitForTimeout(50);
      }
    }
    const { url: _u, title: _t, ...loc } = a;
    await waitForVisible(page, toLocator(page, loc as LocatorSpec), describeLocator(loc as LocatorSpec), timeoutMs);
  },
});
