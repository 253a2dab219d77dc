// `import { test, expect } from 'mystery-shopper/playwright'` instead of '@playwright/test': the
// same test, except that its `page` is watched the way a journey's page is (console errors,
// uncaught page errors, failed requests, navigations: src/observers/page.ts), its top-level
// `test.step`s end with a screenshot, and a failure records what the page showed. All of it goes
// to the reporter as attachments (recording.ts); the test itself behaves exactly as before.
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { test as base, type Page, type TestInfo } from '@playwright/test';
import { loadEnv } from '../config/env.ts';
import { captureCustomerView } from '../observers/customer-view.ts';
import { observePage, type PageObserver } from '../observers/page.ts';
import { maskEchoedSecrets } from '../runner/secret-mask.ts';
import { RECORDING_ATTACHMENT, SCREENSHOT_ATTACHMENT_PREFIX } from './attachments.ts';
import type { RecordedStep, Recording } from './recording.ts';

export { expect } from '@playwright/test';

/** `test.use({ mysteryShopper: { screenshots: 'failures' } })`, or in the config's `use`. */
export interface MysteryShopperOptions {
  /** A screenshot at the end of every top-level step (`each`, the default), only of a step that fails (`failures`), or none (`off`). */
  screenshots: 'each' | 'failures' | 'off';
}

/** Playwright's own words when a test runs out of time: nothing can be read from the page then until teardown. */
const TEST_TIMEOUT = /Test timeout of \d+ms exceeded/;

let secretValues: string[] | undefined;
/** Values of secret-looking environment variables (and .env): masked wherever a screenshot would show them. */
function secrets(): string[] {
  if (!secretValues) {
    const env = loadEnv(process.cwd());
    secretValues = [...env.secretNames].map((n) => env.values[n]).filter((v): v is string => !!v && v.length >= 4);
  }
  return secretValues;
}

/**
 * The page as observePage sees it, minus dialogs: observePage answers every dialog, but in a test
 * the test's own handlers answer them (or Playwright dismisses them), so they are left alone.
 */
function withoutDialogs(page: Page): Page {
  return new Proxy(page, {
    get(target, prop) {
      if (prop === 'on') {
        return (event: string, listener: (...args: unknown[]) => void) => {
          if (event !== 'dialog') target.on(event as 'console', listener);
          return target;
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Records one test's page for the reporter. */
class PageRecorder {
  private readonly observer: PageObserver;
  private readonly steps: RecordedStep[] = [];
  private shots = 0;

  constructor(
    private readonly page: Page,
    private readonly testInfo: TestInfo,
    private readonly options: MysteryShopperOptions,
    isFirstParty: (url: string) => boolean,
  ) {
    this.observer = observePage(withoutDialogs(page), {
      now: Date.now,
      // The reporter places each observation in its step by time.
      currentStep: () => undefined,
      isFirstParty,
      dialogAnswer: () => ({ answer: 'dismiss', expected: false }),
    });
  }

  /** Runs a top-level step's body, then takes the step's screenshot (and on failure what the page said). */
  async step<T>(title: string, body: () => T | Promise<T>): Promise<T> {
    const entry: RecordedStep = { title, startedAt: Date.now(), harnessMs: 0, failed: false };
    this.steps.push(entry);
    try {
      const value = await body();
      if (this.options.screenshots === 'each') await this.afterStep(entry, undefined);
      return value;
    } catch (err) {
      entry.failed = true;
      // Out of time, the page cannot be read now; the fixture's teardown reads it instead.
      if (!TEST_TIMEOUT.test(err instanceof Error ? err.message : String(err))) await this.afterStep(entry, err);
      throw err;
    }
  }

  private async afterStep(entry: RecordedStep, error: unknown): Promise<void> {
    const started = performance.now();
    try {
      if (error !== undefined) entry.saw = await captureCustomerView(this.page);
      if (this.options.screenshots !== 'off') entry.screenshot = await this.screenshot(String(this.steps.indexOf(entry) + 1));
    } finally {
      entry.harnessMs = performance.now() - started;
    }
  }

  /** A JPEG of the page with every echoed secret masked (as journeys take them), attached to the test; undefined when none could be taken. */
  private async screenshot(label: string): Promise<string | undefined> {
    if (this.page.isClosed()) return undefined;
    const echoed = await maskEchoedSecrets(this.page, secrets());
    try {
      // A frame that could be neither searched nor covered might show a secret: no screenshot then.
      if (!echoed.complete) return undefined;
      // Animations are left running (unlike journeys' screenshots): finishing them early could change what the test sees next.
      const body = await this.page.screenshot({ type: 'jpeg', quality: 70, mask: echoed.masks, timeout: 5_000 });
      const name = `${SCREENSHOT_ATTACHMENT_PREFIX} ${label} #${++this.shots}.jpg`;
      await this.testInfo.attach(name, { body, contentType: 'image/jpeg' });
      return name;
    } catch {
      return undefined; // a page that cannot be captured still has its timings
    } finally {
      await echoed.clear();
    }
  }

  /** After the test: on failure, the page as it was left; then everything, as one attachment. */
  async finish(): Promise<void> {
    const { status } = this.testInfo;
    if (status === 'skipped') return;
    let failure: Recording['failure'];
    if (status !== 'passed' && !this.page.isClosed()) {
      failure = { saw: await captureCustomerView(this.page) };
      const shown = this.steps.some((s) => s.failed && s.screenshot);
      if (!shown && this.options.screenshots !== 'off') {
        const screenshot = await this.screenshot('failure');
        if (screenshot) failure.screenshot = screenshot;
      }
    }
    const recording: Recording = {
      version: 1,
      observations: this.observer.observations,
      steps: this.steps,
      ...(failure && { failure }),
      ...(!this.page.isClosed() && { url: this.page.url() }),
    };
    await this.testInfo.attach(RECORDING_ATTACHMENT, { body: JSON.stringify(recording), contentType: 'application/json' });
  }
}

/**
 * Which URLs are the site's own (the rest is third-party: info, unless its step failed). Loaded
 * when a page first opens, so that merely importing the fixture (Playwright does so in its main
 * process to list the tests) does not load the Public Suffix List.
 */
async function firstPartyOf(baseURL: string | undefined): Promise<(url: string) => boolean> {
  if (!baseURL) return () => true;
  const { firstPartyHosts, isFirstParty } = await import('../runner/first-party.ts');
  const hosts = firstPartyHosts(baseURL);
  return hosts.length ? isFirstParty(hosts) : () => true;
}

/** The test running in this worker, while its page is open (a worker runs one test at a time). */
let active: PageRecorder | undefined;
/** Set inside a recorded step: steps within it fold into it, as the reporter folds them. */
const insideStep = new AsyncLocalStorage<true>();

const extended = base.extend<{ mysteryShopper: MysteryShopperOptions }>({
  mysteryShopper: [{ screenshots: 'each' }, { option: true }],
  // The page fixture itself, so only tests that use a page are watched and no page is opened for the others.
  page: async ({ page, mysteryShopper }, use, testInfo) => {
    const recorder = new PageRecorder(page, testInfo, mysteryShopper, await firstPartyOf(testInfo.project.use.baseURL));
    active = recorder;
    try {
      await use(page);
    } finally {
      if (active === recorder) active = undefined;
      await recorder.finish();
    }
  },
});

/**
 * `test.step` as Playwright's, plus the recorder around the top-level steps of tests that use a
 * page; the same for every test made from this one with `test.extend` (Playwright gives each its
 * own `step`).
 */
function withRecordedSteps<T extends typeof extended>(t: T): T {
  const playwrightStep = t.step;
  const recordedStep = ((title, body, options) => {
    const recorder = active;
    if (!recorder || insideStep.getStore()) return playwrightStep(title, body, options);
    return playwrightStep(title, (info) => insideStep.run(true, () => recorder.step(title, () => body(info))), options);
  }) as T['step'];
  recordedStep.skip = playwrightStep.skip;
  t.step = recordedStep;
  const extend = t.extend.bind(t);
  t.extend = ((fixtures: Parameters<T['extend']>[0]) => withRecordedSteps(extend(fixtures) as unknown as T)) as T['extend'];
  return t;
}

export const test = withRecordedSteps(extended);
