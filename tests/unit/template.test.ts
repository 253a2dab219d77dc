// Template helpers ({{now}}, {{date OFFSET FORMAT}}, {{uniqueId}}) and what stays refused.
import { expect, test } from '@playwright/test';
import { thrownBy } from './fixtures/errors.ts';
import { newRunValues, renderDeep, renderTemplate, RUN_VALUES, TemplateError, type TemplateContext } from '../../src/journeys/template.ts';


/** A run planned at 2025-01-31 23:30:15.250 UTC (a month's and a day's end: offsets roll over). */
const NOW = new Date('2025-01-31T23:30:15.250Z');
const ctx = (): TemplateContext => ({ persona: { name: 'Alex' }, env: { HOME: '/x' }, [RUN_VALUES]: { now: NOW, uniqueId: 'k3x9q0zt' } });

test('{{now}} is the run’s planning moment as an ISO timestamp in UTC', () => {
  expect(renderTemplate('{{now}}', ctx())).toBe('2025-01-31T23:30:15.250Z');
  expect(renderTemplate('at {{{now}}}!', ctx())).toBe('at 2025-01-31T23:30:15.250Z!');
  const before = Date.now();
  const out = renderTemplate('{{now}}', { persona: {}, env: {} }); // outside a run: this moment
  expect(out).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(Date.parse(out)).toBeGreaterThanOrEqual(before);
  expect(Date.parse(out)).toBeLessThanOrEqual(Date.now());
});

test('{{date OFFSET FORMAT}}: offsets from now, formatted in UTC', () => {
  for (const [template, out] of [
    ['{{date "+1d" "yyyy-MM-dd"}}', '2025-02-01'],
    ['{{date "-1d" "yyyy-MM-dd"}}', '2025-01-30'],
    ['{{date "-2h" "HH:mm"}}', '21:30'],
    ['{{date "+30m" "yyyy-MM-dd HH:mm:ss"}}', '2025-02-01 00:00:15'],
    ['{{date "+45s" "HH:mm:ss"}}', '23:31:00'],
    ['{{date "+1w" "dd/MM/yyyy"}}', '07/02/2025'],
    ['{{date "1d" "dd.MM."}}', '01.02.'],
    ['{{date "+366d" "yyyy"}}', '2026'],
    ['{{date "0" "yyyy-MM-dd HH:mm:ss"}}', '2025-01-31 23:30:15'],
    ['{{date 0 "yyyy"}}', '2025'],
    ['{{date "+1d" "yyyy-MM-dd\'T\'HH:mm"}}', '2025-02-01T23:30'],
    ['{{date "0" "\'Slot on\' dd MM, \'\'HH\'\'"}}', "Slot on 31 01, '23'"],
    ['{{date "0" ""}}', ''],
    ['Call back {{date "+2d" "yyyy-MM-dd"}} at {{date "+2d" "HH"}}h, {{persona.name}}', 'Call back 2025-02-02 at 23h, Alex'],
  ]) {
    expect(renderTemplate(template, ctx()), template).toBe(out);
  }
  // UTC whatever the machine's zone: the same as toISOString's date.
  const before = new Date().toISOString().slice(0, 10);
  const today = renderTemplate('{{date "0" "yyyy-MM-dd"}}', { persona: {}, env: {} });
  expect([before, new Date().toISOString().slice(0, 10)]).toContain(today);
});

test('{{uniqueId}}: 8 base-36 characters, the same throughout a run, different across runs', () => {
  expect(renderTemplate('order-{{uniqueId}}', ctx())).toBe('order-k3x9q0zt');
  const run = { persona: {}, env: {}, [RUN_VALUES]: newRunValues() };
  const [a, b] = renderDeep(['{{uniqueId}}', 'x+{{uniqueId}}@example.com'], run);
  expect(a).toMatch(/^[0-9a-z]{8}$/);
  expect(b).toBe(`x+${a}@example.com`);
  const ids = new Set(Array.from({ length: 2000 }, () => newRunValues().uniqueId));
  expect(ids.size).toBe(2000);
  expect([...ids].filter((id) => !/^[0-9a-z]{8}$/.test(id))).toEqual([]);
  // Outside a run, every render draws a new one.
  expect(renderTemplate('{{uniqueId}}', { persona: {}, env: {} })).not.toBe(renderTemplate('{{uniqueId}}', { persona: {}, env: {} }));
});

test('bad helper arguments are TemplateErrors saying what to write', () => {
  for (const [template, message] of [
    ['{{date}}', '{{date}} takes 2 arguments, not 0 (write {{date "+1d" "yyyy-MM-dd"}})'],
    ['{{date "+1d"}}', '{{date}} takes 2 arguments, not 1'],
    ['{{date "+1d" "yyyy" "x"}}', '{{date}} takes 2 arguments, not 3'],
    ['{{now "x"}}', '{{now}} takes no arguments, not 1'],
    ['{{uniqueId 8}}', '{{uniqueId}} takes no arguments, not 1'],
    ['{{date "+1x" "yyyy"}}', 'bad date offset "+1x": unknown unit "x" (use s, m, h, d or w'],
    ['{{date "+1M" "yyyy"}}', 'bad date offset "+1M": unknown unit "M"'],
    ['{{date "+1days" "yyyy"}}', 'unknown unit "days"'],
    ['{{date "+1" "yyyy"}}', 'bad date offset "+1": no unit'],
    ['{{date 2 "yyyy"}}', 'bad date offset "2": no unit'],
    ['{{date "tomorrow" "yyyy"}}', 'bad date offset "tomorrow": write a sign, a number and a unit'],
    ['{{date "+1d2h" "yyyy"}}', 'bad date offset "+1d2h"'],
    ['{{date "" "yyyy"}}', 'bad date offset ""'],
    ['{{date "+1d" "YYYY-MM-DD"}}', 'bad date format "YYYY-MM-DD": "YYYY" is not a format token (use yyyy, MM, dd, HH, mm, ss'],
    ['{{date "+1d" "yy"}}', '"yy" is not a format token'],
    ['{{date "+1d" "yyyy-MM-ddTHH"}}', '"T" is not a format token'],
    ['{{date "+1d" "hh:mm"}}', '"hh" is not a format token'],
    ['{{date "+1d" "yyyy \'at"}}', 'bad date format "yyyy \'at": a quote is not closed'],
    ['{{date "+1d" 5}}', 'bad date format 5: write it in quotes'],
    ['{{date persona.name "yyyy"}}', 'the arguments of {{date}} must be quoted texts'],
    ['{{date (now) "yyyy"}}', 'the arguments of {{date}} must be quoted texts'],
    ['{{date "+1d" true}}', 'the arguments of {{date}} must be quoted texts'],
  ]) {
    const err = thrownBy(() => renderTemplate(template, ctx()));
    expect(err, template).toBeInstanceOf(TemplateError);
    expect(err.message, template).toContain(message);
  }
});

test('everything else stays refused: prototype names, blocks, partials, other helpers', () => {
  for (const t of ['{{constructor}}', '{{persona.constructor}}', '{{persona.__proto__}}', '{{this.now}}', '{{./uniqueId}}', '{{log}}', '{{helperMissing}}', '{{lookup}}']) {
    const err = thrownBy(() => renderTemplate(t, ctx()));
    expect(err, t).toBeInstanceOf(TemplateError);
    expect(err.message, t).toContain(`unknown template value ${t}`);
  }
  expect(thrownBy(() => renderTemplate('{{constructor}}', ctx())).message).toContain('(known: persona, env, now, uniqueId, testTag, date)');
  for (const t of [
    '{{#each persona}}x{{/each}}',
    '{{#now}}x{{/now}}',
    '{{#uniqueId}}{{/uniqueId}}',
    '{{^now}}x{{/now}}',
    '{{> now}}',
    '{{lookup persona "name"}}',
    '{{log "x"}}',
    '{{date "+1d" "yyyy" tz="Europe/Paris"}}',
    '{{now x=1}}',
    '{{@root.now}}',
    '{{persona.name "x"}}',
  ]) {
    const err = thrownBy(() => renderTemplate(t, ctx()));
    expect(err, t).toBeInstanceOf(TemplateError);
    expect(err.message, t).toContain('not blocks, partials or helpers');
  }
  // A persona field named like a helper is still the field.
  expect(renderTemplate('{{persona.now}} {{now}}', { ...ctx(), persona: { now: 'later' } })).toBe('later 2025-01-31T23:30:15.250Z');
});
