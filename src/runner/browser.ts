import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser, type LaunchOptions } from 'playwright';

/** Where a Chromium to launch was found, and why that one. */
export interface ResolvedBrowser {
  executablePath: string | undefined; // undefined = Playwright's own installed browser
  source: 'option' | 'env' | 'playwright' | 'system';
}

export interface ResolveBrowserInput {
  /** An explicit path from the config or the command line. */
  explicitPath?: string;
  env?: NodeJS.ProcessEnv;
  /** Injected for tests; defaults to the real file system and Playwright. */
  exists?: (path: string) => boolean;
  playwrightPath?: () => string;
}

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
        '  sudo apt-get update && sudo apt-get install -y chromium   (Debian/Ubuntu)\n' +
        'or point MYSTERY_SHOPPER_CHROMIUM at an existing Chromium/Chrome executable.',
    );
    this.name = 'BrowserNotFoundError';
  }
}

/**
 * Decide which Chromium to launch: an explicit option, then MYSTERY_SHOPPER_CHROMIUM,
 * then Playwright's own download, then a Chromium on the PATH.
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
  let playwrightPath: string | undefined;
  try {
    playwrightPath = (input.playwrightPath ?? (() => chromium.executablePath()))();
  } catch {
    playwrightPath = undefined;
  }
  if (playwrightPath && exists(playwrightPath)) return { executablePath: playwrightPath, source: 'playwright' };
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const dir of [...dirs, '/usr/bin', '/usr/local/bin', '/snap/bin']) {
    for (const name of SYSTEM_CHROMIUM_NAMES) {
      const candidate = join(dir, name);
      if (exists(candidate)) return { executablePath: candidate, source: 'system' };
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
  const resolved = resolveBrowser({ explicitPath: opts.explicitPath });
  try {
    // The CLI handles Ctrl-C itself: it stops new runs, closes the browser and writes the report.
    return await chromium.launch({ ...launchOptions(resolved, opts.headless ?? true), handleSIGINT: false, handleSIGTERM: false });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/Executable doesn't exist/i.test(message)) {
      throw new BrowserNotFoundError(`Playwright could not find ${resolved.executablePath ?? 'its browser'}.`);
    }
    throw err;
  }
}
