import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import type { Browser, LaunchOptions } from 'playwright';
import { InputError } from '../errors.ts';

// Playwright is loaded only when a browser is wanted: `validate`, `list` and `report` never pay
// for it (~0.7 s of start-up on the 2-core machines, see bench/results.md).
const requirePlaywright = () => createRequire(import.meta.url)('playwright') as typeof import('playwright');

/** Where a Chromium to launch was found, and why that one. */
export interface ResolvedBrowser {
  executablePath: string | undefined; // undefined = Playwright's own installed browser, its pick for the mode
  source: 'option' | 'env' | 'playwright' | 'system';
}

export interface ResolveBrowserInput {
  /** An explicit path from the config or the command line. */
  explicitPath?: string;
  env?: NodeJS.ProcessEnv;
  /** Injected for tests; defaults to the real file system and Playwright. */
  exists?: (path: string) => boolean;
  playwrightPath?: () => string;
  /** Headless runs prefer a headless shell (default true). */
  headless?: boolean;
}

/**
 * Chromium's headless shell: the same Blink engine without the browser's UI layer. Playwright
 * itself runs headless on it. Measured here it costs about a third of the CPU per journey of
 * full Chromium in headless mode and less memory per open run (bench/results.md, figure 3).
 */
export const HEADLESS_SHELL_NAMES = ['chromium-headless-shell', 'chrome-headless-shell', 'headless_shell'];

export const SYSTEM_CHROMIUM_NAMES = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
  'chrome',
];

export class BrowserNotFoundError extends Error {
  constructor(detail: string) {
    super(
      `No Chromium browser found. ${detail}\n` +
        'Get one with either:\n' +
        '  npx playwright install chromium          (needs access to Playwright\'s download host)\n' +
        '  sudo apt-get update && sudo apt-get install -y chromium chromium-headless-shell   (Debian/Ubuntu)\n' +
        'or point MYSTERY_SHOPPER_CHROMIUM at an existing Chromium/Chrome executable.',
    );
    this.name = 'BrowserNotFoundError';
  }
}

/**
 * Decide which Chromium to launch: an explicit option, then MYSTERY_SHOPPER_CHROMIUM,
 * then Playwright's own download, then a Chromium on the PATH (a headless shell first when headless).
 */
export function resolveBrowser(input: ResolveBrowserInput = {}): ResolvedBrowser {
  const env = input.env ?? process.env;
  const exists = input.exists ?? existsSync;
  if (input.explicitPath) {
    if (!exists(input.explicitPath)) {
      throw new BrowserNotFoundError(`The configured browser path does not exist: ${input.explicitPath}.`);
    }
    return { executablePath: input.explicitPath, source: 'option' };
  }
  const fromEnv = env.MYSTERY_SHOPPER_CHROMIUM;
  if (fromEnv) {
    if (!exists(fromEnv)) {
      throw new BrowserNotFoundError(`MYSTERY_SHOPPER_CHROMIUM points at a missing file: ${fromEnv}.`);
    }
    return { executablePath: fromEnv, source: 'env' };
  }
  const headless = input.headless ?? true;
  let playwrightPath: string | undefined;
  try {
    playwrightPath = (input.playwrightPath ?? (() => requirePlaywright().chromium.executablePath()))();
  } catch {
    playwrightPath = undefined;
  }
  if (playwrightPath && exists(playwrightPath)) {
    // Headless, Playwright launches its own headless shell (installed with its Chromium) when given no path.
    return { executablePath: headless ? undefined : playwrightPath, source: 'playwright' };
  }
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/bin', '/usr/local/bin', '/snap/bin'];
  for (const names of headless ? [HEADLESS_SHELL_NAMES, SYSTEM_CHROMIUM_NAMES] : [SYSTEM_CHROMIUM_NAMES]) {
    for (const dir of dirs) {
      for (const name of names) {
        const candidate = join(dir, name);
        if (exists(candidate)) return { executablePath: candidate, source: 'system' };
      }
    }
  }
  throw new BrowserNotFoundError('Looked at MYSTERY_SHOPPER_CHROMIUM, Playwright\'s browsers and the PATH.');
}

/** Flags that keep Chromium quiet on a machine with a closed network. */
export const CHROMIUM_ARGS = ['--disable-background-networking', '--disable-component-update'];

export function launchOptions(resolved: ResolvedBrowser, headless = true): LaunchOptions {
  return { executablePath: resolved.executablePath, headless, args: CHROMIUM_ARGS };
}

export async function launchBrowser(opts: { explicitPath?: string; headless?: boolean } = {}): Promise<Browser> {
  const headless = opts.headless ?? true;
  const resolved = resolveBrowser({ explicitPath: opts.explicitPath, headless });
  // Traces are gathered in a folder of this browser's own (Playwright Test empties the one it
  // gives browsers launched in its workers between tests), removed when the browser goes.
  const tracesDir = mkdtempSync(join(tmpdir(), 'mystery-shopper-traces-'));
  try {
    // The CLI handles Ctrl-C itself: it stops new runs, closes the browser and writes the report.
    const browser = await requirePlaywright().chromium.launch({ ...launchOptions(resolved, headless), handleSIGINT: false, handleSIGTERM: false, tracesDir });
    browser.on('disconnected', () => rmSync(tracesDir, { recursive: true, force: true }));
    return browser;
  } catch (err) {
    rmSync(tracesDir, { recursive: true, force: true });
    const message = err instanceof Error ? err.message : String(err);
    if (/Executable doesn't exist/i.test(message)) {
      throw new BrowserNotFoundError(`Playwright could not find ${resolved.executablePath ?? 'its browser'}.`);
    }
    throw err;
  }
}

/** The environment variable (or .env entry) naming a remote browser; it wins over the config's `browser.connect.wsEndpoint`. */
export const BROWSER_WS_ENV = 'MYSTERY_SHOPPER_BROWSER_WS';

/** A browser elsewhere to run the audit's pages in (config `browser.connect`). */
export interface RemoteBrowser {
  wsEndpoint: string;
  /** playwright: a Playwright browser server; cdp: a Chromium's DevTools endpoint. */
  protocol: 'playwright' | 'cdp';
  headers?: Record<string, string>;
  timeoutMs: number;
}

/** How an audit gets its browser: launched here, or connected to (`connect`). */
export interface BrowserChoice {
  explicitPath?: string;
  headless: boolean;
  connect?: RemoteBrowser;
}

/** `{{env.NAME}}` in the config's endpoint or headers: a value from the environment or .env, so a token stays out of the config. */
const ENV_VALUE = /\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/;

/** What is wrong with a remote browser's address, in words that never repeat it (it may hold a token); undefined when fine. */
export function endpointProblem(endpoint: string): string | undefined {
  // {{env.NAME}} is filled in when the audit starts, and checked then.
  if (ENV_VALUE.test(endpoint)) return undefined;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'expected a ws:// or wss:// address (or, for protocol cdp, http:// or https://)';
  }
  if (!['ws:', 'wss:', 'http:', 'https:'].includes(url.protocol)) return `expected a ws:// or wss:// address, not ${url.protocol}//`;
  return undefined;
}

/**
 * The endpoint as it may be shown: without its user info and query string, where grids put their
 * tokens (`wss://grid.example.com/playwright?token=[secret]`). The path stays: it says which server.
 */
export function shownEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return '(an endpoint that is not a URL)';
  }
  const auth = url.username || url.password ? '[secret]@' : '';
  const query = url.search ? '?[secret]' : '';
  return `${url.protocol}//${auth}${url.host}${url.pathname === '/' && !query ? '' : url.pathname}${query}`;
}

/** Every part of an endpoint that may be a secret, longest first, for scrubbing messages that quote it. */
function endpointSecrets(remote: RemoteBrowser): string[] {
  const parts = [remote.wsEndpoint, ...Object.values(remote.headers ?? {})];
  try {
    const url = new URL(remote.wsEndpoint);
    parts.push(url.search.slice(1), url.username, url.password, decodeURIComponent(url.password), ...[...url.searchParams.values()]);
  } catch {
    // Not a URL: the whole string is hidden.
  }
  return [...new Set(parts.filter((p) => p.length >= 3))].sort((a, b) => b.length - a.length);
}

function fillEnv(text: string, env: Record<string, string | undefined>, where: string): string {
  return text.replace(new RegExp(ENV_VALUE.source, 'g'), (_all, name: string) => {
    const value = env[name];
    if (value === undefined || value === '') throw new InputError(`${where} uses {{env.${name}}}, but ${name} is not set in the environment or .env`);
    return value;
  });
}

/**
 * The remote browser the audit uses, if any: MYSTERY_SHOPPER_BROWSER_WS (environment or .env) wins
 * over the config's endpoint, and on its own turns `connect` on with the default protocol.
 */
export function remoteBrowser(connect: Partial<RemoteBrowser> | undefined, env: Record<string, string | undefined>): RemoteBrowser | undefined {
  const fromEnv = env[BROWSER_WS_ENV]?.trim();
  const where = fromEnv ? BROWSER_WS_ENV : 'browser.connect.wsEndpoint';
  const wsEndpoint = fromEnv || (connect?.wsEndpoint && fillEnv(connect.wsEndpoint, env, where));
  if (!wsEndpoint) {
    if (connect) throw new InputError(`browser.connect needs an endpoint: set browser.connect.wsEndpoint, or ${BROWSER_WS_ENV} in the environment or .env`);
    return undefined;
  }
  const headers = connect?.headers && Object.fromEntries(Object.entries(connect.headers).map(([name, value]) => [name, fillEnv(value, env, `browser.connect.headers.${name}`)]));
  const problem = endpointProblem(wsEndpoint);
  if (problem) throw new InputError(`${where}: ${problem}`);
  const protocol = connect?.protocol ?? 'playwright';
  if (protocol === 'playwright' && /^https?:/i.test(wsEndpoint)) {
    throw new InputError(`${where}: a Playwright server is reached at a ws:// or wss:// address; an http:// address is a DevTools endpoint (set browser.connect.protocol to 'cdp')`);
  }
  return { wsEndpoint, protocol, timeoutMs: connect?.timeoutMs ?? 30_000, ...(headers && { headers }) };
}

/**
 * A remote browser that cannot be reached. It is a BrowserNotFoundError so that the CLI says it
 * without a stack (exit 2), as it does for a browser that cannot be launched: either way no run can start.
 */
export class BrowserUnreachableError extends BrowserNotFoundError {
  constructor(message: string) {
    super('');
    this.message = message;
    this.name = 'BrowserUnreachableError';
  }
}

/**
 * Connects to a browser elsewhere: a Playwright server (`chromium.connect`) or a Chromium's DevTools
 * endpoint (`connectOverCDP`). Nothing is launched here. The browser's `close()` then disconnects:
 * it ends this audit's contexts and leaves the remote browser running for its next client.
 */
export async function connectBrowser(remote: RemoteBrowser): Promise<Browser> {
  const { chromium } = requirePlaywright();
  const options = { timeout: remote.timeoutMs, ...(remote.headers && { headers: remote.headers }) };
  try {
    return remote.protocol === 'cdp' ? await chromium.connectOverCDP(remote.wsEndpoint, options) : await chromium.connect(remote.wsEndpoint, options);
  } catch (err) {
    // Playwright's message quotes the endpoint in its call log: keep its first line, scrubbed.
    let reason = (err instanceof Error ? err.message : String(err)).split('\n')[0].replace(/^\w+\.\w+: /, '');
    for (const secret of endpointSecrets(remote)) reason = reason.split(secret).join('[secret]');
    throw new BrowserUnreachableError(
      `Could not reach the remote browser at ${shownEndpoint(remote.wsEndpoint)} (${remote.protocol === 'cdp' ? 'DevTools protocol' : 'Playwright server'}): ${reason}\n` +
        `Check that it is running and reachable from here, and its address (browser.connect.wsEndpoint or ${BROWSER_WS_ENV}). No run was started.`,
    );
  }
}

/** The audit's browser: connected to when `connect` is set (executablePath and headless then do not apply), else launched here. */
export function openBrowser(choice: BrowserChoice): Promise<Browser> {
  return choice.connect ? connectBrowser(choice.connect) : launchBrowser({ explicitPath: choice.explicitPath, headless: choice.headless });
}
