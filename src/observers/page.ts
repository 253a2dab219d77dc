import type { ConsoleMessage, Dialog, Page, Request, Response } from 'playwright';
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
  /** Observations kept per run, of each kind; the rest are counted by message (config `maxObservations`). Default 200. */
  maxObservations?: number;
  /** A request the tool itself stopped (config `allowedOrigins`): not the site's failure, not recorded here. */
  isBlocked?: (req: Request) => boolean;
  /** False while nothing is to be recorded (the journey's cleanup steps, which are never scored); dialogs are still answered. */
  recording?: () => boolean;
}

export type ObservationKind = NonNullable<Observations['overflow']>[number]['kind'];
type OverflowEntry = NonNullable<Observations['overflow']>[number];

export const DEFAULT_MAX_OBSERVATIONS = 200;
/** Length an overflow message (console text, page error, dialog text, URL) is cut to. */
export const OVERFLOW_MESSAGE_MAX = 200;
/** Once a kind has this many distinct overflow messages (×maxObservations), the rest are counted under one. */
export const OTHER_MESSAGES = '(other messages)';
/**
 * Console messages (of any type) a run may send past `maxObservations` before the console is no
 * longer watched: every message still costs the driver work, and a page logging thousands a
 * millisecond would starve the harness's clock. Up to here every console error is counted.
 */
export const CONSOLE_MARGIN = 20_000;
export const consoleStoppedMessage = (seen: number) =>
  `(console no longer watched after ${seen} messages: the page kept logging, so later console errors are not counted)`;

/** A message as overflow keeps it: one line's worth, cut. */
export function overflowText(text: string): string {
  return text.length > OVERFLOW_MESSAGE_MAX ? `${text.slice(0, OVERFLOW_MESSAGE_MAX - 1)}…` : text;
}

/** A URL as overflow keeps it: without query and fragment, cut. */
export function overflowUrl(url: string): string {
  let end = url.length;
  const q = url.indexOf('?');
  if (q >= 0) end = q;
  const h = url.indexOf('#');
  if (h >= 0 && h < end) end = h;
  return overflowText(url.slice(0, end));
}

/**
 * Keeps at most `max` observations of each kind; the rest are counted by kind and message, in
 * `observations.overflow` (in the order first met). Each event costs O(1) (plus its message's
 * length): a Map lookup and an increment, whatever has been kept or counted so far.
 */
class Capped {
  private readonly counts = new Map<string, OverflowEntry>();
  private readonly distinct: Record<ObservationKind, number> = { consoleErrors: 0, pageErrors: 0, failedRequests: 0, navigations: 0, dialogs: 0 };

  constructor(
    readonly observations: Observations,
    readonly max: number,
  ) {}

  /** True when one more of `kind` may be kept. */
  room(kind: ObservationKind): boolean {
    return this.observations[kind].length < this.max;
  }

  /** Counts one observation of `kind` that was not kept. `message` is already cut; `always` gives it its own entry past the distinct cap. */
  count(kind: ObservationKind, message: string, always = false): void {
    let entry = this.counts.get(`${kind}\n${message}`);
    if (!entry && !always) {
      // Messages that differ every time (a counter, a timestamp) must not grow the record either.
      if (this.distinct[kind] >= this.max) message = OTHER_MESSAGES;
      entry = this.counts.get(`${kind}\n${message}`);
    }
    if (!entry) {
      entry = { kind, message, count: 0 };
      this.counts.set(`${kind}\n${message}`, entry);
      this.distinct[kind]++;
      (this.observations.overflow ??= []).push(entry);
    }
    entry.count++;
  }
}

/** Document failures remembered for `documentFailuresSince`, whatever the cap keeps: the newest of them. */
const DOCUMENT_FAILURES_KEPT = 64;

/**
 * Watches what the customer's page shows besides the journey's own checks: script errors, failed
 * requests, navigations and dialogs. Each observation carries the step it happened in and when.
 * At most `maxObservations` of each kind are kept per run; the rest are counted by message.
 */
export function observePage(page: Page, opts: ObserveOptions): PageObserver {
  const { now, currentStep, isFirstParty } = opts;
  const recording = opts.recording ?? (() => true);
  const max = opts.maxObservations ?? DEFAULT_MAX_OBSERVATIONS;
  const observations: Observations = { consoleErrors: [], pageErrors: [], failedRequests: [], navigations: [], dialogs: [] };
  const capped = new Capped(observations, max);
  // Every failed main-frame document, numbered, kept apart from the cap: a failed navigation fails its step.
  const documentFailures: { seq: number; request: FailedRequest }[] = [];
  let documentFailureCount = 0;
  const isDocument = (req: Request) => req.isNavigationRequest() && req.frame() === page.mainFrame();
  const thirdParty = (url: string | undefined) => (url && !isFirstParty(url) ? { thirdParty: true } : {});
  const recordFailure = (req: Request, status: number | undefined, failure: string | undefined) => {
    if (!recording()) {
      // Cleanup is not scored, but a page load that fails there still fails its cleanup step.
      if (isDocument(req)) {
        const request: FailedRequest = { url: req.url(), method: req.method(), ...(status === undefined ? {} : { status }), ...(failure === undefined ? {} : { failure }), resourceType: req.resourceType(), isNavigation: true, atMs: now() };
        documentFailures.push({ seq: documentFailureCount++, request });
        if (documentFailures.length > DOCUMENT_FAILURES_KEPT) documentFailures.shift();
      }
      return;
    }
    const url = req.url();
    const isNavigation = isDocument(req);
    const keep = capped.room('failedRequests');
    if (!keep && !isNavigation) {
      capped.count('failedRequests', overflowUrl(url));
      return;
    }
    const request: FailedRequest = {
      stepIndex: currentStep(),
      ...thirdParty(url),
      url,
      method: req.method(),
      ...(status === undefined ? {} : { status }),
      ...(failure === undefined ? {} : { failure }),
      resourceType: req.resourceType(),
      isNavigation,
      atMs: now(),
    };
    if (keep) observations.failedRequests.push(request);
    else capped.count('failedRequests', overflowUrl(url));
    if (isNavigation) {
      documentFailures.push({ seq: documentFailureCount++, request });
      if (documentFailures.length > DOCUMENT_FAILURES_KEPT) documentFailures.shift();
    }
  };

  let consoleSeen = 0;
  const onConsole = (msg: ConsoleMessage) => {
    consoleSeen++;
    // The browser's echo of a request the tool blocked (allowedOrigins) is not the site's error.
    if (msg.type() === 'error' && recording() && !(opts.isBlocked && msg.text().includes('ERR_BLOCKED_BY_CLIENT'))) {
      if (capped.room('consoleErrors')) {
        const loc = msg.location();
        observations.consoleErrors.push({ stepIndex: currentStep(), ...thirdParty(loc.url), text: msg.text(), url: loc.url || page.url(), atMs: now() });
      } else {
        capped.count('consoleErrors', overflowText(msg.text()));
      }
    }
    if (consoleSeen >= max + CONSOLE_MARGIN) {
      // Without a listener Playwright stops sending console events to this process's client side.
      page.off('console', onConsole);
      capped.count('consoleErrors', consoleStoppedMessage(consoleSeen), true);
    }
  };
  page.on('console', onConsole);
  page.on('pageerror', (err) => {
    if (!recording()) return;
    const message = `${err.name}: ${err.message}`;
    if (!capped.room('pageErrors')) {
      capped.count('pageErrors', overflowText(message));
      return;
    }
    // The script that threw: the first URL in the stack, when there is one.
    const source = /\b(https?:\/\/[^\s)]+?)(?::\d+){0,2}\)?$/m.exec(err.stack ?? '')?.[1];
    observations.pageErrors.push({ stepIndex: currentStep(), ...thirdParty(source), message, url: page.url(), atMs: now() });
  });
  page.on('response', (res: Response) => {
    if (res.status() >= 400) recordFailure(res.request(), res.status(), undefined);
  });
  page.on('requestfailed', (req) => {
    if (opts.isBlocked?.(req)) return;
    const failure = req.failure()?.errorText ?? 'failed';
    // Chromium aborts a document request when a newer navigation replaces it; that is no failure the customer sees.
    if (failure === 'net::ERR_ABORTED' && isDocument(req)) return;
    recordFailure(req, undefined, failure);
  });
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame() || !recording()) return;
    if (capped.room('navigations')) observations.navigations.push({ stepIndex: currentStep(), url: frame.url(), atMs: now() });
    else capped.count('navigations', overflowUrl(frame.url()));
  });
  page.on('dialog', (dialog: Dialog) => {
    // Every dialog is answered, kept or not: the page waits for it.
    const how = opts.dialogAnswer();
    if (!recording()) {
      // answered below, not recorded
    } else if (capped.room('dialogs')) {
      const record: DialogRecord = {
        stepIndex: currentStep(),
        kind: dialog.type() as DialogRecord['kind'],
        message: dialog.message(),
        answer: how.answer,
        expected: how.expected,
        atMs: now(),
      };
      observations.dialogs.push(record);
    } else {
      capped.count('dialogs', overflowText(dialog.message()));
    }
    const answered = how.answer === 'accept' ? dialog.accept(how.promptText) : dialog.dismiss();
    answered.catch(() => undefined); // the page may have gone with it
  });

  return {
    observations,
    mark: () => documentFailureCount,
    documentFailuresSince: (mark) => documentFailures.filter((f) => f.seq >= mark).map((f) => f.request),
  };
}
