import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { SCREENSHOT_MODES } from '../../config/schema.ts';
import { InputError } from '../../errors.ts';
import { SEVERITY_ORDER, type Severity } from '../../model/finding.ts';
import { terminalSafe } from '../../report/console.ts';
import { EXIT, interruptOnSignals, reportResult } from '../output.ts';
import { fitLine, LOG_LINE_MAX } from '../progress.ts';

const wholeNumber = (flag: string, min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new InputError(`${flag} expects a whole number from ${min} to ${max}, got "${value}"`);
  return n;
};

export function registerExplore(program: Command, setExit: (code: number) => void): void {
  program
    .command('explore')
    .description('Explore sites from their home page, with no journey to write: how easy it is to reach you and to help yourself, and the health of every page; several URLs are compared side by side')
    .argument('[urls...]', 'home pages of the sites to explore, e.g. https://www.example.com')
    .option('-c, --config <file>', 'config file (optional; its `site` section tunes the crawl)')
    .option('--max-pages <n>', 'most pages visited per site (default 60)', wholeNumber('--max-pages', 1, 10_000))
    .option('--depth <n>', 'most clicks from the home page (default 3)', wholeNumber('--depth', 0, 10))
    .option('--compare <dirs...>', 'put saved explore (or audit) report folders side by side instead of exploring')
    .option('-o, --out <dir>', 'folder for report folders (default: reports)')
    .option('--headed', 'show the browser')
    .addOption(new Option('--screenshots <mode>', 'screenshot each page, only failures, or none').choices([...SCREENSHOT_MODES]))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe (default: major)').choices([...SEVERITY_ORDER]))
    .action(async (urls: string[], raw: { config?: string; maxPages?: number; depth?: number; compare?: string[]; out?: string; headed?: boolean; screenshots?: (typeof SCREENSHOT_MODES)[number]; failOn?: Severity }) => {
      const cwd = process.cwd();
      if (raw.compare?.length) {
        if (urls.length) throw new InputError('explore takes either URLs to explore or --compare with report folders, not both');
        const { compareReports, formatComparisonConsole } = await import('../../compare/index.ts');
        const { loadConfig } = await import('../../config/load.ts');
        const { checkOutFolder, reportStamp, pointLatestAt } = await import('../../pipeline.ts');
        const outRoot = resolve(cwd, raw.out ?? (await loadConfig(cwd, raw.config)).config.out);
        checkOutFolder(outRoot, raw.out !== undefined ? `--out ${raw.out}` : 'the folder for reports');
        // A folder that does not exist yet: compareReports makes it once every input folder has been read.
        let dir = join(outRoot, reportStamp(new Date()));
        for (let n = 2; existsSync(dir); n++) dir = join(outRoot, `${reportStamp(new Date())}-${n}`);
        const { htmlPath, comparison } = await compareReports(raw.compare, dir, cwd);
        pointLatestAt(outRoot, dir);
        process.stdout.write(`${formatComparisonConsole(comparison)}\n\nComparison: ${shown(cwd, htmlPath)}\n`);
        setExit(comparison.sites.some((s) => !s.passed) ? EXIT.fail : EXIT.pass);
        return;
      }
      const { runExplore } = await import('../../explore/index.ts');
      const interrupt = interruptOnSignals();
      const log = (line: string) => process.stderr.write(`${fitLine(terminalSafe(line), process.stderr.isTTY ? process.stderr.columns || 100 : LOG_LINE_MAX)}\n`);
      try {
        const result = await runExplore({
          cwd,
          urls,
          configFile: raw.config,
          out: raw.out,
          maxPages: raw.maxPages,
          maxDepth: raw.depth,
          headed: Boolean(raw.headed),
          screenshots: raw.screenshots,
          failOn: raw.failOn,
          signal: interrupt.signal,
          onSiteStart: (url, i, of) => log(`Exploring ${url}${of > 1 ? ` (${i + 1} of ${of})` : ''}`),
          onStep: (step) => log(`  ${step.index + 1}. ${step.name}`),
        });
        let code: number = EXIT.pass;
        for (const site of result.sites) {
          const c = reportResult(site, cwd, { signals: true });
          if (c !== EXIT.pass && code === EXIT.pass) code = c;
        }
        if (result.comparison) {
          const { formatComparisonConsole } = await import('../../compare/index.ts');
          process.stdout.write(`${formatComparisonConsole(result.comparison.comparison)}\n\nComparison: ${shown(cwd, result.comparison.htmlPath)}\n`);
        }
        setExit(code);
      } finally {
        interrupt.dispose();
      }
    });
}

const shown = (cwd: string, path: string) => {
  const rel = relative(cwd, path);
  return rel.startsWith('..') ? path : rel;
};
