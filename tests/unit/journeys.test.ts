import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { Config } from '../../src/config/schema.ts';
import { InputErrors } from '../../src/errors.ts';
import { loadJourneys } from '../../src/journeys/load.ts';
import { renderTemplate } from '../../src/journeys/template.ts';
import { plan } from '../../src/runner/plan.ts';
import { redact } from '../../src/runner/redact.ts';

function journeyDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ms-journeys-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function loadErrors(yaml: string): Promise<string[]> {
  const dir = journeyDir({ 'x.journey.yaml': yaml });
  try {
    await loadJourneys([dir], dir);
  } catch (err) {
    if (err instanceof InputErrors) return err.errors.map((e) => e.message);
    throw err;
  }
  throw new Error('expected the journey to be rejected');
}

const GOOD = `id: shop
name: Shop
start: /
steps:
  - name: Open the cart
    click: { role: link, name: Cart }
  - do:
      - fill: { label: Email, value: "{{persona.email}}" }
      - expect: { text: Thanks }
`;

test('a valid journey loads with defaults', async () => {
  const dir = journeyDir({ 'shop.journey.yaml': GOOD });
  const [loaded] = await loadJourneys([dir], dir);
  expect(loaded.file).toBe('shop.journey.yaml');
  expect(loaded.journey.repeat).toBe(1);
  expect(loaded.journey.steps).toHaveLength(2);
});

test('an unknown action names the file, the line, the path and the valid actions', async () => {
  const errors = await loadErrors(GOOD.replace('click: { role', 'clik: { role'));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/^x\.journey\.yaml:6:\d+ at steps\[0\]\.clik: unknown action or step field "clik": expected name, budgetMs, do, or an action \(goto, click, fill/);
});

test('an unknown action inside do: is reported at its line', async () => {
  const errors = await loadErrors(GOOD.replace('- expect: { text: Thanks }', '- expectt: { text: Thanks }'));
  expect(errors[0]).toMatch(/^x\.journey\.yaml:9:\d+ at steps\[1\]\.do\[1\]\.expectt: unknown action "expectt": expected one of goto, click/);
});

test('a missing field says which and where', async () => {
  const errors = await loadErrors(GOOD.replace('name: Shop\n', ''));
  expect(errors[0]).toMatch(/^x\.journey\.yaml:1:1 at name: .*expected string/i);
});

test('a bad locator says what a locator needs', async () => {
  const none = await loadErrors(GOOD.replace('click: { role: link, name: Cart }', 'click: { exact: true }'));
  expect(none[0]).toMatch(/x\.journey\.yaml:6:\d+ at steps\[0\]\.click: expected one of role, label, text, testId, css/);
  const two = await loadErrors(GOOD.replace('click: { role: link, name: Cart }', 'click: { text: Cart, css: a }'));
  expect(two[0]).toContain('expected only one of role, label, text, testId, css, got text and css');
  const role = await loadErrors(GOOD.replace('role: link', 'role: linky'));
  expect(role[0]).toMatch(/steps\[0\]\.click\.role: .*"link"/);
});

test('two actions in one step are refused with a hint to use do:', async () => {
  const errors = await loadErrors(GOOD.replace('    click: { role: link, name: Cart }', '    click: { role: link, name: Cart }\n    goto: /x'));
  expect(errors[0]).toContain('expected one action per entry, got goto and click (list several under `do:`)');
});

test('invalid YAML gives the line and column', async () => {
  const errors = await loadErrors('id: x\nname: [unclosed\nsteps: []\n');
  expect(errors[0]).toMatch(/^x\.journey\.yaml:\d+:\d+: invalid YAML/);
});

test('every problem in every file is reported at once', async () => {
  const dir = journeyDir({ 'a.journey.yaml': 'id: A!\nname: a\nsteps: []\n', 'b.journey.yaml': GOOD, 'c.journey.yaml': GOOD });
  const err = await loadJourneys([dir], dir).catch((e) => e);
  expect(err).toBeInstanceOf(InputErrors);
  const text = (err as Error).message;
  expect(text).toContain('a.journey.yaml:1:1 at id: expected lower-case letters');
  expect(text).toContain('a.journey.yaml:3:1 at steps: Too small');
  expect(text).toContain('c.journey.yaml:1:1 at id: journey id "shop" is already used by b.journey.yaml');
});

const config = Config.parse({
  personas: {
    alex: { email: 'alex@example.com', card: { value: '4111 1111', secret: true } },
    sam: { email: 'sam@example.com', card: { value: '4222 2222', secret: true } },
  },
  budgets: { stepMs: 2000, maxSteps: 9 },
});
const env = { values: { API_TOKEN: 'tok-123456' }, secretNames: new Set(['API_TOKEN']) };

test('plan: journeys × personas × repeat, templates rendered, budgets resolved', async () => {
  const dir = journeyDir({ 'shop.journey.yaml': GOOD.replace('start: /', 'start: /\nrepeat: 2\nbudgets: { stepMs: 900 }') });
  const runs = plan(await loadJourneys([dir], dir), config, env);
  expect(runs.map((r) => r.runId)).toEqual(['shop/alex/1', 'shop/alex/2', 'shop/sam/1', 'shop/sam/2']);
  const first = runs[0];
  expect(first.steps.map((s) => s.name)).toEqual(['Open the start page', 'Open the cart', 'fill field "Email" with "{{persona.email}}", expect text "Thanks"']);
  expect(first.steps[2].actions[0].args).toEqual({ label: 'Email', value: 'alex@example.com' });
  expect(runs[2].steps[2].actions[0].args).toEqual({ label: 'Email', value: 'sam@example.com' });
  expect(first.budgets).toEqual({ stepMs: 900, maxSteps: 9 });
  expect(first.steps[1].budgetMs).toBe(900);
  expect(first.secrets.sort()).toEqual(['4111 1111', 'tok-123456']);
});

test('plan: an unknown template value names the file, line and the persona fields', async () => {
  const dir = journeyDir({ 'shop.journey.yaml': GOOD.replace('{{persona.email}}', '{{persona.phone}}') });
  const err = await Promise.resolve(loadJourneys([dir], dir)).then((j) => {
    try {
      plan(j, config, env);
    } catch (e) {
      return e as Error;
    }
    return undefined;
  });
  expect(err?.message).toContain('shop.journey.yaml:8:');
  expect(err?.message).toContain('unknown template value {{persona.phone}} (known: email, card)');
});

test('plan: an unknown persona is an input error', async () => {
  const dir = journeyDir({ 'shop.journey.yaml': GOOD.replace('start: /', 'start: /\npersonas: [robin]') });
  expect(() => plan([], config, env)).not.toThrow();
  const journeys = await loadJourneys([dir], dir);
  expect(() => plan(journeys, config, env)).toThrow(/unknown persona "robin" \(the config defines: alex, sam\)/);
});

test('templates do not HTML-escape and refuse unknown names', () => {
  expect(renderTemplate('{{persona.name}} <b>', { persona: { name: "O'Brien & Co" }, env: {} })).toBe("O'Brien & Co <b>");
  expect(() => renderTemplate('{{env.MISSING}}', { persona: {}, env: {} })).toThrow(/unknown template value \{\{env.MISSING\}\} \(set it in the environment or in .env\)/);
});

const planErrors = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputErrors) return err.message;
    throw err;
  }
  throw new Error('expected the plan to fail');
};

/** Alex has fields only some journeys use: the audit's inbox, an unset variable, and a secret from the environment. */
const lazyConfig = Config.parse({
  personas: {
    alex: {
      email: 'alex@example.com',
      contact: '{{inbox.address}}',
      token: '{{env.MISSING}}',
      apiKey: { value: 'key-{{env.API_TOKEN}}', secret: true },
    },
  },
});

test('plan: persona fields no step uses never fail, whatever their templates', async () => {
  const dir = journeyDir({ 'shop.journey.yaml': GOOD });
  const journeys = await loadJourneys([dir], dir);
  const runs = plan(journeys, lazyConfig, env); // no inbox, no MISSING: neither is used
  expect(runs.map((r) => r.runId)).toEqual(['shop/alex/1']);
  expect(runs[0].steps[2].actions[0].args).toEqual({ label: 'Email', value: 'alex@example.com' });
  expect(runs[0].secrets.sort()).toEqual(['key-tok-123456', 'key-{{env.API_TOKEN}}', 'tok-123456']);
  // --grep picks journeys that need no email: the others, which do, are not planned and do not fail.
  const mail = journeyDir({ 'shop.journey.yaml': GOOD, 'mail.journey.yaml': GOOD.replace('id: shop', 'id: mail').replace('{{persona.email}}', '{{persona.contact}}') });
  expect(plan(await loadJourneys([mail], mail), lazyConfig, env, { grep: /shop/ }).map((r) => r.runId)).toEqual(['shop/alex/1']);
});

test('plan: a persona field a step uses fails at the step, naming the field', async () => {
  const dir = journeyDir({
    'mail.journey.yaml': GOOD.replace('id: shop', 'id: mail').replace('{{persona.email}}', '{{persona.contact}}'),
    'token.journey.yaml': GOOD.replace('id: shop', 'id: token').replace('click: { role: link, name: Cart }', 'fill: { label: Token, value: "t={{persona.token}}" }'),
  });
  const journeys = await loadJourneys([dir], dir);
  const text = planErrors(() => plan(journeys, lazyConfig, env));
  expect(text).toContain('mail.journey.yaml:8:');
  expect(text).toContain('unknown template value {{inbox.address}} (known: persona, env, now, uniqueId, testTag, date) in persona "alex", field "contact" (used as {{persona.contact}})');
  expect(text).toContain('token.journey.yaml:6:');
  expect(text).toContain('unknown template value {{env.MISSING}} (set it in the environment or in .env) in persona "alex", field "token"');
  // With the channel's values (as when the email channel runs), the field renders.
  const runs = plan(journeys.filter((j) => j.journey.id === 'mail'), lazyConfig, env, { templateExtras: (p, j) => ({ inbox: { address: `${p}.${j}@audit.test` } }) });
  expect(runs[0].steps[2].actions[0].args).toEqual({ label: 'Email', value: 'alex.mail@audit.test' });
});

test('plan: helpers in steps and persona fields; {{uniqueId}} is one value per run, another in every other run', async () => {
  const helperConfig = Config.parse({ personas: { alex: { email: 'alex+{{uniqueId}}@example.com' }, sam: { email: 'sam@example.com' } } });
  const dir = journeyDir({
    'book.journey.yaml': `id: book
name: Book
repeat: 2
steps:
  - fill: { label: Email, value: "{{persona.email}}" }
  - fill: { label: Reference, value: "ref-{{uniqueId}}" }
  - fill: { label: Date, value: '{{date "+1d" "yyyy-MM-dd"}}' }
  - expect: { text: "ref-{{uniqueId}} at {{now}}" }
`,
  });
  const before = Date.now();
  const runs = plan(await loadJourneys([dir], dir), helperConfig, env);
  expect(runs.map((r) => r.runId)).toEqual(['book/alex/1', 'book/alex/2', 'book/sam/1', 'book/sam/2']);
  const ids = runs.map((r) => {
    const [email, ref, date, seen] = r.steps.map((s) => s.actions[0].args as { value?: string; text?: string });
    const id = /^ref-([0-9a-z]{8})$/.exec(ref.value ?? '')?.[1];
    expect(id, r.runId).toBeDefined();
    if (r.persona === 'alex') expect(email.value).toBe(`alex+${id}@example.com`);
    const now = /^ref-\w+ at (.+)$/.exec(seen.text ?? '')?.[1] ?? '';
    expect(seen.text).toBe(`ref-${id} at ${now}`);
    expect(Date.parse(now)).toBeGreaterThanOrEqual(before);
    expect(date.value).toBe(new Date(Date.parse(now) + 86_400_000).toISOString().slice(0, 10));
    return id;
  });
  expect(new Set(ids).size).toBe(4);
  // Planned again (as when the audit starts its channels), every run draws anew.
  const again = plan(await loadJourneys([dir], dir), helperConfig, env).map((r) => (r.steps[1].actions[0].args as { value: string }).value);
  expect(again.filter((v) => ids.includes(v.slice(4)))).toEqual([]);
  // A bad helper argument fails at its step's line.
  const bad = journeyDir({ 'bad.journey.yaml': GOOD.replace('"{{persona.email}}"', `'{{date "+1M" "yyyy"}}'`) });
  const badJourneys = await loadJourneys([bad], bad);
  expect(planErrors(() => plan(badJourneys, helperConfig, env))).toMatch(/bad\.journey\.yaml:8:.*bad date offset "\+1M": unknown unit "M"/);
});

test('redact removes every secret, also URL-encoded, from nested records', () => {
  const out = redact({ a: 'card 4111 1111 here', b: ['x?c=4111%201111'], n: 3 }, ['4111 1111']);
  expect(out).toEqual({ a: 'card [secret] here', b: ['x?c=[secret]'], n: 3 });
});

test('plan: --persona plans only runs of those personas; a name the config lacks is bad input naming its personas', async () => {
  const dir = journeyDir({ 'shop.journey.yaml': GOOD, 'sam-only.journey.yaml': GOOD.replace('id: shop', 'id: sam-only').replace('start: /', 'start: /\npersonas: [sam]') });
  const journeys = await loadJourneys([dir], dir);
  expect(plan(journeys, config, env).map((r) => r.runId)).toEqual(['sam-only/sam/1', 'shop/alex/1', 'shop/sam/1']);
  expect(plan(journeys, config, env, { personas: ['alex'] }).map((r) => r.runId)).toEqual(['shop/alex/1']);
  expect(plan(journeys, config, env, { personas: ['sam', 'alex'] }).map((r) => r.runId)).toEqual(['sam-only/sam/1', 'shop/alex/1', 'shop/sam/1']);
  expect(() => plan(journeys, config, env, { personas: ['alex', 'robin', 'kim'] })).toThrow('--persona: unknown persona "robin", "kim" (the config defines: alex, sam)');
});
