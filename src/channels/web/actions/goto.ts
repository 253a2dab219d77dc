import { z } from 'zod';
import { defineAction } from '../../action.ts';

export default defineAction({
  name: 'goto',
  summary: 'Open a page: a path relative to the base URL, or a full URL.',
  args: z.string().min(1).describe('Path (e.g. /contact) or absolute URL'),
  describe: (path) => `goto ${path}`,
  async execute({ page, baseURL, patienceMs }, path) {
    await page.goto(new URL(path, baseURL).toString(), { waitUntil: 'load', timeout: patienceMs });
  },
});
