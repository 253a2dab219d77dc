// A Playwright Test reporter that turns a test run into a mystery-shopper scorecard:
//   reporter: [['list'], ['mystery-shopper/playwright', { outputFolder: 'reports', budgets: { stepMs: '2s' } }]]
// Each test's final attempt becomes a run record as soon as it ends (runs.jsonl, as an audit
// writes them); at the end the journeys' friction rules judge them and the scorecard is written in
// every format. Playwright's exit code stays its own unless `failOnFriction` is set.
// Only zod and small modules load with this file: the workers import it too (through index.ts);
// the record schemas, rules and reporters load in Playwright's main process when first needed.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { HistoryRequest } from '../history/index.ts';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { z } from 'zod';
import { InputError, inputErrorsFromIssues } from '../errors.ts';
import { parseDuration } from '../model/duration.ts';
import { Severity } from '../model/finding.ts';
import type { Config } from '../config/schema.ts';
import type { Budgets, RunRecord } from '../model/run-record.ts';
import type { ReportMeta } from '../pipeline.ts';
import type { RunWriter } from '../runner/writer.ts';
import type { MapOptions, MappedRun } from './map-test.ts';

const Duration = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === undefined || !(ms > 0)) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as 2s, 1500ms or a number of ms, not ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return ms;
});

/** The reporter's options, as given in playwright.config's `reporter` entry. */
export const MysteryShopperReporterOptions = z.strictObject({
  outputFolder: z.string().min(1).optional().describe("The folder that receives one report folder per run (and a `latest` link), relative to the Playwright config; default: the mystery-shopper config's `out`, else `reports`"),
  config: z.string().min(1).optional().describe('A mystery-shopper config file (relative to the Playwright config) for rules, findings, failOn, budgets, reporters, secrets and out'),
  failOn: Severity.optional().describe('Findings at least this severe fail the scorecard (default: the config\'s, else major)'),
  failOnFriction: z.boolean().default(false).describe("Also fail Playwright's run (exit 1) when the scorecard fails; default false: Playwright's exit code is its own"),
  budgets: z
    .strictObject({
      stepMs: Duration.optional().describe('Each step should take at most this long (slow-step); default 5s'),
      journeyMs: Duration.optional().describe('Each test should take at most this long, steps and the time between them (slow-journey)'),
      maxSteps: z.number().int().positive().optional(),
      maxInteractions: z.number().int().positive().optional(),
    })
    .optional(),
  rules: z.record(z.string(), z.record(z.string(), z.unknown())).optional().describe("Per rule id, as the config's `rules` (these win)"),
  findings: z.record(z.string(), z.unknown()).optional().describe("Your own kinds of finding, as the config's `findings`"),
  reporters: z.array(z.string()).optional().describe('Formats to write (json, html, junit, markdown); default all'),
});
export type MysteryShopperReporterOptions = z.input<typeof MysteryShopperReporterOptions>;
type Options = z.output<typeof MysteryShopperReporterOptions>;

/** Everything the run records need, ready once the config is read and the report folder made. */
interface Prepared {
  dir: string;
  outRoot: string;
  writer: RunWriter;
  meta: ReportMeta;
  budgets: Budgets;
  secrets: string[];
  /** Compared with the earlier runs of the suite and recorded (history store), unless history is off. */
  history?: HistoryRequest;
  map: (test: TestCase, result: TestResult, opts: MapOptions) => MappedRun | undefined;
  redact: <T>(value: T, secrets: readonly string[]) => T;
}

/** What the config and the options settle before any test runs. */
interface Settings {
  config: Config;
  budgets: Budgets;
  secrets: string[];
  outRoot: string;
  history?: HistoryRequest;
}

/** Bad input, said once: a bare error, since Playwright prints a thrown error's stack and properties. */
function plain(err: Error): Error {
  const bare = new Error(err.message);
  bare.name = err.name;
  bare.stack = `${err.name}: ${err.message}`;
  return bare;
}

export default class MysteryShopperReporter implements Reporter {
  private readonly options: Options;
  private readonly configDir: string;
  /** `playwright test --list` runs nothing: no scorecard. */
  private readonly listing: boolean;
  private settings?: Promise<Settings>;
  private prepared?: Promise<Prepared>;
  private suite?: Suite;
  private baseURLs = new Map<string, string | undefined>();
  /** By test id (one per project and repeat): the journey's id, the same for all of them. */
  private journeyIds = new Map<string, string>();
  private journeyFiles = new Map<string, string>();
  private written = new Set<string>();
  private records: RunRecord[] = [];
  private queue: Promise<void> = Promise.resolve();
  private problems: Error[] = [];
  /** preprocess threw, and Playwright said so: no second word about it. */
  private stoppedEarly = false;

  constructor(raw: Record<string, unknown> = {}) {
    // Playwright adds its own keys to every reporter's options (configDir, _mode, _commandHash; onlyFailures with --list).
    const { configDir, _mode, onlyFailures: _onlyFailures, ...given } = raw;
    for (const key of Object.keys(given)) if (key.startsWith('_')) delete given[key];
    this.configDir = typeof configDir === 'string' ? configDir : process.cwd();
    this.listing = _mode === 'list';
    const parsed = MysteryShopperReporterOptions.safeParse(given);
    if (!parsed.success) throw plain(inputErrorsFromIssues(parsed.error.issues, "the mystery-shopper reporter's options (playwright.config)"));
    this.options = parsed.data;
  }

  /** Before any test runs (Playwright calls this since its reporters may preprocess): a bad config file or rule setting stops the run there. */
  async preprocess(): Promise<void> {
    if (this.listing) return;
    this.settings ??= this.settle();
    try {
      await this.settings;
    } catch (err) {
      this.stoppedEarly = true;
      throw err instanceof InputError ? plain(err) : err;
    }
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    if (this.listing) return;
    this.suite = suite;
    const startedAt = new Date();
    const tests = suite.allTests();
    // Ids from the test files' place under the tests folder, the same for every project (persona).
    const testDirs = [...new Set(config.projects.map((p) => p.testDir))];
    const idBase = testDirs.length === 1 ? testDirs[0] : config.rootDir;
    const prepared = import('./map-test.ts').then(({ journeyIdOf, titlesOf }) => {
      // Two tests whose titles slug alike still get ids of their own.
      const byTitles = new Map<string, string>();
      const used = new Set<string>();
      for (const test of tests) {
        const titles = titlesOf(test);
        const key = `${test.location.file}\u0000${titles.join('\u0000')}`;
        let id = byTitles.get(key);
        if (id === undefined) {
          const base = journeyIdOf(relative(idBase, test.location.file), titles);
          id = base;
          for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
          used.add(id);
          byTitles.set(key, id);
        }
        this.journeyIds.set(test.id, id);
        this.baseURLs.set(test.id, test.parent.project()?.use.baseURL);
        this.journeyFiles.set(test.id, relative(this.configDir, test.location.file).replaceAll('\\', '/'));
      }
      const target = config.projects.map((p) => p.use.baseURL).find((u): u is string => !!u) ?? 'Playwright Test';
      return this.prepare(target, startedAt, tests.filter((t) => t.expectedStatus !== 'skipped').length);
    });
    // A failure here (a bad config file) is reported at the end, once.
    prepared.catch(() => undefined);
    this.prepared = prepared;
  }

  /** The config file (if named) with the options over it, checked as the CLI checks a config. */
  private async settle(): Promise<Settings> {
    const [{ loadConfig, parseConfig }, { resolveRules }, { FindingKind, REPORT_FORMATS }, { loadEnv }, { checkOutFolder, historyRequest }] = await Promise.all([
      import('../config/load.ts'),
      import('../friction/analyse.ts'),
      import('../config/schema.ts'),
      import('../config/env.ts'),
      import('../pipeline.ts'),
    ]);
    const o = this.options;
    // Only a config file named in the options is read: a mystery-shopper config beside the tests may be for other journeys.
    const { config: loaded, root } = o.config ? await loadConfig(this.configDir, o.config) : { config: parseConfig({}, 'defaults'), root: this.configDir };
    // The reporter's options win over the config file's, rule by rule.
    const rules: Config['rules'] = { ...loaded.rules };
    for (const [id, settings] of Object.entries(o.rules ?? {})) rules[id] = { ...rules[id], ...settings };
    const shown = "the mystery-shopper reporter's options";
    const findings = { ...loaded.findings };
    for (const [id, kind] of Object.entries(o.findings ?? {})) {
      if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new InputError('expected lower-case letters, digits and dashes', { file: shown, path: `findings.${id}` });
      const parsed = FindingKind.safeParse(kind);
      if (!parsed.success) throw inputErrorsFromIssues(parsed.error.issues.map((i) => ({ ...i, path: ['findings', id, ...i.path] })), shown);
      findings[id] = parsed.data;
    }
    const formats = o.reporters ?? loaded.reporters;
    const unknown = formats.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
    if (unknown.length) throw new InputError(`unknown report format ${unknown.join(', ')} (known: ${REPORT_FORMATS.join(', ')})`, { file: shown, path: 'reporters' });
    const config: Config = { ...loaded, rules, findings, reporters: formats as Config['reporters'], ...(o.failOn && { failOn: o.failOn }) };
    resolveRules(config.rules); // bad rule settings fail before the first run is recorded
    const { journeyMs, ...budgetOptions } = o.budgets ?? {};
    const budgets: Budgets = { ...config.budgets, ...budgetOptions, ...(journeyMs !== undefined && { totalMs: journeyMs }) };
    const env = loadEnv(root, config.secrets);
    const secrets = [...env.secretNames].map((n) => env.values[n]).filter((v): v is string => !!v && v.length >= 4);
    const outRoot = o.outputFolder ? resolve(this.configDir, o.outputFolder) : resolve(root, config.out);
    checkOutFolder(outRoot, o.outputFolder ? `outputFolder ${o.outputFolder}` : `the config's out (${config.out})`);
    // Like an audit, the suite's scorecard is put beside its earlier ones and recorded.
    const history = historyRequest(config, { root, cwd: this.configDir, outRoot });
    return { config, budgets, secrets, outRoot, ...(history && { history }) };
  }

  /** The report folder, with meta.json saying what was planned (so a run killed midway is recognisably unfinished). */
  private async prepare(target: string, startedAt: Date, planned: number): Promise<Prepared> {
    const [pipeline, { RunWriter }, { mapTest }, { redact }] = await Promise.all([import('../pipeline.ts'), import('../runner/writer.ts'), import('./map-test.ts'), import('../runner/redact.ts')]);
    const { config, budgets, secrets, outRoot, history } = await (this.settings ??= this.settle());
    const dir = pipeline.newReportDir(outRoot, startedAt);
    const meta = { ...pipeline.startMeta(config, { target, startedAt, secrets, planned }), ...pipeline.historyMeta(history) };
    pipeline.writeMeta(dir, meta);
    return { dir, outRoot, writer: new RunWriter(join(dir, pipeline.RUNS_FILE)), meta, budgets, secrets, ...(history && { history }), map: mapTest, redact };
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (this.listing) return;
    // A failed attempt that Playwright will retry is not the run: the final attempt is.
    const retried = (result.status === 'failed' || result.status === 'timedOut') && result.retry < test.retries;
    if (retried) return;
    this.enqueue(test, result);
  }

  private enqueue(test: TestCase, result: TestResult): void {
    this.written.add(test.id);
    this.queue = this.queue.then(() => this.record(test, result));
  }

  private async record(test: TestCase, result: TestResult): Promise<void> {
    let ready: Prepared;
    try {
      ready = await this.prepared!;
    } catch {
      return; // said in onEnd
    }
    let mapped: MappedRun | undefined;
    try {
      mapped = ready.map(test, result, {
        journeyId: this.journeyIds.get(test.id) ?? test.id,
        journeyFile: this.journeyFiles.get(test.id) ?? test.location.file,
        budgets: ready.budgets,
        baseURL: this.baseURLs.get(test.id),
      });
    } catch (err) {
      this.problems.push(err as Error);
      return;
    }
    if (!mapped) return;
    if (mapped.screenshots.length) mkdirSync(join(ready.dir, 'screenshots'), { recursive: true });
    for (const shot of mapped.screenshots) {
      const to = join(ready.dir, 'screenshots', shot.name);
      try {
        if (shot.from.path) copyFileSync(shot.from.path, to);
        else if (shot.from.body) writeFileSync(to, shot.from.body);
      } catch {
        // Playwright removed it already: the run keeps its timings, without the picture.
        for (const s of mapped.record.steps) if (s.screenshot === `screenshots/${shot.name}`) delete s.screenshot;
      }
    }
    const record = ready.redact(mapped.record, [...ready.secrets, ...mapped.typedSecrets]);
    ready.writer.append(record);
    this.records.push(record);
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    if (this.listing || this.stoppedEarly || !this.prepared) return undefined;
    // Tests whose retry never came (the run was stopped first): their last attempt is the run.
    for (const test of this.suite?.allTests() ?? []) {
      const last = test.results[test.results.length - 1];
      if (last && !this.written.has(test.id)) this.enqueue(test, last);
    }
    await this.queue;
    let ready: Prepared;
    try {
      ready = await this.prepared;
    } catch (err) {
      return this.fail(err);
    }
    const pipeline = await import('../pipeline.ts');
    // What was planned, now that dynamic skips are known; tests that never ran leave the scorecard incomplete.
    const planned = (this.suite?.allTests() ?? []).filter((t) => {
      const last = t.results[t.results.length - 1];
      return last ? last.status !== 'skipped' : t.expectedStatus !== 'skipped';
    }).length;
    const interrupted = result.status === 'interrupted';
    const meta: ReportMeta = {
      ...ready.meta,
      planned,
      finishedAt: new Date().toISOString(),
      interrupted,
      ...(interrupted && { stopped: { by: 'abort' as const, message: 'Playwright Test was interrupted' } }),
      ...(result.status === 'timedout' && { stopped: { by: 'error' as const, message: "Playwright Test's global timeout ran out" } }),
    };
    pipeline.writeMeta(ready.dir, meta);
    let finished: Awaited<ReturnType<typeof pipeline.finishReport>>;
    try {
      finished = await pipeline.finishReport(ready.dir, this.records, meta, ready.outRoot, ready.history);
    } catch (err) {
      return this.fail(err);
    }
    const { formatConsoleSummary } = await import('../report/console.ts');
    const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
    // The HTML page when it was written, else the folder.
    const where = meta.reporters.includes('html') ? finished.htmlPath : finished.dir;
    const shown = relative(process.cwd(), where);
    process.stdout.write(`\n${formatConsoleSummary(finished.scorecard, { color })}\nScorecard: ${shown.startsWith('..') || isAbsolute(shown) ? where : shown}\n`);
    // The same bad annotation is met once per project and repeat: said once.
    const problems = [...new Set(this.problems.map((p) => (p instanceof InputError ? p.message : (p.stack ?? p.message))))];
    if (problems.length) return this.fail(new InputError(problems.join('\n')));
    return this.options.failOnFriction && !finished.scorecard.summary.passed ? { status: 'failed' } : undefined;
  }

  /** Bad input (the config, an annotation) or a scorecard that could not be written: said plainly, and the run fails. */
  private fail(err: unknown): { status: 'failed' } {
    const message = err instanceof InputError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`\nmystery-shopper: ${message}\n`);
    return { status: 'failed' };
  }
}
