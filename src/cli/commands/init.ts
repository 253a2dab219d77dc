import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { checkBaseURL, CONFIG_FILE, initProject, type InitFile, type InitResult } from '../../init/scaffold.ts';

const VERB: Record<InitFile['outcome'], string> = {
  written: 'wrote',
  overwritten: 'overwrote',
  kept: 'kept',
  appended: 'appended to',
  unchanged: 'unchanged',
};

function fileLine(f: InitFile): string {
  const detail =
    f.outcome === 'appended' ? `: ${f.detail} (the rest of the file is as it was)` : f.detail ? ` (${f.detail})` : '';
  return `  ${VERB[f.outcome].padEnd(12)}${f.path}${detail}\n`;
}

function nextSteps(result: InitResult, baseURL: string | undefined, cd: string): string {
  const steps: string[] = [];
  if (cd) steps.push(`cd ${cd}`);
  if (result.packageJson === 'missing') steps.push('npm init -y && npm i -D mystery-shopper   (the config imports it)');
  else if (result.packageJson === 'without-tool') steps.push('npm i -D mystery-shopper   (the config imports it)');
  steps.push('cp .env.example .env   and fill it in (it is git-ignored)');
  steps.push('npx mystery-shopper validate   checks the config and journeys without opening a browser');
  steps.push(`npx mystery-shopper run${baseURL ? '' : ' --base-url https://your-site.example'}   the scorecard is reports/latest/index.html`);
  steps.push('commit, and add SHOPPER_EMAIL and SHOPPER_PASSWORD as repository secrets for the nightly workflow');
  return steps.map((s, i) => `  ${i + 1}. ${s}\n`).join('');
}

export function registerInit(program: Command, setExit: (code: number) => void): void {
  program
    .command('init')
    .description('Start auditing a site: write a config, an example journey, .env.example, .gitignore lines and a nightly CI workflow')
    .option('--base-url <url>', 'the site to audit, written into the config (e.g. https://shop.example.com)')
    .option('--dir <dir>', 'the project folder (default: the current folder)')
    .option('--force', 'overwrite files that exist (.gitignore is only ever appended to)')
    .action((raw: { baseUrl?: string; dir?: string; force?: boolean }) => {
      const baseURL = raw.baseUrl === undefined ? undefined : checkBaseURL(raw.baseUrl);
      const dir = resolve(process.cwd(), raw.dir ?? '.');
      const result = initProject({ dir, baseURL, force: raw.force });
      const cd = relative(process.cwd(), dir);
      let out = `mystery-shopper init in ${cd ? cd : 'the current folder'}:\n${result.files.map(fileLine).join('')}`;
      if (result.files.some((f) => f.outcome === 'kept' && f.detail?.startsWith('exists'))) {
        out += 'Files that exist are never overwritten without --force.\n';
      }
      if (!baseURL) {
        out += `\nNo --base-url given: set baseURL in ${CONFIG_FILE} (it is commented out), or pass --base-url to run.\n`;
      }
      out += `\nNext:\n${nextSteps(result, baseURL, cd)}`;
      process.stdout.write(out);
      setExit(0);
    });
}
