import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import type { Browser, LaunchOptions } from 'playwright';

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
  try {
    // The CLI handles Ctrl-C itself: it stops new runs, closes the browser and writes the report.
    return await requirePlaywright().chromium.launch({ ...launchOptions(resolved, headless), handleSIGINT: false, handleSIGTERM: false });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/Executable doesn't exist/i.test(message)) {
      throw new BrowserNotFoundError(`Playwright could not find ${resolved.executablePath ?? 'its browser'}.`);
    }
    throw err;
  }
}
