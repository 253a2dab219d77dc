/*
 * robots.txt, honoured the way a polite crawler does (robots-parser: the standard's wildcard and
 * longest-match rules): read once per origin, with the tool's own User-Agent token; no file means
 * everything is allowed, and so does a file that cannot be read (an error page, a timeout).
 */
import { createRequire } from 'node:module';
import type { APIRequestContext } from 'playwright';

/** The token robots.txt groups name to address this tool (`User-agent: mystery-shopper`). */
export const ROBOTS_AGENT = 'mystery-shopper';

type Robot = { isAllowed(url: string, ua?: string): boolean | undefined };
// robots-parser is CommonJS.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, body: string) => Robot;

export type RobotsStatus = 'found' | 'none' | 'unreadable';

export interface RobotsRules {
  status: RobotsStatus;
  allowed(url: string): boolean;
}

/** Rules from a robots.txt body (what `readRobots` fetched). */
export function parseRobots(robotsUrl: string, body: string): RobotsRules {
  const robot = robotsParser(robotsUrl, body);
  return { status: 'found', allowed: (url) => robot.isAllowed(url, ROBOTS_AGENT) !== false };
}

const ALLOW_ALL = (status: RobotsStatus): RobotsRules => ({ status, allowed: () => true });

/** Reads an origin's robots.txt through the browser context's requests (same User-Agent, cookies, proxy). */
export async function readRobots(request: APIRequestContext, origin: string, timeoutMs: number): Promise<RobotsRules> {
  const url = new URL('/robots.txt', origin).toString();
  try {
    const res = await request.get(url, { timeout: timeoutMs, maxRedirects: 5, failOnStatusCode: false });
    // The standard: 4xx means no rules; 5xx means the site is unsure, which polite crawlers treat as "stay out", but an audit of one's own site would then see nothing: allow, and say so.
    if (res.status() >= 400 && res.status() < 500) return ALLOW_ALL('none');
    if (!res.ok()) return ALLOW_ALL('unreadable');
    const type = res.headers()['content-type'] ?? 'text/plain';
    if (!/text\/plain|text\/x-robots|application\/octet-stream/i.test(type)) return ALLOW_ALL('none');
    return parseRobots(url, await res.text());
  } catch {
    return ALLOW_ALL('unreadable');
  }
}

/** robots.txt per origin, each read once (a site's help centre on a subdomain has its own). */
export class RobotsCache {
  private readonly byOrigin = new Map<string, Promise<RobotsRules>>();
  constructor(
    private readonly request: APIRequestContext,
    private readonly timeoutMs: number,
  ) {}

  rulesFor(url: string): Promise<RobotsRules> {
    const origin = new URL(url).origin;
    let rules = this.byOrigin.get(origin);
    if (!rules) {
      rules = readRobots(this.request, origin, this.timeoutMs);
      this.byOrigin.set(origin, rules);
    }
    return rules;
  }

  /** The start origin's status, for the record. */
  async statusOf(url: string): Promise<RobotsStatus> {
    return (await this.rulesFor(url)).status;
  }
}
