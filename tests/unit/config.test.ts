import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { loadConfig } from '../../src/config/load.ts';
import { loadEnv } from '../../src/config/env.ts';
import { journeyJsonSchema } from '../../src/journeys/schema.ts';

test('the shipped JSON Schema is the one the zod schema generates (npm run schema)', () => {
  const shipped = JSON.parse(readFileSync(new URL('../../schema/journey.schema.json', import.meta.url), 'utf8'));
  expect(shipped).toEqual(journeyJsonSchema());
});

test('a bad config names the file, the path and what was expected', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ms-config-'));
  writeFileSync(join(dir, 'mystery-shopper.config.json'), JSON.stringify({ concurrency: 'many', screenshots: 'sometimes', extra: 1 }));
  const err = (await loadConfig(dir).catch((e) => e)) as Error;
  expect(err.name).toBe('InputErrors');
  expect(err.message).toContain('mystery-shopper.config.json at concurrency: Invalid input: expected number, received string');
  expect(err.message).toContain('mystery-shopper.config.json at screenshots: Invalid option: expected one of "each"|"failures"|"off"');
  expect(err.message).toContain('mystery-shopper.config.json at extra: Unrecognized key: "extra"');
});

test('no config file: defaults; a named one that is missing: an error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ms-config-'));
  const { config } = await loadConfig(dir);
  expect(config).toMatchObject({ concurrency: 4, screenshots: 'each', failOn: 'major', patienceMs: 60_000, lookMs: 2_000, dialogs: 'accept' });
  await expect(loadConfig(dir, 'nope.config.ts')).rejects.toThrow('config file not found: nope.config.ts');
});

test('.env values load under the real environment, and secret-looking names are secrets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ms-env-'));
  writeFileSync(join(dir, '.env'), 'SHOPPER_EMAIL=a@example.com\nAPI_TOKEN=abc123\nPLAIN=1\n');
  const env = loadEnv(dir, ['PLAIN'], { SHOPPER_EMAIL: 'real@example.com' });
  expect(env.values).toMatchObject({ SHOPPER_EMAIL: 'real@example.com', API_TOKEN: 'abc123', PLAIN: '1' });
  expect([...env.secretNames].sort()).toEqual(['API_TOKEN', 'PLAIN']);
});
