import type { BrowserContext, Request, Route } from 'playwright';
import type { BlockedRequest } from '../model/run-record.ts';
import { originMatcher, originOf } from './allowed-origins.ts';

export interface OriginBlocker {
  /** What was blocked, in order (at most `max`). */
  blocked: BlockedRequest[];
  /** Blocked requests past `max`, counted only. */
  notKept: number;
  /** True for a request the tool aborted: not the site's failure (observers/page.ts skips it). */
  isBlocked(req: Request): boolean;
  /** A mark for `navigationsBlockedSince`. */
  mark(): number;
  /** Main-frame page loads blocked (or escaped) since the mark: the step cannot go on. */
  navigationsBlockedSince(mark: number): BlockedRequest[];
}

export interface BlockOptions {
  baseURL: string;
  allowedOrigins: readonly string[];
  now: () => number;
  currentStep: () => number | undefined;
  inCleanup: () => boolean;
  /** False while the requests blocked are not the customer's (pages reopened for their accessibility check): still blocked, not recorded. */
  recording?: () => boolean;
  /** Kept per run; the rest are counted (config `maxObservations`). */
  max: number;
}

/**
 * Stops every request of the run's pages (frames, popups and workers too) to an origin that
 * `allowedOrigins` does not allow: `route.abort('blockedbyclient')` at the context, so nothing
 * leaves the machine for it. Browsers follow redirects without asking the route again, so page
 * loads of allowed origins are fetched by the tool first (`route.fetch`, no redirect followed):
 * a redirect to another origin (a payment provider) is stopped there. A redirect the tool could
 * not stop (a second hop, a script's request that redirects) is recorded as `escaped`, and a
 * page load that escaped fails its step. WebSockets to other origins are closed before they open.
 */
export async function blockOtherOrigins(context: BrowserContext, opts: BlockOptions): Promise<OriginBlocker> {
  const allowed = originMatcher(opts.baseURL, opts.allowedOrigins);
  const aborted = new WeakSet<Request>();
  const blocked: BlockedRequest[] = [];
  const navigations: BlockedRequest[] = [];
  let notKept = 0;

  const record = (r: Omit<BlockedRequest, 'atMs' | 'stepIndex' | 'cleanup' | 'origin'>, mainFrame: boolean) => {
    if (opts.recording && !opts.recording()) return;
    const step = opts.currentStep();
    const entry: BlockedRequest = {
      ...(step !== undefined ? { stepIndex: step } : {}),
      origin: originOf(r.url) ?? r.url,
      ...r,
      ...(opts.inCleanup() ? { cleanup: true } : {}),
      atMs: opts.now(),
    };
    if (blocked.length < opts.max) blocked.push(entry);
    else notKept++;
    if (mainFrame) navigations.push(entry);
  };
  const isMainFrameDocument = (req: Request) => {
    if (!req.isNavigationRequest()) return false;
    try {
      return req.frame().parentFrame() === null;
    } catch {
      return false; // a service worker's request has no frame
    }
  };
  const block = async (route: Route, url: string, redirectedFrom?: string) => {
    const req = route.request();
    aborted.add(req);
    record(
      { url, method: req.method(), resourceType: req.resourceType(), isNavigation: req.isNavigationRequest(), ...(redirectedFrom ? { redirectedFrom } : {}) },
      isMainFrameDocument(req),
    );
    await route.abort('blockedbyclient').catch(() => undefined);
  };

  await context.route(
    () => true,
    async (route) => {
      const req = route.request();
      const url = req.url();
      if (!allowed(url)) return block(route, url);
      if (!req.isNavigationRequest()) return route.fallback();
      // A page load of an allowed origin: see where it redirects before the browser follows.
      let response;
      try {
        response = await route.fetch({ maxRedirects: 0 });
      } catch {
        return route.fallback().catch(() => undefined); // the browser will meet (and report) the same failure
      }
      const location = response.headers()['location'];
      if (response.status() >= 300 && response.status() < 400 && location) {
        const target = new URL(location, url).toString();
        if (!allowed(target)) return block(route, target, url);
      }
      return route.fulfill({ response }).catch(() => undefined);
    },
  );
  await context.routeWebSocket(
    (u) => !allowed(u.toString()),
    (ws) => {
      record({ url: ws.url(), method: 'GET', resourceType: 'websocket', isNavigation: false }, false);
      void ws.close({ code: 1008, reason: 'blocked by allowedOrigins' }).catch(() => undefined);
    },
  );
  // What the route never saw: a redirect followed by the browser itself.
  context.on('request', (req) => {
    if (req.redirectedFrom() && !allowed(req.url())) {
      record(
        { url: req.url(), method: req.method(), resourceType: req.resourceType(), isNavigation: req.isNavigationRequest(), redirectedFrom: req.redirectedFrom()!.url(), escaped: true },
        isMainFrameDocument(req),
      );
    }
  });

  return {
    blocked,
    get notKept() {
      return notKept;
    },
    isBlocked: (req) => aborted.has(req),
    mark: () => navigations.length,
    navigationsBlockedSince: (mark) => navigations.slice(mark),
  };
}
