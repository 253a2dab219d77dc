import { Option, type Command } from 'commander';
import { InputError } from '../../errors.ts';
import { parseDuration } from '../../model/duration.ts';
import { SEVERITY_ORDER, type Severity } from '../../model/finding.ts';
import { resumeAudit } from '../../pipeline.ts';
import { reportResult } from '../output.ts';

export function registerResume(program: Command, setExit: (code: number) => void): void {
  program
    .command('resume')
    .description('Finish the checks an audit left pending (an answer to an email due within 24 h): look for the awaited mail, measure when it came, re-judge and rewrite the scorecard')
    .argument('<dir>', 'a report folder, e.g. reports/latest')
    .option('--wait [duration]', 'keep looking for mail still to come, up to this long (e.g. 30s, 15m, 24h); without a value, until every pending wait is settled')
    .option('-c, --config <file>', 'the config (for a real mailbox over IMAP, whose logins resume reads again); default: the one in this folder')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe').choices([...SEVERITY_ORDER]))
    .action(async (dir: string, raw: { wait?: string | boolean; failOn?: Severity; config?: string }) => {
      let waitMs = 0;
      if (raw.wait === true) waitMs = Number.MAX_SAFE_INTEGER;
      else if (typeof raw.wait === 'string') {
        const ms = parseDuration(raw.wait);
        if (ms === undefined || ms <= 0) throw new InputError(`--wait ${raw.wait}: expected a duration such as 30s, 15m or 24h`);
        waitMs = ms;
      }
      const result = await resumeAudit(dir, process.cwd(), {
        waitMs,
        ...(raw.failOn && { failOn: raw.failOn }),
        ...(raw.config && { configFile: raw.config }),
        onPending: (lines) => process.stderr.write(`Pending in ${dir}:\n${lines.map((l) => `  ${l}`).join('\n')}\n${waitMs > 0 ? 'Looking for the awaited mail…\n' : ''}`),
      }).catch(async (err: unknown) => {
        // A mailbox that cannot be read settles nothing: say so, and fail the nightly job (exit 1).
        const { MailboxUnreadable } = await import('../../resume.ts');
        if (!(err instanceof MailboxUnreadable)) throw err;
        process.stderr.write(`mystery-shopper: ${err.message}\n`);
        return undefined;
      });
      if (!result) return setExit(1);
      if (result.pendingBefore === 0) process.stdout.write(`Nothing is pending in ${dir}: the scorecard is rebuilt as it was.\n`);
      else {
        const { arrived, missing } = result.settled;
        process.stdout.write(`Settled ${arrived + missing} of ${result.pendingBefore} pending wait${result.pendingBefore === 1 ? '' : 's'}: ${arrived} arrived, ${missing} missing.\n`);
        if (result.stillPending.length) process.stdout.write(`Still pending (resume again later):\n${result.stillPending.map((l) => `  ${l}`).join('\n')}\n`);
      }
      setExit(reportResult(result, process.cwd()));
    });
}
