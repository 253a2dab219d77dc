import { Option, type Command } from 'commander';
import { SCREENSHOT_MODES } from '../config/schema.ts';
import { InputError } from '../errors.ts';
import { SEVERITY_ORDER, type Severity } from '../model/finding.ts';
import type { AuditOptions } from '../pipeline.ts';

/** The flags `run` and `demo` share. */
export function auditFlags(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'config file (default: mystery-shopper.config.ts in the current folder)')
    .option('--base-url <url>', 'the site to audit (overrides the config)')
    .option('--concurrency <n>', 'runs at once, as contexts of one browser')
    .option('-g, --grep <pattern>', 'only journeys whose id, name or @tag matches')
    .option(...PERSONA_FLAG)
    .option('-o, --out <dir>', 'folder for report folders (default: reports)')
    .option('--headed', 'show the browser')
    .addOption(new Option('--screenshots <mode>', 'screenshot each step, only failures, or none').choices([...SCREENSHOT_MODES]))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe (default: major)').choices([...SEVERITY_ORDER]));
}

/**
 * `--persona alex --persona sam` or `--persona alex,sam`: only runs of these personas. Repeatable
 * and comma-separated both, since either is what people type (as with --friction's list).
 */
export const PERSONA_FLAG = [
  '--persona <names>',
  'only runs of these personas (comma-separated or repeated)',
  (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((n) => n.trim()).filter(Boolean)],
] as const;

export function parseAuditFlags(raw: Record<string, unknown>): Omit<AuditOptions, 'cwd'> {
  let concurrency: number | undefined;
  if (raw.concurrency !== undefined) {
    concurrency = Number(raw.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 100) {
      throw new InputError(`--concurrency expects a whole number from 1 to 100, got "${String(raw.concurrency)}"`);
    }
  }
  return {
    configFile: raw.config as string | undefined,
    baseURL: raw.baseUrl as string | undefined,
    concurrency,
    grep: raw.grep as string | undefined,
    personas: raw.persona as string[] | undefined,
    out: raw.out as string | undefined,
    headed: Boolean(raw.headed),
    screenshots: raw.screenshots as AuditOptions['screenshots'],
    failOn: raw.failOn as Severity | undefined,
  };
}
