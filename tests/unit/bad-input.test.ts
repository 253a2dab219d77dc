// Every bad input is an InputError naming the file (exit 2), never another exception.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { thrownBy } from './fixtures/errors.ts';
import { importWithin } from '../../src/config/import-within.ts';
import { InputError } from '../../src/errors.ts';
import { parseJourneyYaml } from '../../src/journeys/load.ts';
import { renderTemplate, TemplateError } from '../../src/journeys/template.ts';


test('a YAML alias bomb is refused as bad input, naming the file', () => {
  const rows = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (const [prev, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f']]) rows.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  const err = thrownBy(() => parseJourneyYaml(rows.join('\n'), 'bomb.journey.yaml'));
  expect(err).toBeInstanceOf(InputError);
  expect(err.message).toContain('bomb.journey.yaml:1');
  expect(err.message).toContain('too many aliases');
});

test('a module whose top-level await never settles is refused after the load time limit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ms-tla-'));
  const file = join(dir, 'stuck.journey.mjs');
  writeFileSync(file, 'await new Promise(() => {});\nexport default {};\n');
  const err = await importWithin(file, 'stuck.journey.mjs', 300).catch((e: Error) => e);
  expect(err).toBeInstanceOf(InputError);
  expect((err as Error).message).toContain('stuck.journey.mjs: did not finish loading within 0.3 s');
});

test('prototype names are unknown template values, not empty strings', () => {
  const ctx = { persona: { name: 'Alex' }, env: {} };
  for (const t of ['{{constructor}}', '{{toString}}', '{{persona.constructor}}', '{{persona.__proto__}}', '{{persona.hasOwnProperty}}', '{{env.valueOf}}']) {
    const err = thrownBy(() => renderTemplate(t, ctx));
    expect(err, t).toBeInstanceOf(TemplateError);
    expect(err.message, t).toContain(`unknown template value ${t}`);
  }
  expect(thrownBy(() => renderTemplate('{{#each persona}}x{{/each}}', ctx)).message).toContain('not blocks, partials or helpers');
  expect(thrownBy(() => renderTemplate('{{persona}}', ctx)).message).toBe('{{persona}} is a group of values, not a value (it has: name)');
  expect(renderTemplate('Hello {{persona.name}}', ctx)).toBe('Hello Alex');
});

test('an empty text to look for is refused: it would match anything and check nothing', () => {
  const journey = (step: string) => `id: x\nname: X\nsteps:\n  - ${step}\n`;
  for (const [step, msg] of [
    ['expect: { text: "" }', 'steps[0].expect.text: expected some text'],
    ['check: { text: "" }', 'steps[0].check.text: expected some text'],
    ['click: { role: button, name: "" }', 'steps[0].click.name: expected some text'],
    ['expect: { url: "" }', 'steps[0].expect.url: expected some text'],
    ['email.expect: { subject: "" }', 'steps[0].email.expect.subject: expected some text'],
  ]) {
    const err = thrownBy(() => parseJourneyYaml(journey(step), 'x.journey.yaml'));
    expect(err, step).toBeInstanceOf(InputError);
    expect(err.message, step).toContain(msg);
  }
});
