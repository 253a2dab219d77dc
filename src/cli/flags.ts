import { Option, type Command } from 'commander';
import { SCREENSHOT_MODES, TRACE_MODES } from '../config/schema.ts';
import { InputError } from '../errors.ts';
import { SEVERITY_ORDER, type Severity } from '../model/finding.ts';
import type { AuditOptions } from '../pipeline.ts';
import { parseShard } from '../runner/shard.ts';

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
    .addOption(new Option('--trace <mode>', 'keep a Playwright trace (secrets redacted) of each run, only of dead ends and errored runs, or none (default: off)').choices([...TRACE_MODES]))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe (default: major)').choices([...SEVERITY_ORDER]))
    .option('--shard <i/n>', 'run only shard i of n of the planned runs (e.g. 1/3, one per CI job); combine the folders with `merge`')
    .option('--label <name>', 'tag this audit (e.g. after-hours; repeatable): history compares audits with the same labels, and the latest of each side by side', (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((x) => x.trim()).filter(Boolean)])
    .option('--baseline <dir>', 'judge regressions (slow-down, page-changed) against this report folder instead of the last audits')
    .option('--no-history', 'neither compare this audit with earlier ones nor record it in the history store')
    .option('--fail-on-regression', 'exit 1 when a step got significantly slower or a page changed since the baseline, whatever the severity');
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
    trace: raw.trace as AuditOptions['trace'],
    ...(Array.isArray(raw.label) && raw.label.length ? { labels: raw.label as string[] } : {}),
    ...(raw.baseline !== undefined && { baseline: String(raw.baseline) }),
    ...(raw.history === false && { history: false }),
    ...(raw.failOnRegression === true && { failOnRegression: true }),
    failOn: raw.failOn as Severity | undefined,
    ...(raw.shard !== undefined && { shard: parseShard(String(raw.shard)) }),
  };
}
