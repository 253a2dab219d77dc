import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { InputError, inputErrorsFromIssues } from '../errors.ts';
import { importWithin } from './import-within.ts';
import { Config } from './schema.ts';

export const CONFIG_NAMES = [
  'mystery-shopper.config.ts',
  'mystery-shopper.config.mjs',
  'mystery-shopper.config.js',
  'mystery-shopper.config.json',
];

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the file, or undefined when running on defaults. */
  file?: string;
  /** Folder that relative paths in the config are resolved against. */
  root: string;
}

/** Finds and validates the config: an explicit path, else the first default name in `cwd`, else defaults. */
export async function loadConfig(cwd: string, explicit?: string): Promise<LoadedConfig> {
  const file = explicit
    ? resolve(cwd, explicit)
    : CONFIG_NAMES.map((n) => resolve(cwd, n)).find((p) => existsSync(p));
  if (explicit && (!file || !existsSync(file))) {
    throw new InputError(`config file not found: ${explicit}`);
  }
  if (!file) return { config: Config.parse({}), root: cwd };
  const shown = isAbsolute(explicit ?? '') ? file : relative(cwd, file);
  let raw: unknown;
  try {
    if (file.endsWith('.json')) raw = JSON.parse(readFileSync(file, 'utf8'));
    else raw = (await importWithin<{ default?: unknown }>(file, shown)).default;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`could not read the config: ${(err as Error).message.split('\n')[0]}`, { file: shown });
  }
  if (raw === undefined) throw new InputError('the config file has no default export (use `export default defineConfig({...})`)', { file: shown });
  return { config: parseConfig(raw, shown), file, root: resolve(file, '..') };
}

/** Checks a config value (what a config file exports); anything wrong is an InputError naming `shown`. */
export function parseConfig(raw: unknown, shown: string): Config {
  if (raw && typeof raw === 'object' && 'stepTimeoutMs' in raw) {
    throw new InputError(
      'stepTimeoutMs is gone: a wait is now as long as the customer\'s patience (patienceMs, default 60000), and an action\'s own `within` (what they should have to wait) and `patience` are never cut. Rename it to patienceMs.',
      { file: shown, path: 'stepTimeoutMs' },
    );
  }
  const parsed = Config.safeParse(raw);
  if (!parsed.success) throw inputErrorsFromIssues(parsed.error.issues, shown);
  return parsed.data;
}
