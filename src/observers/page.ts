import type { Page, Request, Response } from 'playwright';
import type { FailedRequest, Observations } from '../model/run-record.ts';

export interface PageObserver {
  observations: Observations;
  /** Main-frame documents that failed (HTTP >= 400 or no answer) after the given count of failures. */
  documentFailuresSince(mark: number): FailedRequest[];
  /** A mark to pass to documentFailuresSince later. */
  mark(): number;
}

/**
 * Watches what the customer's page shows besides the journey's own checks: script errors, failed
 * requests and navigations. Each observation carries the step it happened in and when.
 */
export function observePage(page: Page, now: () => number, currentStep: () => number | undefined): PageObserver {
  const observations: Observations = { consoleErrors: [], pageErrors: [], failedRequests: [], navigations: [] };
  const isDocument = (req: Request) => req.isNavigationRequest() && req.frame() === page.mainFrame();
  const recordFailure = (req: Request, status: number | undefined, failure: string | undefined) => {
    observations.failedRequests.push({
      stepIndex: currentStep(),
      url: req.url(),
      method: req.method(),
      ...(status === undefined ? {} : { status }),
      ...(failure === undefined ? {} : { failure }),
      resourceType: req.resourceType(),
      isNavigation: isDocument(req),
      atMs: now(),
    });
  };

  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    observations.consoleErrors.push({ stepIndex: currentStep(), text: msg.text(), url: loc.url || page.url(), atMs: now() });
  });
  page.on('pageerror', (err) => {
    observations.pageErrors.push({ stepIndex: currentStep(), message: `${err.name}: ${err.message}`, url: page.url(), atMs: now() });
  });
  page.on('response', (res: Response) => {
    if (res.status() >= 400) recordFailure(res.request(), res.status(), undefined);
  });
  page.on('requestfailed', (req) => {
    const failure = req.failure()?.errorText ?? 'failed';
    // Chromium aborts a document request when a newer navigation replaces it; that is no failure the customer sees.
    if (failure === 'net::ERR_ABORTED' && isDocument(req)) return;
    recordFailure(req, undefined, failure);
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) observations.navigations.push({ stepIndex: currentStep(), url: frame.url(), atMs: now() });
  });

  return {
    observations,
    mark: () => observations.failedRequests.length,
    documentFailuresSince: (mark) => observations.failedRequests.slice(mark).filter((r) => r.isNavigation),
  };
}
