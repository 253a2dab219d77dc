import type { Page, Response } from 'playwright';

/**
 * Opens an address as a customer following a link does. An address that brings a document (a
 * PDF the headless shell saves, any attachment) is an outcome, not an error: Playwright's
 * "Download is starting" becomes `'document'`, and the run's download watch records it.
 */
export async function openAddress(page: Page, url: string, timeout: number): Promise<Response | null | 'document'> {
  try {
    return await page.goto(url, { waitUntil: 'load', timeout });
  } catch (err) {
    if (err instanceof Error && /Download is starting/.test(err.message)) return 'document';
    throw err;
  }
}
