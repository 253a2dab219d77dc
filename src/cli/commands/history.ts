import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../errors.ts';

interface HistoryFlags {
  config?: string;
  store?: string;
  site?: string;
  label?: string[];
  last?: string;
  json?: boolean;
}

export function registerHistory(program: Command, setExit: (code: number) => void): void {
  program
    .command('history')
    .description('Print the trends of the audits recorded in the history store: score, friction new and fixed, journeys over time')
    .option('-c, --config <file>', 'config file whose history store to read (default: mystery-shopper.config.ts in the current folder, if any)')
    .option('--store <file>', 'the history store (default: the config\'s history.path, else reports/history.sqlite)')
    .option('--site <url-or-name>', 'only this site (its base URL, or the config\'s history.site)')
    .option('--label <name>', 'only audits with exactly these labels (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--last <n>', 'the last n audits of each site', '10')
    .option('--json', 'print the trends as JSON')
    .action(async (raw: HistoryFlags) => {
      const last = Number(raw.last);
      if (!Number.isInteger(last) || last < 1) throw new InputError(`--last expects a whole number of at least 1, got "${raw.last}"`);
      const store = await storePath(raw);
      if (!existsSync(store)) throw new InputError(`no history store at ${store}: run an audit first, or name one with --store`);
      const { HistoryStore } = await import('../../history/store.ts');
      const { formatTrends, siteTrends } = await import('../../history/console.ts');
      let opened;
      try {
        opened = HistoryStore.open(store, { readonly: true });
      } catch (err) {
        throw new InputError((err as Error).message);
      }
      try {
        const trends = siteTrends(opened, { last, ...(raw.site !== undefined && { site: raw.site }), ...(raw.label && { labels: raw.label }) });
        process.stdout.write(`${raw.json ? JSON.stringify(trends, null, 2) : formatTrends(trends, store)}\n`);
      } finally {
        opened.close();
      }
      setExit(0);
    });
}

/** --store, else the config's history.path, else history.sqlite in the config's out folder (reports/ by default). */
async function storePath(raw: HistoryFlags): Promise<string> {
  const cwd = process.cwd();
  if (raw.store) return resolve(cwd, raw.store);
  const { loadConfig } = await import('../../config/load.ts');
  // Without a config file: the defaults (reports/history.sqlite).
  const { config, root } = await loadConfig(cwd, raw.config);
  return config.history.path !== undefined ? resolve(root, config.history.path) : join(resolve(cwd, config.out), 'history.sqlite');
}
