import type { Frame, FrameLocator, Page } from 'playwright';
import { toLocator, type LocatorSpec } from '../web/locator.ts';
import type { ChatProfile } from './profile.ts';

/** The profile's frame chain, outermost first (empty: the widget is found by its message box). */
export const frameChain = (profile: ChatProfile): string[] => (profile.iframe === undefined ? [] : ([] as string[]).concat(profile.iframe));

/** The chain as lazy frame locators: the driver's locators follow the widget across page loads. */
export function chainLocator(page: Page, chain: string[]): FrameLocator {
  let at = page.frameLocator(chain[0]);
  for (const selector of chain.slice(1)) at = at.frameLocator(selector);
  return at;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The frame the chain leads to now; each selector waits (up to the deadline) for its iframe. */
async function followChain(page: Page, chain: string[], deadline: number): Promise<Frame> {
  let frame = page.mainFrame();
  for (const selector of chain) {
    const handle = await frame.locator(selector).first().elementHandle({ timeout: Math.max(1, deadline - Date.now()) });
    const next = await handle.contentFrame();
    await handle.dispose();
    if (!next) throw new Error(`the chat profile's iframe "${selector}" matched an element that is not a frame`);
    frame = next;
  }
  return frame;
}

/** The page's frames, the page itself first, then each frame before the frames inside it. */
function framesInOrder(page: Page): Frame[] {
  const out: Frame[] = [];
  const visit = (f: Frame) => {
    out.push(f);
    for (const child of f.childFrames()) visit(child);
  };
  visit(page.mainFrame());
  return out;
}

async function shows(frame: Frame, input: LocatorSpec, visible: boolean): Promise<boolean> {
  try {
    const box = toLocator(frame as unknown as Page, input).first();
    return visible ? await box.isVisible() : (await box.count()) > 0;
  } catch {
    return false; // a frame navigating away, or detached meanwhile
  }
}

/**
 * The frame that holds the widget: where the profile's `iframe` chain leads, or the first frame of
 * the page (the page itself first) that has the message box, visible when `visible`. Waits up to
 * `timeoutMs`; Playwright reaches cross-origin frames too, which the page's own script cannot.
 */
export async function findWidgetFrame(page: Page, profile: ChatProfile, timeoutMs: number, visible: boolean): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  const chain = frameChain(profile);
  if (chain.length) return followChain(page, chain, deadline);
  for (;;) {
    if (page.isClosed()) throw new Error('the page was closed');
    for (const frame of framesInOrder(page)) if (await shows(frame, profile.input, visible)) return frame;
    if (Date.now() >= deadline) throw new Error(`no frame of the page shows the chat's message box within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/**
 * Frames inside the widget's frame that its recorder cannot read (cross-origin: their
 * `window.frameElement` is null), so each gets a recorder of its own through Playwright.
 */
export async function framesOutOfReach(widget: Frame): Promise<Frame[]> {
  const out: Frame[] = [];
  const visit = async (f: Frame) => {
    for (const child of f.childFrames()) {
      // A frame still loading answers once it has a document; one that never does is left out.
      const unreachable = await Promise.race([child.evaluate('window.frameElement === null').catch(() => false), sleep(2000).then(() => false)]);
      if (unreachable) out.push(child);
      await visit(child);
    }
  };
  await visit(widget);
  return out;
}
