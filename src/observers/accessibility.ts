import type { Page } from 'playwright';
import { Impact, type AccessibilityViolation } from '../model/page-health.ts';

/*
 * Accessibility of the page the customer sees, by axe-core (Deque's rules, the WCAG tags the config
 * names), through @axe-core/playwright: every frame, open shadow roots included. It is the
 * auditor's look at the page: bounded in time, and a page axe cannot check records nothing rather
 * than failing the run.
 */

/** How long one page's check may take before it is given up, ms. */
export const AXE_TIMEOUT_MS = 15_000;
/** Elements kept per violation (nodeCount says how many there were). */
export const AXE_NODES_KEPT = 5;
/** Length an element's markup is cut to. */
export const AXE_HTML_MAX = 200;
const SUMMARY_MAX = 500;

type AxeNode = { target?: unknown; html?: string; failureSummary?: string };
type AxeResult = { id: string; impact?: string | null; help: string; helpUrl: string; tags?: string[]; nodes?: AxeNode[] };

const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * axe's target as one string: its parts, frame by frame and shadow root by shadow root, joined
 * with `>>` (`iframe#chat >> button.send`).
 */
export function targetText(target: unknown): string {
  const part = (t: unknown): string => (Array.isArray(t) ? t.map(part).join(' >> ') : typeof t === 'string' ? t : t && typeof t === 'object' && 'fromShadowDom' in t ? part((t as { fromShadowDom: unknown }).fromShadowDom) : String(t));
  return part(target);
}

/** axe's violations in the record's shape: every rule broken, with its first elements. */
export function toViolations(violations: readonly AxeResult[]): AccessibilityViolation[] {
  return violations.map((v) => {
    const nodes = v.nodes ?? [];
    const impact = Impact.safeParse(v.impact);
    return {
      id: v.id,
      impact: impact.success ? impact.data : 'minor',
      help: v.help,
      helpUrl: v.helpUrl,
      tags: [...(v.tags ?? [])],
      nodes: nodes.slice(0, AXE_NODES_KEPT).map((n) => ({
        target: targetText(n.target ?? ''),
        html: cut(String(n.html ?? ''), AXE_HTML_MAX),
        ...(n.failureSummary ? { summary: cut(n.failureSummary, SUMMARY_MAX) } : {}),
      })),
      nodeCount: nodes.length,
    };
  });
}

/** True when a frame of the page comes from another origin than the page (axe's legacy run would skip it). */
function hasCrossOriginFrames(page: Page): boolean {
  const origin = (url: string) => {
    try {
      return new URL(url).origin;
    } catch {
      return 'null';
    }
  };
  const mine = origin(page.url());
  return page.frames().some((f) => f !== page.mainFrame() && /^https?:/i.test(f.url()) && origin(f.url()) !== mine);
}

/**
 * Checks the page as it is now with the given axe tags. Undefined when axe could not run (the
 * page went away, a frame would not answer) or took longer than `timeoutMs`: never throws.
 */
export async function checkAccessibility(page: Page, tags: readonly string[], timeoutMs = AXE_TIMEOUT_MS): Promise<AccessibilityViolation[] | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const { AxeBuilder } = await import('@axe-core/playwright');
    // Only violations are kept: axe then lists one element, not all, of what passed (about half its run).
    const builder = new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).withTags([...tags]);
    // Axe's default run opens a blank page in the customer's context to merge every frame's results,
    // about twice the time of one run in the page (Acme's pages: 0.4–0.9 s against 0.15–0.35 s).
    // That run reaches same-origin frames too; only a page with frames from elsewhere (a third-party
    // chat or payment widget) needs the default.
    if (!hasCrossOriginFrames(page)) builder.setLegacyMode();
    const analysis = builder.analyze();
    // A check still running when it is given up must not surface later as an unhandled rejection.
    analysis.catch(() => undefined);
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    const results = await Promise.race([analysis, timeout]);
    return results ? toViolations(results.violations as AxeResult[]) : undefined;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
