import { Option, type Command } from 'commander';
import { SCREENSHOT_MODES } from '../config/schema.ts';
import { InputError } from '../errors.ts';
import { SEVERITY_ORDER, type Severity } from '../model/finding.ts';
import type { AuditOptions } from '../pipeline.ts';

/** The flags `run` and `demo` share. */
export function auditFlags(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'config file (default: mystery-shopper.config.ts in the current folder)')
    .option(...BASE_URL_FLAG)
    .option('--concurrency <n>', 'runs at once, as contexts of one browser')
    .option('-g, --grep <pattern>', 'only journeys whose id, name or @tag matches')
    .option(...PERSONA_FLAG)
    .option('-o, --out <dir>', 'folder for report folders (default: reports)')
    .option('--headed', 'show the browser')
    .addOption(new Option('--screenshots <mode>', 'screenshot each step, only failures, or none').choices([...SCREENSHOT_MODES]))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe (default: major)').choices([...SEVERITY_ORDER]));
}

/**
 * `--base-url <url>`: the site to audit. Repeated (`run --base-url A --base-url B`), each site is
 * audited in turn and the scorecards are compared side by side (src/compare/). Never split on
 * commas: a URL may hold one.
 */
export const BASE_URL_FLAG = [
  '--base-url <url>',
  'the site to audit (overrides the config); repeat it to audit several sites and compare them',
  (value: string, previous: string[] = []) => [...previous, value],
] as const;

/**
 * `--persona alex --persona sam` or `--persona alex,sam`: only runs of these personas. Repeatable
 * and comma-separated both, since either is what people type (as with --friction's list).
 */
export const PERSONA_FLAG = [
  '--persona <names>',
  'only runs of these personas (comma-separated or repeated)',
  (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((n) => n.trim()).filter(Boolean)],
] as const;

/** The audit's options from the flags; `baseURLs` lists every --base-url given (`baseURL` is the one, when only one is). */
export function parseAuditFlags(raw: Record<string, unknown>): Omit<AuditOptions, 'cwd'> & { baseURLs: string[] } {
  let concurrency: number | undefined;
  if (raw.concurrency !== undefined) {
    concurrency = Number(raw.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 100) {
      throw new InputError(`--concurrency expects a whole number from 1 to 100, got "${String(raw.concurrency)}"`);
    }
  }
  const baseURLs = raw.baseUrl === undefined ? [] : Array.isArray(raw.baseUrl) ? (raw.baseUrl as string[]) : [String(raw.baseUrl)];
  return {
    configFile: raw.config as string | undefined,
    baseURL: baseURLs.length === 1 ? baseURLs[0] : undefined,
    baseURLs,
    concurrency,
    grep: raw.grep as string | undefined,
    personas: raw.persona as string[] | undefined,
    out: raw.out as string | undefined,
    headed: Boolean(raw.headed),
    screenshots: raw.screenshots as AuditOptions['screenshots'],
    failOn: raw.failOn as Severity | undefined,
  };
}
