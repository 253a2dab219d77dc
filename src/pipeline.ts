// The audit, end to end and in one direction:
// config + journeys → plan → execute (runs.jsonl) → analyse → scorecard → reporters.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { loadEnv, type LoadedEnv } from './config/env.ts';
import { loadConfig } from './config/load.ts';
import { FindingKind, REPORT_FORMATS, type Config } from './config/schema.ts';
import { InputError, InputErrors } from './errors.ts';
import { analyse, analyseChannels, resolveRules } from './friction/analyse.ts';
import { builtInRules } from './friction/rules/index.ts';
import { firstPartyHosts } from './runner/first-party.ts';
import { loadJourneys, type LoadedJourney } from './journeys/load.ts';
import { Severity, type Finding } from './model/finding.ts';
import { DEFAULT_CHECK_FINDING, RUN_RECORD_SCHEMA_VERSION, RunRecord } from './model/run-record.ts';
import { upgradeRunRecord } from './model/upgrade.ts';
import type { Scorecard } from './model/scorecard.ts';
import { atLeast } from './model/finding.ts';
import type { ChannelAudit } from './channels/channel.ts';
import type { ResumeMailbox, Settled } from './resume.ts';
import type { HistoryRequest } from './history/index.ts';
import { channels as allChannels } from './channels/index.ts';
import type { ExecuteResult } from './runner/execute.ts';
import type { Browser } from 'playwright';
import { plan } from './runner/plan.ts';
import type { PlannedRun } from './model/planned-run.ts';
import { remoteBrowser, type RemoteBrowser } from './runner/browser.ts';
import { redact } from './runner/redact.ts';
import { RunWriter } from './runner/writer.ts';
import { applyShard, ShardMeta, shardRuns, type Shard } from './runner/shard.ts';
import { TOOL_VERSION } from './version.ts';

export const RUNS_FILE = 'runs.jsonl';
/** The rules `--fail-on-regression` fails on: this audit against the earlier ones. */
export const REGRESSION_RULES = ['slow-down', 'page-changed'] as const;
export const META_FILE = 'meta.json';

/** What stopped an audit before its end: a signal, the caller's AbortSignal, or an error. */
export const StopCause = z.enum(['SIGINT', 'SIGTERM', 'abort', 'error']);
export type StopCause = z.infer<typeof StopCause>;

/**
 * What `report DIR` needs besides runs.jsonl to rebuild the same scorecard. Written when the
 * audit starts (with `planned`, without `finishedAt`) and again when it ends, so the folder of
 * an audit that never ended (kill -9, a crash) is recognisably unfinished.
 */
export const ReportMeta = z.object({
  toolVersion: z.string(),
  target: z.string(),
  startedAt: z.string(),
  /** Absent until the audit ends: a folder without it holds an audit that never finished. */
  finishedAt: z.string().optional(),
  /** Runs the audit planned (absent in folders written before it was recorded). */
  planned: z.number().int().nonnegative().optional(),
  /** Why the audit stopped before every planned run finished. */
  stopped: z.object({ by: StopCause, message: z.string().optional() }).optional(),
  configHash: z.string(),
  failOn: Severity,
  rules: z.record(z.string(), z.record(z.string(), z.unknown())),
  /** The config's own kinds of finding (for checks), so a rebuild titles them the same. */
  findings: z.record(z.string(), FindingKind).default({}),
  reporters: z.array(z.string()),
  interrupted: z.boolean().default(false),
  /**
   * What each channel needs to be opened again by `resume`, by channel: for email, where the
   * audit read its mail (the SMTP inbox's address, or the real mailbox's server, folder and
   * address; resume logs in again with the config's login and .env). Never a login or a password.
   */
  channels: z.record(z.string(), z.unknown()).optional(),
  /** Before version 0.6: the email channel's entry, now `channels.email`. */
  email: z.unknown().optional(),
  /** When `resume` last settled pending waits of this audit. */
  resumedAt: z.string().optional(),
  /** `--label`s of this audit (after-hours…): history compares audits with the same labels. */
  labels: z.array(z.string()).optional(),
  /** `--fail-on-regression`: findings of these rules fail the audit whatever their severity. */
  failOnRules: z.array(z.string()).optional(),
  /** The history store this audit was recorded in, so `resume` records it again there. */
  history: z.object({ store: z.string(), site: z.string().optional(), audits: z.number().int().positive(), baselineAudits: z.number().int().positive().default(10) }).optional(),
  /** A shard of an audit (`run --shard i/n`): which one, and what `merge` checks its fellow shards by. */
  shard: ShardMeta.optional(),
  /** Written by `merge`: the shard folders this report combines (as named to merge), in shard order. */
  merged: z.array(z.string()).optional(),
});
export type ReportMeta = z.infer<typeof ReportMeta>;

export interface AuditOptions {
  cwd: string;
  configFile?: string;
  /** Journey files or folders; default: the config's `journeys`. */
  paths?: string[];
  baseURL?: string;
  concurrency?: number;
  grep?: string;
  /** Only runs of these personas (`--persona`); each must be one of the config's. */
  personas?: string[];
  out?: string;
  /**
   * The report folder itself, instead of a new one named after the start time under `out`
   * (`run --base-url A --base-url B` puts one per site inside the comparison's folder). Created
   * here; it must not exist yet. No `latest` link is made for it.
   */
  reportDir?: string;
  headed?: boolean;
  screenshots?: Config['screenshots'];
  /** `--trace`: overrides the config's `trace` (docs/traces.md). */
  trace?: Config['trace'];
  failOn?: Severity;
  onPlanned?: (runs: PlannedRun[], settings: { concurrency: number }) => void;
  onRunStart?: (run: PlannedRun) => void;
  onRunEnd?: (record: RunRecord) => void;
  signal?: AbortSignal;
  /**
   * Channels the caller started already (the demo starts the email inbox before Acme, so Acme can
   * be told where to send mail): used instead of starting those channels, and left to the caller to stop.
   */
  channels?: ChannelAudit[];
  /** `--label`: tags for this audit (after-hours…); history compares audits with the same labels. */
  labels?: string[];
  /** `--baseline DIR`: judge regressions against this report folder instead of the last audits. */
  baseline?: string;
  /** `--no-history`: neither compare with earlier audits nor record this one. */
  history?: boolean;
  /** `--fail-on-regression`: a slow-down or page-changed finding fails the audit whatever its severity. */
  failOnRegression?: boolean;
  /** `--shard i/n`: run only this shard of the planned runs (src/runner/shard.ts). */
  shard?: Shard;
}

export interface AuditResult {
  dir: string;
  htmlPath: string;
  scorecard: Scorecard;
  /** Findings at or above failOn: a non-empty list fails the audit. */
  failing: Finding[];
  /** A signal (or the caller's AbortSignal) stopped the audit. */
  interrupted: boolean;
  /** What stopped it before its end, if anything did. Whether every planned run finished is `scorecard.completeness`. */
  stoppedBy?: StopCause;
  /** Why this audit was not compared with earlier ones (the history store could not be used). */
  historyWarning?: string;
}

export interface PreparedAudit {
  config: Config;
  journeys: LoadedJourney[];
  /** Planned with the channels' placeholder values: enough to validate and list. */
  runs: PlannedRun[];
  /** Plans again with the values of the channels actually started. */
  replan(templateExtras: (persona: string, journeyId: string) => Record<string, unknown>): PlannedRun[];
  baseURL: string;
  root: string;
  /** The config file as the user named it (relative to the working folder), for errors; undefined on defaults. */
  configFile?: string;
  /** The environment and .env: channels read their credentials there (a real mailbox's password). */
  env: LoadedEnv;
  /**
   * With `opts.shard`: `runs` and `replan` give the shard's runs; `meta` is what meta.json records of
   * the split, `secrets` the whole plan's, so every shard hashes the config as the whole audit would.
   */
  shard?: { meta: ShardMeta; secrets: string[] };
}

const placeholderValues = (persona: string, journeyId: string) => Object.assign({}, ...allChannels.map((c) => c.placeholderValues?.(persona, journeyId) ?? {}));

/** Loads and checks everything the audit needs. Any InputError here means nothing has run. */
/** `onConfig` is told the config as soon as it is read, before the journeys load (`run` starts the browser then). */
export async function prepareAudit(opts: AuditOptions, onConfig?: (config: Config) => void): Promise<PreparedAudit> {
  const { config, root, file } = await loadConfig(opts.cwd, opts.configFile);
  const configFile = file === undefined ? undefined : isAbsolute(opts.configFile ?? '') ? file : relative(opts.cwd, file);
  onConfig?.(config);
  const env = loadEnv(opts.cwd, config.secrets);
  const journeyPaths = opts.paths?.length ? opts.paths.map((p) => resolve(opts.cwd, p)) : config.journeys.map((p) => resolve(root, p));
  const journeys = await loadJourneys(journeyPaths, opts.cwd);
  resolveRules(config.rules); // bad rule settings fail now, not after the runs
  let grep: RegExp | undefined;
  if (opts.grep) {
    try {
      grep = new RegExp(opts.grep, 'i');
    } catch (err) {
      throw new InputError(`--grep is not a valid regular expression: ${(err as Error).message}`);
    }
  }
  const findingKinds = new Set([...builtInRules.map((r) => r.id), DEFAULT_CHECK_FINDING, ...Object.keys(config.findings)]);
  const replan = (templateExtras: (persona: string, journeyId: string) => Record<string, unknown>) =>
    plan(journeys, config, env, { grep, personas: opts.personas, templateExtras, findingKinds });
  const all = replan(placeholderValues);
  if (all.length === 0) {
    const persona = opts.personas?.length ? `--persona ${opts.personas.join(',')}` : undefined;
    throw new InputError(
      opts.grep ? `no journey matches --grep ${opts.grep}${persona ? ` with ${persona}` : ''}` : persona ? `no journey runs for ${persona} (journeys may name their own personas)` : 'no runs planned',
    );
  }
  const baseURL = opts.baseURL ?? env.values.MYSTERY_SHOPPER_BASE_URL ?? config.baseURL;
  if (!baseURL) throw new InputError('no base URL: pass --base-url, set baseURL in the config, or set MYSTERY_SHOPPER_BASE_URL');
  try {
    new URL(baseURL);
  } catch {
    throw new InputError(`the base URL is not a URL: ${baseURL}`);
  }
  // A shard is taken once the whole plan is known to be good: a shard with no runs is no error.
  if (!opts.shard) return { config, journeys, runs: all, replan, baseURL, root, configFile, env };
  const sharded = applyShard(all, opts.shard);
  const shard = opts.shard;
  const secrets = [...new Set(all.flatMap((r) => r.secrets))];
  return { config, journeys, runs: sharded.runs, replan: (extras) => shardRuns(replan(extras), shard), baseURL, root, configFile, env, shard: { meta: sharded.meta, secrets } };
}

/**
 * The folder for report folders must be a folder, or not exist yet under one: a file there (or
 * in its path) is bad input, found before anything runs. `shown` is how the user named it.
 */
export function checkOutFolder(outRoot: string, shown: string): void {
  for (let p = outRoot; ; ) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new InputError(`${shown}: cannot use ${p} for reports: ${(err as Error).message}`);
      const parent = dirname(p);
      if (parent === p) return;
      p = parent;
      continue;
    }
    if (isDir) return;
    throw new InputError(p === outRoot ? `${shown} is a file, not a folder for reports: ${p}` : `${shown}: ${p} is a file, not a folder, so ${outRoot} cannot hold reports`);
  }
}

/** A report folder's name: its start time, to the second, as a file name (`2026-12-02T15-03-06Z`). */
export const reportStamp = (startedAt: Date): string => startedAt.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');

/**
 * A new report folder named after the start time, never reusing one: created with an exclusive
 * mkdir of the final path (another audit starting the same second gets EEXIST and takes the next
 * suffix), never an exists-check followed by a mkdir that another process could race.
 */
export function newReportDir(outRoot: string, startedAt: Date): string {
  const stamp = reportStamp(startedAt);
  try {
    mkdirSync(outRoot, { recursive: true });
  } catch (err) {
    throw new InputError(`cannot create the folder for reports ${outRoot}: ${(err as Error).message}`);
  }
  for (let n = 1; ; n++) {
    const dir = join(outRoot, n === 1 ? stamp : `${stamp}-${n}`);
    try {
      mkdirSync(dir);
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new InputError(`cannot create the report folder ${dir}: ${(err as Error).message}`);
    }
  }
}

/** A report folder at an exact place (its parent is made when missing); one that exists already is refused. */
export function newFolder(dir: string): string {
  try {
    mkdirSync(dirname(dir), { recursive: true });
    mkdirSync(dir);
    return dir;
  } catch (err) {
    throw new InputError(`cannot create the report folder ${dir}: ${(err as Error).message}`);
  }
}

export const writeMeta = (dir: string, meta: ReportMeta): void => writeFileSync(join(dir, META_FILE), `${JSON.stringify(meta, null, 2)}\n`);

/** The cause of an abort: the CLI aborts with the signal's name as the reason. */
export const stopCauseOf = (reason: unknown): StopCause => (reason === 'SIGINT' || reason === 'SIGTERM' ? reason : 'abort');

/** Why an audit did not run to its end, in plain words, from its meta.json; undefined when it did. */
export function stopReason(meta: ReportMeta): string | undefined {
  switch (meta.stopped?.by) {
    case 'SIGINT':
      return 'stopped by Ctrl-C (SIGINT)';
    case 'SIGTERM':
      return 'stopped by SIGTERM';
    case 'abort':
      return 'stopped by its caller';
    case 'error':
      return `stopped by an error: ${meta.stopped.message ?? 'unknown'}`;
  }
  if (meta.interrupted) return 'interrupted';
  if (meta.finishedAt === undefined) return 'the audit never finished (its process ended early, e.g. killed)';
  return undefined;
}

/** meta.json as an audit (or an explore) starts: what `report DIR` needs to judge its runs again. */
export function startMeta(config: Config, o: { target: string; startedAt: Date; secrets: string[]; failOn?: Severity; planned: number }): ReportMeta {
  return {
    toolVersion: TOOL_VERSION,
    target: redact(o.target, o.secrets),
    startedAt: o.startedAt.toISOString(),
    configHash: configHash(config, o.secrets),
    failOn: o.failOn ?? config.failOn,
    rules: config.rules,
    findings: config.findings,
    reporters: config.reporters,
    interrupted: false,
    planned: o.planned,
  };
}

function configHash(config: Config, secrets: string[]): string {
  return createHash('sha256').update(JSON.stringify(redact(config, secrets))).digest('hex').slice(0, 16);
}

export async function runAudit(opts: AuditOptions): Promise<AuditResult> {
  // Chromium starts while the journeys load and the runs are planned: its start-up overlaps ours.
  let launched: Promise<Browser> | undefined;
  try {
    const prepared = await prepareAudit(opts, (config) => (launched = launchEarly(browserOptions(config, opts))));
    return await auditWith(prepared, opts, launched);
  } finally {
    // execute() closes the browser it used; this closes one that bad input or a stop left unused.
    await launched?.then((b) => b.close()).catch(() => undefined);
  }
}

/**
 * A `history.masks` selector Playwright cannot parse would cost every run its screenshots: bad input
 * (exit 2), found on the audit's browser before anything runs. A browser that cannot start is left
 * for execute() to report, as without masks.
 */
async function checkMasks(masks: readonly string[], launched: Promise<Browser> | undefined, configFile: string | undefined): Promise<void> {
  const browser = masks.length ? await launched?.catch(() => undefined) : undefined;
  if (!browser) return;
  const { unusableMasks } = await import('./runner/masks.ts');
  const unusable = await unusableMasks(browser, masks);
  if (unusable.length === 0) return;
  const errors = unusable.map(
    (m) => new InputError(`"${m.selector}" is not a selector Playwright can use (${m.reason}); every screenshot would fail with it`, { file: configFile, path: `history.masks[${m.index}]` }),
  );
  throw errors.length === 1 ? errors[0] : new InputErrors(errors);
}

/** The browser the audit launches, or the remote one it connects to (`browser.connect`, MYSTERY_SHOPPER_BROWSER_WS in the environment or .env). */
const browserOptions = (config: Config, opts: AuditOptions) => ({
  executablePath: config.browser.executablePath,
  headless: opts.headed ? false : config.browser.headless,
  connect: remoteBrowser(config.browser.connect, loadEnv(opts.cwd, config.secrets).values),
});

function launchEarly(options: { executablePath?: string; headless: boolean; connect?: RemoteBrowser }): Promise<Browser> {
  const launching = import('./runner/browser.ts').then((m) => m.openBrowser({ explicitPath: options.executablePath, headless: options.headless, connect: options.connect }));
  // A browser that cannot start is reported when execute() needs it, not as an unhandled rejection now.
  launching.catch(() => undefined);
  return launching;
}

async function auditWith(prepared: PreparedAudit, opts: AuditOptions, launched: Promise<Browser> | undefined): Promise<AuditResult> {
  const { config, baseURL } = prepared;
  let runs = prepared.runs;
  const concurrency = opts.concurrency ?? config.concurrency;
  const outRoot = resolve(opts.cwd, opts.out ?? config.out);
  checkOutFolder(outRoot, opts.out !== undefined ? `--out ${opts.out}` : `the config's out (${config.out})`);
  // A pinned baseline that is not a report folder is bad input, found before anything runs.
  // A shard is neither judged against history nor recorded: `merge` does both for the whole audit.
  const history = historyRequest(prepared.config, { root: prepared.root, cwd: opts.cwd, outRoot, labels: opts.labels, baseline: opts.baseline, enabled: opts.history !== false && !prepared.shard });
  await checkMasks(config.history.masks, launched, prepared.configFile);
  opts.onPlanned?.(runs, { concurrency });
  const startedAt = new Date();
  const secrets = prepared.shard?.secrets ?? [...new Set(runs.flatMap((r) => r.secrets))];
  // Channels (an SMTP inbox…) live for the whole audit; their real values replace the placeholders.
  const channelAudits: ChannelAudit[] = [];
  let dir: string | undefined;
  let meta!: ReportMeta;
  let executed: ExecuteResult | undefined;
  let failure: { error: unknown } | undefined;
  try {
    // Started before the report folder exists, so a channel that cannot start (a taken port) leaves nothing behind.
    for (const channel of allChannels) {
      const startedByCaller = opts.channels?.some((a) => a.channel === channel.name);
      if (!startedByCaller && channel.startAudit && channel.neededBy?.(runs)) channelAudits.push(await channel.startAudit({ config, env: prepared.env, baseURL }));
    }
    meta = {
      ...startMeta(config, { target: baseURL, startedAt, secrets, failOn: opts.failOn, planned: runs.length }),
      ...(prepared.shard && { shard: prepared.shard.meta }),
      ...(opts.labels?.length && { labels: opts.labels }),
      ...(opts.failOnRegression && { failOnRules: [...REGRESSION_RULES] }),
      ...historyMeta(history),
      ...channelsMeta([...(opts.channels ?? []), ...channelAudits]),
    };
    dir = opts.reportDir ? newFolder(resolve(opts.cwd, opts.reportDir)) : newReportDir(outRoot, startedAt);
    writeMeta(dir, meta);
    const active = [...(opts.channels ?? []), ...channelAudits];
    runs = prepared.replan((persona, journeyId) => Object.assign({}, ...active.map((a) => a.templateValues?.(persona, journeyId) ?? {})));
    executed = await executeRuns(dir, new RunWriter(join(dir, RUNS_FILE)));
  } catch (err) {
    // Before the report folder exists nothing has run: the error is all there is to say.
    if (dir === undefined) throw err;
    failure = { error: err };
  } finally {
    await Promise.all(channelAudits.map((a) => a.stop().catch(() => undefined)));
  }
  if (failure || !executed) {
    // The runs that finished are in runs.jsonl: say why the audit stopped and write their report, then fail.
    const message = failure?.error instanceof Error ? failure.error.message : String(failure?.error);
    const stopped: ReportMeta = { ...meta, finishedAt: new Date().toISOString(), stopped: { by: 'error', message: message.split('\n')[0] } };
    try {
      writeMeta(dir, stopped);
      const runsFile = join(dir, RUNS_FILE);
      await finishReport(dir, existsSync(runsFile) ? readRunRecords(runsFile, runsFile) : [], stopped);
    } catch {
      // The original error matters more than a report of the runs before it.
    }
    throw failure?.error;
  }
  const { records, interrupted } = executed;
  const finished: ReportMeta = {
    ...meta,
    finishedAt: new Date().toISOString(),
    interrupted,
    ...(interrupted && { stopped: { by: stopCauseOf(opts.signal?.reason) } }),
  };
  writeMeta(dir, finished);
  return finishReport(dir, records, finished, opts.reportDir ? undefined : outRoot, history);

  async function executeRuns(outDir: string, writer: RunWriter) {
    // Loaded here so that validate, list and report never load the browser driver.
    const { execute } = await import('./runner/execute.ts');
    return execute(runs, {
    baseURL,
    outDir,
    screenshots: opts.screenshots ?? config.screenshots,
    trace: opts.trace ?? config.trace,
    patienceMs: config.patienceMs,
    lookMs: config.lookMs,
    errorPatienceMs: config.errorPatienceMs,
    journeyTimeoutMs: config.journeyTimeoutMs,
    waitInAuditMs: config.waitInAuditMs,
    maxObservations: config.maxObservations,
    firstPartyHosts: firstPartyHosts(baseURL, config.firstParty),
    dialogs: config.dialogs,
    dismiss: config.dismiss,
    consent: config.consent,
    ...(config.allowedOrigins ? { allowedOrigins: config.allowedOrigins } : {}),
    viewport: config.browser.viewport,
    pageHealth: config.pageHealth,
    screenshotMasks: config.history.masks,
    downloads: config.downloads,
    concurrency,
    browser: { ...browserOptions(config, opts), launched },
    testIdAttribute: config.testIdAttribute,
    writer,
    onRunStart: opts.onRunStart,
    onRunEnd: opts.onRunEnd,
    signal: opts.signal,
    channels: [...(opts.channels ?? []), ...channelAudits],
    });
  }
}

/**
 * What a new audit asks of the history store (config `history`, `--label`, `--baseline`,
 * `--no-history`): undefined when history is off. The store defaults to history.sqlite beside the
 * report folders. A pinned baseline must be a report folder.
 */
export function historyRequest(
  config: Config,
  o: { root: string; cwd: string; outRoot: string; labels?: string[]; baseline?: string; enabled?: boolean; record?: boolean },
): HistoryRequest | undefined {
  if (o.enabled === false || !config.history.enabled) return undefined;
  const pinnedArg = o.baseline ?? config.history.baseline;
  const pinned = o.baseline !== undefined ? resolve(o.cwd, o.baseline) : config.history.baseline !== undefined ? resolve(o.root, config.history.baseline) : undefined;
  if (pinned !== undefined && !existsSync(join(pinned, RUNS_FILE))) {
    throw new InputError(`${o.baseline !== undefined ? '--baseline' : "the config's history.baseline"} ${pinnedArg} is not a report folder (no ${RUNS_FILE} in ${pinned})`, o.baseline !== undefined ? {} : { path: 'history.baseline' });
  }
  return {
    store: config.history.path !== undefined ? resolve(o.root, config.history.path) : join(o.outRoot, 'history.sqlite'),
    labels: o.labels ?? [],
    ...(config.history.site !== undefined ? { site: config.history.site } : {}),
    audits: config.history.audits,
    baselineAudits: config.history.baselineAudits,
    ...(pinned !== undefined ? { pinned } : {}),
    baseline: 'find',
    record: o.record ?? true,
  };
}

/** What meta.json keeps of the history request, so `resume` records the audit again in the same store. */
export const historyMeta = (h: HistoryRequest | undefined): Pick<ReportMeta, 'history'> =>
  h ? { history: { store: h.store, ...(h.site !== undefined && { site: h.site }), audits: h.audits, baselineAudits: h.baselineAudits } } : {};

/** What each channel started for the audit tells `resume` about itself (`ChannelAudit.meta`). */
function channelsMeta(audits: ChannelAudit[]): Pick<ReportMeta, 'channels'> {
  const entries = audits.flatMap((a) => {
    const meta = a.meta?.();
    return meta === undefined ? [] : [[a.channel, meta] as const];
  });
  return entries.length ? { channels: Object.fromEntries(entries) } : {};
}

/** Rebuilds the scorecard of a report folder from its runs.jsonl, running nothing. */
export async function rebuildReport(dirArg: string, cwd: string, failOn?: Severity): Promise<AuditResult> {
  const { dir, records, meta } = readReport(dirArg, cwd, failOn);
  return finishReport(dir, records, meta);
}

export interface ResumeOptions {
  failOn?: Severity;
  /** Keep looking this long for mail still to come (ms); 0: settle what is there now. */
  waitMs?: number;
  /** The mailbox to look in (a caller's inbox, or a real mailbox); default: the audit's SMTP inbox, listening again where it listened. */
  mailbox?: ResumeMailbox;
  /** The config file, for a real mailbox (provider imap) whose logins resume reads again; default: the one in cwd. */
  configFile?: string;
  /** Told how many waits are pending before the mailbox opens. */
  onPending?: (lines: string[]) => void;
}

export interface ResumeResult extends AuditResult {
  /** Waits pending before this resume (0: nothing to do). */
  pendingBefore: number;
  settled: Settled;
  /** What is still pending, one line each. */
  stillPending: string[];
}

/**
 * Settles the waits an audit left pending (see src/resume.ts): looks for the awaited mail,
 * rewrites runs.jsonl with the arrivals, and rebuilds the scorecard. Nothing runs in a browser.
 */
export async function resumeAudit(dirArg: string, cwd: string, opts: ResumeOptions = {}): Promise<ResumeResult> {
  const { settleFromMailbox, describePending } = await import('./resume.ts');
  const { stillPending } = await import('./model/pending.ts');
  const { dir, meta, ...read } = readReport(dirArg, cwd, opts.failOn);
  let records = read.records;
  const pendingBefore = records.reduce((n, r) => n + stillPending(r.pending).length, 0);
  let settled = { arrived: 0, missing: 0, left: 0 };
  let resumed = meta;
  if (pendingBefore > 0) {
    opts.onPending?.(describePending(records));
    const { reopenAuditMailbox } = await import('./channels/email/channel.ts');
    const { mailbox, secrets } = opts.mailbox
      ? { mailbox: opts.mailbox, secrets: [] }
      : await reopenAuditMailbox(meta.channels?.email ?? meta.email, { shown: dirArg, cwd, configFile: opts.configFile });
    try {
      settled = await settleFromMailbox(records, mailbox, opts.waitMs ?? 0);
    } finally {
      if (!opts.mailbox) await mailbox.close();
    }
    // The mail resume adds is scrubbed of the secrets it knows (the mailbox's password, .env's secrets).
    if (secrets.length) records = redact(records, secrets);
    const { writeFileAtomicSync } = await import('./report/reporter.ts');
    const written = records;
    writeFileAtomicSync(join(dir, RUNS_FILE), (fd) => writeSync(fd, written.map((r) => `${JSON.stringify(r)}\n`).join('')));
    resumed = { ...meta, resumedAt: new Date().toISOString() };
    writeMeta(dir, resumed);
  }
  // Recorded again in the store it was recorded in, judged against the same baseline.
  const again: HistoryRequest | undefined = meta.history && { store: meta.history.store, ...(meta.history.site !== undefined && { site: meta.history.site }), labels: meta.labels ?? [], audits: meta.history.audits, baselineAudits: meta.history.baselineAudits, baseline: 'reuse', record: true };
  const result = await finishReport(dir, records, resumed, undefined, again);
  return { ...result, pendingBefore, settled, stillPending: describePending(records) };
}

/** A report folder's run records and meta.json (an InputError when it is not a report folder). */
function readReport(dirArg: string, cwd: string, failOn?: Severity): { dir: string; records: RunRecord[]; meta: ReportMeta } {
  const dir = resolve(cwd, dirArg);
  const runsFile = join(dir, RUNS_FILE);
  if (!existsSync(runsFile)) throw new InputError(`no ${RUNS_FILE} in ${dirArg}`);
  const records = readRunRecords(runsFile, join(dirArg, RUNS_FILE));
  const metaFile = join(dir, META_FILE);
  let meta: ReportMeta;
  if (existsSync(metaFile)) {
    const parsed = ReportMeta.safeParse(JSON.parse(readFileSync(metaFile, 'utf8')));
    if (!parsed.success) throw new InputError(`${META_FILE} is not valid: ${parsed.error.issues[0]?.message}`, { file: join(dirArg, META_FILE) });
    meta = parsed.data;
  } else {
    const first = records[0]?.startedAt ?? new Date(0).toISOString();
    // Without meta.json nothing says what was planned or whether the audit ended: the runs are taken as all there were.
    meta = { toolVersion: TOOL_VERSION, target: 'unknown', startedAt: first, finishedAt: first, configHash: 'unknown', failOn: 'major', rules: {}, findings: {}, reporters: [...REPORT_FORMATS], interrupted: false };
  }
  if (failOn) meta = { ...meta, failOn };
  return { dir, records, meta };
}

/** Reads runs.jsonl; a line that is not a valid run record is an InputError naming its line. */
export function readRunRecords(file: string, shown: string): RunRecord[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const records: RunRecord[] = [];
  const errors: InputError[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      // A crash mid-write can leave a torn last line; everything before it is intact.
      if (i === lines.length - 1 || (i === lines.length - 2 && lines[lines.length - 1] === '')) return;
      errors.push(new InputError('not valid JSON', { file: shown, line: i + 1 }));
      return;
    }
    const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
    if (typeof version === 'number' && version > RUN_RECORD_SCHEMA_VERSION) {
      errors.push(new InputError(`a run record of version ${version}, newer than this mystery-shopper reads (${RUN_RECORD_SCHEMA_VERSION}): rebuild it with a newer version`, { file: shown, line: i + 1, path: 'schemaVersion' }));
      return;
    }
    const parsed = RunRecord.safeParse(upgradeRunRecord(json));
    if (parsed.success) records.push(parsed.data);
    else {
      const issue = parsed.error.issues[0];
      errors.push(new InputError(`not a run record: ${issue?.message}`, { file: shown, line: i + 1, path: issue?.path.join('.') }));
    }
  });
  if (errors.length) throw new InputErrors(errors);
  return records;
}

/**
 * Judges run records and writes the report folder's scorecard in every format: the end of an
 * audit, of `report DIR`, of `resume` and of `explore`. `outRoot`: point its `latest` link here.
 */
export async function finishReport(dir: string, records: RunRecord[], meta: ReportMeta, outRoot?: string, history?: HistoryRequest): Promise<AuditResult> {
  // Loaded here so that validate and list never load the reporters, the history store or the image diff.
  const { buildScorecard, writeReports } = await import('./report/index.ts');
  const { historyAtEnd } = await import('./history/index.ts');
  // Earlier audits of the site: what regressions are judged against (without a request, what this folder was judged with).
  const past = historyAtEnd(dir, records, { target: meta.target, startedAt: meta.startedAt, readRecords: (d) => readRunRecords(join(d, RUNS_FILE), join(d, RUNS_FILE)) }, history);
  // The channels' analyses, once, with the configured options: the rules and the scorecard read the same.
  const analyses = analyseChannels(records, meta.rules);
  const findings = analyse(records, meta.rules, undefined, meta.findings, analyses, past.baseline);
  const scorecard = buildScorecard({
    runs: records,
    findings,
    analyses,
    meta: {
      toolVersion: meta.toolVersion,
      target: meta.target,
      startedAt: meta.startedAt,
      finishedAt: meta.finishedAt ?? meta.startedAt,
      configHash: meta.configHash,
      failOn: meta.failOn,
      ...(meta.failOnRules && { failOnRules: meta.failOnRules }),
      ...(meta.planned !== undefined && { planned: meta.planned }),
      ...optionalReason(stopReason(meta)),
    },
  });
  past.finish(scorecard, records);
  await writeReports(scorecard, dir, meta.reporters);
  if (outRoot) pointLatestAt(outRoot, dir);
  return {
    dir,
    htmlPath: join(dir, 'index.html'),
    scorecard,
    failing: findings.filter((f) => atLeast(f.severity, meta.failOn) || meta.failOnRules?.includes(f.ruleId)),
    interrupted: meta.interrupted,
    ...(meta.stopped && { stoppedBy: meta.stopped.by }),
    ...(past.warning && { historyWarning: past.warning }),
  };
}

const optionalReason = (reason: string | undefined): { stopped?: string } => (reason === undefined ? {} : { stopped: reason });

/** reports/latest → the newest report: a relative symlink, or a copy where links are not allowed. */
export function pointLatestAt(outRoot: string, dir: string): void {
  const latest = join(outRoot, 'latest');
  const tmp = join(outRoot, `.latest-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    symlinkSync(basename(dir), tmp, 'dir');
  } catch {
    cpSync(dir, tmp, { recursive: true });
  }
  rmSync(latest, { recursive: true, force: true });
  renameSync(tmp, latest);
}
