import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { formatMs } from '../../../model/duration.ts';
import { openAddress } from '../open-address.ts';

export default defineAction({
  name: 'goto',
  summary: 'Open a page: a path relative to the base URL, or a full URL. An address that brings a document (a PDF, a download) records it on the step.',
  args: z.string().min(1).describe('Path (e.g. /contact) or absolute URL'),
  describe: (path) => `goto ${path}`,
  async execute({ page, baseURL, patienceMs }, path) {
    try {
      await openAddress(page, new URL(path, baseURL).toString(), patienceMs);
    } catch (err) {
      if (err instanceof Error && err.name === 'TimeoutError') {
        throw new StepFailure('timeout', `The page ${path} did not finish loading within ${formatMs(patienceMs)}.`);
      }
      throw err;
    }
  },
});
