import type { Dialog, Page, Request, Response } from 'playwright';
import type { DialogRecord, FailedRequest, Observations } from '../model/run-record.ts';

export interface PageObserver {
  observations: Observations;
  /** Main-frame documents that failed (HTTP >= 400 or no answer) after the given count of failures. */
  documentFailuresSince(mark: number): FailedRequest[];
  /** A mark to pass to documentFailuresSince later. */
  mark(): number;
}

/** How the customer answers a dialog in the current step. */
export interface DialogAnswer {
  answer: 'accept' | 'dismiss';
  /** The step said a dialog would come. */
  expected: boolean;
  /** Typed into a prompt. */
  promptText?: string;
}

export interface ObserveOptions {
  now: () => number;
  currentStep: () => number | undefined;
  /** True for URLs of the audited site; the rest is marked third-party. */
  isFirstParty: (url: string) => boolean;
  dialogAnswer: () => DialogAnswer;
}

/**
 * Watches what the customer's page shows besides the journey's own checks: script errors, failed
 * requests, navigations and dialogs. Each observation carries the step it happened in and when.
 */
export function observePage(page: Page, opts: ObserveOptions): PageObserver {
  const { now, currentStep, isFirstParty } = opts;
  const observations: Observations = { consoleErrors: [], pageErrors: [], failedRequests: [], navigations: [], dialogs: [] };
  const isDocument = (req: Request) => req.isNavigationRequest() && req.frame() === page.mainFrame();
  const thirdParty = (url: string | undefined) => (url && !isFirstParty(url) ? { thirdParty: true } : {});
  const recordFailure = (req: Request, status: number | undefined, failure: string | undefined) => {
    observations.failedRequests.push({
      stepIndex: currentStep(),
      ...thirdParty(req.url()),
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
    observations.consoleErrors.push({ stepIndex: currentStep(), ...thirdParty(loc.url), text: msg.text(), url: loc.url || page.url(), atMs: now() });
  });
  page.on('pageerror', (err) => {
    // The script that threw: the first URL in the stack, when there is one.
    const source = /\b(https?:\/\/[^\s)]+?)(?::\d+){0,2}\)?$/m.exec(err.stack ?? '')?.[1];
    observations.pageErrors.push({ stepIndex: currentStep(), ...thirdParty(source), message: `${err.name}: ${err.message}`, url: page.url(), atMs: now() });
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
  page.on('dialog', (dialog: Dialog) => {
    const how = opts.dialogAnswer();
    const record: DialogRecord = {
      stepIndex: currentStep(),
      kind: dialog.type() as DialogRecord['kind'],
      message: dialog.message(),
      answer: how.answer,
      expected: how.expected,
      atMs: now(),
    };
    observations.dialogs.push(record);
    const answered = how.answer === 'accept' ? dialog.accept(how.promptText) : dialog.dismiss();
    answered.catch(() => undefined); // the page may have gone with it
  });

  return {
    observations,
    mark: () => observations.failedRequests.length,
    documentFailuresSince: (mark) => observations.failedRequests.slice(mark).filter((r) => r.isNavigation),
  };
}
