/*
 * `mystery-shopper explore URL [URL…]`: a first scorecard from a URL alone. Each site is explored
 * (explore-site.ts) into its own report folder: runs.jsonl with one run, meta.json, and the same
 * scorecard and reporters as an audit of journeys, so `report DIR` rebuilds it. With several
 * sites, their folders sit in one comparison folder whose index.html puts them side by side.
 * The config file is optional: without one, every setting has its default.
 */
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright';
import { loadEnv } from '../config/env.ts';
import { loadConfig } from '../config/load.ts';
import { InputError } from '../errors.ts';
import type { Severity } from '../model/finding.ts';
import { siteSlug } from '../compare/run.ts';
import type { Comparison } from '../compare/model.ts';
import { checkOutFolder, finishReport, historyMeta, historyRequest, stopCauseOf, newFolder, newReportDir, pointLatestAt, RUNS_FILE, startMeta, writeMeta, type AuditResult, type ReportMeta } from '../pipeline.ts';
import type { ScreenshotMode } from '../runner/run-journey.ts';
import { RunWriter } from '../runner/writer.ts';

export interface ExploreOptions {
  cwd: string;
  /** Home pages of the sites to explore. */
  urls: string[];
  configFile?: string;
  out?: string;
  maxPages?: number;
  maxDepth?: number;
  headed?: boolean;
  screenshots?: ScreenshotMode;
  failOn?: Severity;
  signal?: AbortSignal;
  onSiteStart?: (url: string, index: number, of: number) => void;
  onStep?: (step: { index: number; name: string; url: string }) => void;
}

export interface ExploreResult {
  /** One per site, in the order given. */
  sites: AuditResult[];
  /** With several sites: the comparison's folder and page. */
  comparison?: { dir: string; htmlPath: string; comparison: Comparison };
  interrupted: boolean;
}

/** Checks the URLs before anything starts: each must be an http(s) address. */
export function parseExploreUrls(urls: string[]): string[] {
  if (urls.length === 0) throw new InputError('explore needs at least one URL, e.g. mystery-shopper explore https://www.example.com');
  return urls.map((raw) => {
    let u: URL;
    try {
      u = new URL(/^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`);
    } catch {
      throw new InputError(`not a web address: ${raw} (expected e.g. https://www.example.com)`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new InputError(`not a web address: ${raw} (expected http:// or https://)`);
    return u.toString();
  });
}

export async function runExplore(opts: ExploreOptions): Promise<ExploreResult> {
  const urls = parseExploreUrls(opts.urls);
  const { config, root } = await loadConfig(opts.cwd, opts.configFile);
  const site = { ...config.site, ...(opts.maxPages !== undefined && { maxPages: opts.maxPages }), ...(opts.maxDepth !== undefined && { maxDepth: opts.maxDepth }) };
  const env = loadEnv(opts.cwd, config.secrets);
  const secrets = [...env.secretNames].map((n) => env.values[n]).filter((v): v is string => Boolean(v));
  const outRoot = resolve(opts.cwd, opts.out ?? config.out);
  checkOutFolder(outRoot, opts.out !== undefined ? `--out ${opts.out}` : `the config's out (${config.out})`);

  const { openBrowser, remoteBrowser } = await import('../runner/browser.ts');
  const { exploreSite } = await import('./explore-site.ts');
  // A remote browser (browser.connect, MYSTERY_SHOPPER_BROWSER_WS) is connected to instead of launching one.
  const connect = remoteBrowser(config.browser.connect, env.values);
  const browser: Browser = await openBrowser({ explicitPath: config.browser.executablePath, headless: opts.headed ? false : config.browser.headless, connect });
  // Ctrl-C lets the pages loading finish (each within pageTimeoutMs) and keeps what was explored; a second Ctrl-C quits at once.
  const sites: AuditResult[] = [];
  const many = urls.length > 1;
  const compareDir = many ? newReportDir(outRoot, new Date()) : undefined;
  try {
    for (const [i, url] of urls.entries()) {
      if (opts.signal?.aborted) break;
      opts.onSiteStart?.(url, i, urls.length);
      const startedAt = new Date();
      const dir = compareDir ? newFolder(join(compareDir, `${i + 1}-${siteSlug(url)}`)) : newReportDir(outRoot, startedAt);
      // Each site has its own history (the config's history.site names a site only when there is one).
      const history = historyRequest(urls.length > 1 ? { ...config, history: { ...config.history, site: undefined } } : config, { root, cwd: opts.cwd, outRoot });
      const meta: ReportMeta = {
        ...startMeta(config, { target: url, startedAt, secrets, failOn: opts.failOn, planned: 1 }),
        ...historyMeta(history),
      };
      writeMeta(dir, meta);
      const record = await exploreSite({
        start: url,
        settings: site,
        browser,
        outDir: dir,
        screenshots: opts.screenshots ?? config.screenshots,
        viewport: config.browser.viewport,
        dismiss: config.dismiss,
        consent: config.consent,
        maxObservations: config.maxObservations,
        pageHealth: config.pageHealth,
        ...(config.firstParty ? { firstParty: config.firstParty } : {}),
        secrets,
        signal: opts.signal,
        onStep: opts.onStep,
      });
      const interrupted = opts.signal?.aborted ?? false;
      // A crawl cut short by Ctrl-C is kept, and says so: its scorecard is marked incomplete.
      new RunWriter(join(dir, RUNS_FILE)).append(record);
      const finished: ReportMeta = { ...meta, finishedAt: new Date().toISOString(), interrupted, ...(interrupted && { stopped: { by: stopCauseOf(opts.signal?.reason) } }) };
      writeMeta(dir, finished);
      sites.push(await finishReport(dir, [record], finished, compareDir ? undefined : outRoot, history));
    }
  } finally {
    await browser.close().catch(() => undefined);
  }
  let comparison: ExploreResult['comparison'];
  if (compareDir && sites.length) {
    const { compareReports } = await import('../compare/index.ts');
    const compared = await compareReports(sites.map((s) => s.dir), compareDir);
    pointLatestAt(outRoot, compareDir);
    comparison = { dir: compareDir, htmlPath: compared.htmlPath, comparison: compared.comparison };
  }
  return { sites, ...(comparison && { comparison }), interrupted: opts.signal?.aborted ?? false };
}


