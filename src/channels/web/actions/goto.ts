import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { formatMs } from '../../../model/duration.ts';

export default defineAction({
  name: 'goto',
  summary: 'Open a page: a path relative to the base URL, or a full URL.',
  args: z.string().min(1).describe('Path (e.g. /contact) or absolute URL'),
  describe: (path) => `goto ${path}`,
  async execute({ page, baseURL, patienceMs }, path) {
    try {
      await page.goto(new URL(path, baseURL).toString(), { waitUntil: 'load', timeout: patienceMs });
    } catch (err) {
      if (err instanceof Error && err.name === 'TimeoutError') {
        throw new StepFailure('timeout', `The page ${path} did not finish loading within ${formatMs(patienceMs)}.`);
      }
      throw err;
    }
  },
});
