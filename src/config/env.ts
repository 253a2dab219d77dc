import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import dotenv from 'dotenv';

/** .env keys that hold secrets by their name; their values are redacted from every output. */
const SECRET_NAME = /(SECRET|TOKEN|PASSW|PWD|API_?KEY|PRIVATE|CARD|PIN|CVC|CVV|AUTH|CREDENTIAL|COOKIE|SESSION)/i;

export interface LoadedEnv {
  /** process.env overlaid on .env (the real environment wins, as with dotenv). */
  values: Record<string, string>;
  /** Names whose values must never be written out. */
  secretNames: Set<string>;
}

export function loadEnv(cwd: string, extraSecretNames: string[] = [], processEnv = process.env): LoadedEnv {
  const file = join(cwd, '.env');
  const fromFile = existsSync(file) ? dotenv.parse(readFileSync(file)) : {};
  const values: Record<string, string> = { ...fromFile };
  for (const [k, v] of Object.entries(processEnv)) if (v !== undefined) values[k] = v;
  const secretNames = new Set(extraSecretNames);
  for (const name of Object.keys(values)) if (SECRET_NAME.test(name)) secretNames.add(name);
  return { values, secretNames };
}
