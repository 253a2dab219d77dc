import { appendFileSync, lstatSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CONFIG_NAMES } from '../config/load.ts';
import { InputError } from '../errors.ts';
import {
  CI_WORKFLOW,
  configFile,
  ENV_EXAMPLE,
  FIND_CONTACT_JOURNEY,
  GITIGNORE_HEADER,
  GITIGNORE_LINES,
  NEW_GITIGNORE_LINES,
} from './templates.ts';

export interface InitOptions {
  /** The project folder; created when missing. */
  dir: string;
  /** Checked with `checkBaseURL`; without it the config's baseURL is left for the user to set. */
  baseURL?: string;
  /** Overwrite files that exist (never .gitignore, which is only appended to). */
  force?: boolean;
}

/** What happened to one file, for the user to read. */
export type InitOutcome = 'written' | 'overwritten' | 'kept' | 'appended' | 'unchanged';

export interface InitFile {
  /** Relative to the project folder, with forward slashes. */
  path: string;
  outcome: InitOutcome;
  /** Why a file was kept, or which lines were appended. */
  detail?: string;
}

export interface InitResult {
  files: InitFile[];
  /** Whether the config's import of 'mystery-shopper' can resolve (once `npm install`ed), or what is missing. */
  packageJson: 'missing' | 'without-tool' | 'with-tool';
}

export const CONFIG_FILE = 'mystery-shopper.config.ts';
export const JOURNEY_FILE = 'journeys/find-contact.journey.yaml';
export const ENV_EXAMPLE_FILE = '.env.example';
export const GITIGNORE_FILE = '.gitignore';
export const WORKFLOW_FILE = '.github/workflows/mystery-shopper.yml';

/** An http(s) address with a host and no credentials (the config is committed), normalised. */
export function checkBaseURL(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InputError(`--base-url expects the address of the site to audit, such as https://shop.example.com, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`--base-url expects an http:// or https:// address, got "${raw}"`);
  }
  if (!url.hostname) throw new InputError(`--base-url has no host name: "${raw}"`);
  if (url.username || url.password) {
    throw new InputError(
      '--base-url has a user name or password in it, which would be written to mystery-shopper.config.ts and committed: give the address without them and put the full one in .env as MYSTERY_SHOPPER_BASE_URL',
    );
  }
  return url.href;
}

/** True when something (even a dangling link) is at `path`: init never writes through it. */
function taken(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function write(root: string, rel: string, text: string): void {
  const abs = join(root, rel);
  try {
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  } catch (err) {
    throw new InputError(`cannot write ${rel}: ${(err as Error).message}`);
  }
}

/** A file init owns the contents of: written when absent, kept when present unless --force. */
function placeFile(root: string, rel: string, text: string, force: boolean): InitFile {
  if (taken(join(root, rel))) {
    if (!force) return { path: rel, outcome: 'kept', detail: 'exists: use --force to overwrite' };
    write(root, rel, text);
    return { path: rel, outcome: 'overwritten' };
  }
  write(root, rel, text);
  return { path: rel, outcome: 'written' };
}

/** `/reports/`, `reports`, `reports/*` and `reports/**` all ignore the reports folder. */
const ignoreKey = (line: string) => line.trim().replace(/^\//, '').replace(/\/\*{1,2}$/, '').replace(/\/$/, '');

/**
 * Adds the lines .gitignore lacks at its end, under a comment; the user's lines stay as they are.
 * A new .gitignore also ignores node_modules/.
 */
function placeGitignore(root: string): InitFile {
  const abs = join(root, GITIGNORE_FILE);
  if (!taken(abs)) {
    write(root, GITIGNORE_FILE, [GITIGNORE_HEADER, ...GITIGNORE_LINES, ...NEW_GITIGNORE_LINES, ''].join('\n'));
    return { path: GITIGNORE_FILE, outcome: 'written' };
  }
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${GITIGNORE_FILE}: ${(err as Error).message}`);
  }
  const present = new Set(text.split(/\r?\n/).filter((l) => l.trim() && !l.trim().startsWith('#')).map(ignoreKey));
  const missing = GITIGNORE_LINES.filter((l) => !present.has(ignoreKey(l)));
  if (missing.length === 0) return { path: GITIGNORE_FILE, outcome: 'unchanged', detail: `already ignores ${GITIGNORE_LINES.join(' and ')}` };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const gap = text.length === 0 ? '' : text.endsWith('\n') ? eol : eol + eol;
  try {
    appendFileSync(abs, `${gap}${[GITIGNORE_HEADER, ...missing].join(eol)}${eol}`);
  } catch (err) {
    throw new InputError(`cannot append to ${GITIGNORE_FILE}: ${(err as Error).message}`);
  }
  return { path: GITIGNORE_FILE, outcome: 'appended', detail: missing.join(', ') };
}

/**
 * Whether the config's `import 'mystery-shopper'` will resolve: the package installed in this
 * folder or one above (as Node looks), else listed in the nearest package.json, else no package.json.
 */
function packageJsonState(root: string): InitResult['packageJson'] {
  let nearest: string | undefined;
  for (let dir = root; ; dir = dirname(dir)) {
    if (taken(join(dir, 'node_modules/mystery-shopper/package.json'))) return 'with-tool';
    if (nearest === undefined && taken(join(dir, 'package.json'))) nearest = join(dir, 'package.json');
    if (dirname(dir) === dir) break;
  }
  if (nearest === undefined) return 'missing';
  try {
    const pkg = JSON.parse(readFileSync(nearest, 'utf8')) as { name?: unknown; dependencies?: Record<string, unknown>; devDependencies?: Record<string, unknown> };
    const listed = pkg.name === 'mystery-shopper' || Boolean(pkg.dependencies?.['mystery-shopper'] ?? pkg.devDependencies?.['mystery-shopper']);
    return listed ? 'with-tool' : 'without-tool';
  } catch {
    return 'without-tool';
  }
}

/**
 * Writes a config, an example journey, .env.example, .gitignore lines and a nightly CI workflow
 * into `dir`. Never overwrites a file without `force`; package.json is only read.
 */
export function initProject(opts: InitOptions): InitResult {
  const root = opts.dir;
  try {
    if (!statSync(root).isDirectory()) throw new InputError(`--dir is a file, not a folder: ${root}`);
  } catch (err) {
    if (err instanceof InputError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new InputError(`cannot use ${root}: ${(err as Error).message}`);
    try {
      mkdirSync(root, { recursive: true });
    } catch (e) {
      throw new InputError(`cannot create ${root}: ${(e as Error).message}`);
    }
  }
  const force = Boolean(opts.force);
  // A config under another name is the project's config: a .ts one beside it would take its place.
  const otherConfig = CONFIG_NAMES.find((n) => n !== CONFIG_FILE && taken(join(root, n)));
  const config: InitFile = otherConfig
    ? { path: CONFIG_FILE, outcome: 'kept', detail: `not written: ${otherConfig} is this project's config` }
    : placeFile(root, CONFIG_FILE, configFile(opts.baseURL), force);
  const files = [
    config,
    placeFile(root, JOURNEY_FILE, FIND_CONTACT_JOURNEY, force),
    placeFile(root, ENV_EXAMPLE_FILE, ENV_EXAMPLE, force),
    placeGitignore(root),
    placeFile(root, WORKFLOW_FILE, CI_WORKFLOW, force),
  ];
  return { files, packageJson: packageJsonState(root) };
}
