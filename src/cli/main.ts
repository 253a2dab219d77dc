import { Command, CommanderError } from 'commander';
import { InputError } from '../errors.ts';
import { BrowserNotFoundError } from '../runner/browser.ts';
import { TOOL_VERSION } from '../version.ts';
import { registerDemo } from './commands/demo.ts';
import { registerExplore } from './commands/explore.ts';
import { registerHistory } from './commands/history.ts';
import { registerInit } from './commands/init.ts';
import { registerList } from './commands/list.ts';
import { registerMerge } from './commands/merge.ts';
import { registerReport } from './commands/report.ts';
import { registerResume } from './commands/resume.ts';
import { registerRun } from './commands/run.ts';
import { registerValidate } from './commands/validate.ts';

/**
 * Runs the CLI and returns the exit code: 0 ok, 1 friction at or over --fail-on (or `report` of an
 * incomplete audit without --allow-partial), 2 bad input, 3 an unexpected error, 130 stopped by
 * SIGINT (Ctrl-C), 143 stopped by SIGTERM.
 */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const program = new Command()
    .name('mystery-shopper')
    .description('Audit customer service the way a mystery shopper would: scripted journeys, timed and scored.')
    .version(TOOL_VERSION)
    .exitOverride()
    .showHelpAfterError();
  for (const register of [registerInit, registerRun, registerExplore, registerDemo, registerValidate, registerList, registerReport, registerResume, registerMerge, registerHistory]) register(program, setExit);
  program.commands.forEach((c) => c.exitOverride());
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof InputError) {
      process.stderr.write(`mystery-shopper: ${err.message}\n`);
      return 2;
    }
    if (err instanceof BrowserNotFoundError) {
      process.stderr.write(`mystery-shopper: ${err.message}\n`);
      return 2;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    process.stderr.write(`mystery-shopper: unexpected error: ${e.message}\n${process.env.DEBUG ? `${e.stack}\n` : 'Set DEBUG=1 for details.\n'}`);
    return 3;
  }
}
