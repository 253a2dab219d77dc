// Comparisons: several sites audited one after the other (`run --base-url A --base-url B`), or
// saved report folders (`explore --compare DIR…`), side by side in one more report folder.
import { existsSync, mkdirSync, rmdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError, InputErrors } from '../errors.ts';
import { checkOutFolder, newReportDir, pointLatestAt, prepareAudit, runAudit, type AuditOptions, type AuditResult, type StopCause } from '../pipeline.ts';
import { JSON_FILE } from '../report/json.ts';
import { buildComparison } from './build.ts';
import { COMPARE_HTML_FILE } from './html/index.ts';
import type { Comparison } from './model.ts';
import { readScorecard } from './read.ts';
import { writeComparison } from './write.ts';

/** One site of a comparison run: its base URL and its report folder inside the comparison's. */
export interface CompareSite {
  /** 0-based, in the order the base URLs were given. */
  index: number;
  baseURL: string;
  dir: string;
}

export interface CompareCallbacks {
  /** Before the site's audit starts (`total`: base URLs given). */
  onSiteStart?(site: CompareSite, total: number): void;
  /** Hooks for this site's audit (fresh progress per site): its onPlanned, onRunStart, onRunEnd. */
  auditHooks?(site: CompareSite): Pick<AuditOptions, 'onPlanned' | 'onRunStart' | 'onRunEnd'>;
  /** The site's audit ended and its scorecard is written. */
  onSiteEnd?(site: CompareSite, result: AuditResult): void;
}

export interface CompareAuditsResult {
  /** The comparison's folder (each site's folder is inside it). */
  dir: string;
  htmlPath: string;
  comparison: Comparison;
  /** The audits that ran, in the order of the base URLs. */
  results: AuditResult[];
  sites: CompareSite[];
  /** A signal (or the caller's AbortSignal) stopped the comparison: the sites audited so far are compared. */
  interrupted: boolean;
  stoppedBy?: StopCause;
  /** Base URLs never audited because the comparison stopped first. */
  notAudited: string[];
}

/** "127.0.0.1:4000" → "127-0-0-1-4000": a site's folder name after its host. */
export function siteSlug(baseURL: string): string {
  let host: string;
  try {
    host = new URL(baseURL).host;
  } catch {
    host = baseURL;
  }
  const slug = host.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+/, '').slice(0, 60).replace(/-+$/, '');
  return slug || 'site';
}

const STOP_WORDS: Record<StopCause, string> = {
  SIGINT: 'stopped by Ctrl-C (SIGINT)',
  SIGTERM: 'stopped by SIGTERM',
  abort: 'stopped by its caller',
  error: 'stopped by an error',
};

const stopCauseOf = (reason: unknown): StopCause => (reason === 'SIGINT' || reason === 'SIGTERM' ? reason : 'abort');

/**
 * Audits each base URL in turn with the same config and journeys (`runAudit` with a `reportDir`
 * inside a new comparison folder, `<n>-<host>`), then writes the comparison there and points
 * `latest` at it. Bad input (the config, the journeys, a base URL that is not a URL) is found
 * before anything runs. A signal stops after the current site: the sites audited so far are
 * compared, and the comparison says which were not audited.
 */
export async function compareAudits(opts: Omit<AuditOptions, 'baseURL' | 'reportDir'>, baseURLs: readonly string[], callbacks: CompareCallbacks = {}): Promise<CompareAuditsResult> {
  if (baseURLs.length === 0) throw new InputError('no base URL to compare');
  for (const url of baseURLs) {
    try {
      new URL(url);
    } catch {
      throw new InputError(`the base URL is not a URL: ${url}`);
    }
  }
  // The config, the journeys, --grep and --persona are checked once, before the folder is made.
  const { config } = await prepareAudit({ ...opts, baseURL: baseURLs[0] });
  const outRoot = resolve(opts.cwd, opts.out ?? config.out);
  checkOutFolder(outRoot, opts.out !== undefined ? `--out ${opts.out}` : `the config's out (${config.out})`);
  const dir = newReportDir(outRoot, new Date());
  const results: AuditResult[] = [];
  const sites: CompareSite[] = [];
  let stoppedBy: StopCause | undefined;
  let failure: { error: unknown } | undefined;
  for (const [index, baseURL] of baseURLs.entries()) {
    if (opts.signal?.aborted) {
      stoppedBy = stopCauseOf(opts.signal.reason);
      break;
    }
    const site: CompareSite = { index, baseURL, dir: join(dir, `${index + 1}-${siteSlug(baseURL)}`) };
    callbacks.onSiteStart?.(site, baseURLs.length);
    try {
      const result = await runAudit({ ...opts, ...callbacks.auditHooks?.(site), baseURL, reportDir: site.dir });
      results.push(result);
      sites.push(site);
      callbacks.onSiteEnd?.(site, result);
      if (result.interrupted) {
        stoppedBy = result.stoppedBy ?? stopCauseOf(opts.signal?.reason);
        break;
      }
    } catch (error) {
      failure = { error };
      stoppedBy = 'error';
      break;
    }
  }
  // The site an error stopped counts as not audited: its folder may hold a partial report.
  const notAudited = baseURLs.slice(sites.length);
  if (failure && results.length === 0) {
    // Nothing to compare: the empty comparison folder goes (a site folder the audit left stays).
    try {
      rmdirSync(dir);
    } catch {
      // Not empty: the failed site's folder holds what it wrote.
    }
    throw failure.error;
  }
  const stoppedReason = stoppedBy && (stoppedBy === 'error' ? `${STOP_WORDS.error}: ${errorLine(failure?.error)}` : STOP_WORDS[stoppedBy]);
  const comparison = buildComparison(
    results.map((r) => ({ dir: r.dir, scorecard: r.scorecard })),
    { outDir: dir, ...(stoppedReason && { stopped: { reason: stoppedReason, notAudited } }) },
  );
  writeComparison(comparison, dir);
  pointLatestAt(outRoot, dir);
  if (failure) throw failure.error;
  return {
    dir,
    htmlPath: join(dir, COMPARE_HTML_FILE),
    comparison,
    results,
    sites,
    interrupted: stoppedBy !== undefined,
    ...(stoppedBy && { stoppedBy }),
    notAudited,
  };
}

const errorLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0];

export interface CompareReportsResult {
  dir: string;
  htmlPath: string;
  comparison: Comparison;
  /** The files written, index.html first. */
  written: string[];
}

/**
 * Compares saved report folders (`explore --compare DIR…`, `explore URL URL`): reads each one's
 * scorecard (an InputError names every folder that cannot be read), writes the comparison into
 * `outDir` (created when missing). `outDir` may not be one of the report folders, nor any other
 * report folder: its index.html would be overwritten. Relative paths are taken from `cwd`.
 */
export async function compareReports(dirs: readonly string[], outDir: string, cwd = process.cwd()): Promise<CompareReportsResult> {
  if (dirs.length === 0) throw new InputError('no report folders to compare');
  const out = resolve(cwd, outDir);
  const errors: InputError[] = [];
  const entries = dirs.flatMap((d) => {
    try {
      return [{ dir: resolve(cwd, d), scorecard: readScorecard(d, cwd) }];
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      errors.push(...(err instanceof InputErrors ? err.errors : [err]));
      return [];
    }
  });
  if (errors.length) throw errors.length === 1 ? errors[0] : new InputErrors(errors);
  if (entries.some((e) => e.dir === out) || existsSync(join(out, JSON_FILE))) {
    throw new InputError(`${outDir} is a report folder: the comparison would overwrite its scorecard; give it a folder of its own`);
  }
  if (existsSync(out) && !statSync(out).isDirectory()) throw new InputError(`${outDir} is a file, not a folder for the comparison`);
  try {
    mkdirSync(out, { recursive: true });
  } catch (err) {
    throw new InputError(`cannot create the folder for the comparison ${outDir}: ${(err as Error).message}`);
  }
  const comparison = buildComparison(entries, { outDir: out });
  const written = writeComparison(comparison, out);
  return { dir: out, htmlPath: join(out, COMPARE_HTML_FILE), comparison, written };
}
