import { Option, type Command } from 'commander';
import { relative } from 'node:path';
import { SEVERITY_ORDER, type Severity } from '../../model/finding.ts';
import { reportResult } from '../output.ts';

export function registerMerge(program: Command, setExit: (code: number) => void): void {
  program
    .command('merge')
    .description('Combine the report folders of `run --shard i/n` into one scorecard, judged as one audit, in a new report folder')
    .argument('<dirs...>', "the shards' report folders, e.g. shard-1/2026-… shard-2/2026-…")
    .option('-o, --out <dir>', "folder for the merged report folder (default: the config's out, reports)")
    .option('-c, --config <file>', 'config file whose out folder to use (default: mystery-shopper.config.ts in the current folder)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe (default: what the shards ran with)').choices([...SEVERITY_ORDER]))
    .option('--allow-partial', 'with shards missing or stopped early, exit 0/1 by the findings instead of 1; the reports still say INCOMPLETE')
    .action(async (dirs: string[], raw: { out?: string; config?: string; failOn?: Severity; allowPartial?: boolean }) => {
      const cwd = process.cwd();
      // Loaded here: the other commands never load the merge.
      const { mergeShards } = await import('../../merge.ts');
      const merged = await mergeShards(dirs, { cwd, out: raw.out, configFile: raw.config, failOn: raw.failOn });
      const runs = merged.shards.reduce((n, s) => n + s.finished, 0);
      process.stdout.write(`Merged ${merged.shards.length} of ${merged.total} shards (${runs} runs) into ${shown(cwd, merged.dir)}\n`);
      for (const s of merged.shards) {
        if (s.finished < s.planned) process.stdout.write(`Shard ${s.index}/${merged.total} (${s.dir}) is incomplete: ${s.finished} of ${s.planned} runs finished.\n`);
      }
      if (merged.missing.length) {
        const which = merged.missing.map((i) => `${i}/${merged.total}`).join(', ');
        process.stdout.write(`Missing shard${merged.missing.length > 1 ? 's' : ''} ${which}: no folder given for ${merged.missing.length > 1 ? 'them' : 'it'}, so its runs are not in the scorecard, which is INCOMPLETE.\n`);
      }
      process.stdout.write('\n');
      setExit(reportResult(merged, cwd, { allowPartial: Boolean(raw.allowPartial) }));
    });
}

const shown = (cwd: string, path: string) => {
  const rel = relative(cwd, path);
  return rel.startsWith('..') ? path : rel;
};
