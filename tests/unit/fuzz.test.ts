// Property tests (fast-check) over what users write: journeys, configs and templates. Whatever
// the input, the result is a value or an InputError (exit 2 with a message), never another
// exception (which would be exit 3, "unexpected error"). CI runs FUZZ_RUNS (default 1,500) cases
// per property; `npm run fuzz` runs 100,000.
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseConfig } from '../../src/config/load.ts';
import { InputError } from '../../src/errors.ts';
import { parseJourneyYaml } from '../../src/journeys/load.ts';
import { renderDeep, renderTemplate, TemplateError } from '../../src/journeys/template.ts';
import { Config } from '../../src/config/schema.ts';
import { plan } from '../../src/runner/plan.ts';

const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 1500;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const params = { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) };
// About 5 ms a case for the slowest property, with room for a loaded machine.
test.describe.configure({ timeout: Math.max(60_000, RUNS * 20) });

/** Runs `fn`; returns 'ok' or 'input-error', and lets any other exception fail the property. */
function outcome(fn: () => unknown, allowed: (err: unknown) => boolean): 'ok' | 'refused' {
  try {
    fn();
    return 'ok';
  } catch (err) {
    if (allowed(err)) return 'refused';
    throw err;
  }
}
// Plain checks inside properties: the test runner records every expect(), and 100,000 of them
// would make it crawl.
let cases = 0;
const check = (r: 'ok' | 'refused') => {
  cases++;
  if (r !== 'ok' && r !== 'refused') throw new Error(`unexpected outcome ${String(r)}`);
};
test.beforeEach(() => {
  cases = 0;
});
// Every property really ran its FUZZ_RUNS cases.
test.afterEach(() => {
  expect(cases).toBe(RUNS);
});
const isInputError = (err: unknown) => err instanceof InputError && err.message.length > 0;

const ACTIONS = ['goto', 'click', 'fill', 'select', 'tick', 'press', 'expect', 'waitFor', 'check', 'email.expect', 'email.openLink', 'chat.say', 'chat.expectReply', 'clik'];
const KEYS = ['role', 'name', 'label', 'text', 'testId', 'css', 'value', 'option', 'within', 'patience', 'finding', 'absent', 'url', 'title', 'exact', 'nth', 'optional', 'subject', 'matches', 'email', 'chat', '__proto__', 'constructor'];
const scalar = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', '/x/i', '/[/', '{{persona.name}}', '{{constructor}}', '{{', '\u202e', 'button', 'link', 'heading'),
  fc.integer({ min: -5, max: 200_000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const args = fc.oneof(scalar, fc.dictionary(fc.constantFrom(...KEYS), scalar, { maxKeys: 4 }), fc.array(scalar, { maxLength: 3 }));
const step = fc.oneof(
  fc.record({ name: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }), action: fc.constantFrom(...ACTIONS), args }).map(({ name, action, args: a }) => ({ ...(name !== undefined ? { name } : {}), [action]: a })),
  fc.record({ do: fc.array(fc.record({ action: fc.constantFrom(...ACTIONS), args }).map(({ action, args: a }) => ({ [action]: a })), { maxLength: 4 }) }),
  fc.anything({ maxDepth: 2 }),
);
/** Journeys shaped like the real thing, and often slightly wrong. */
const journeyLike = fc.record(
  {
    id: fc.oneof(fc.constantFrom('shop', 'a.b-c_d', ''), fc.string({ maxLength: 12 })),
    name: fc.oneof(fc.constant('Shop'), fc.string({ maxLength: 12 })),
    start: fc.oneof(fc.constant('/'), scalar),
    repeat: fc.oneof(fc.integer({ min: -1, max: 2000 }), scalar),
    budgets: fc.oneof(fc.record({ stepMs: fc.integer({ min: -10, max: 10_000 }) }), scalar),
    personas: fc.oneof(fc.constant(['alex']), fc.array(fc.string({ maxLength: 6 }), { maxLength: 2 })),
    steps: fc.array(step, { maxLength: 6 }),
  },
  { requiredKeys: [] },
);

/** YAML's sharper edges: anchors and aliases (bombs), merge keys, tags, flow and block mixes. */
const yamlPieces = fc
  .array(
    fc.constantFrom('a: &a [1,2,3]\n', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n', 'c: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n', '<<: *a\n', 'x: !!js/function "f"\n', 'y: !!binary aGk=\n',
      '- *a\n', 'steps:\n', '  - goto: /\n', 'id: x\n', 'name: X\n', '? complex\n: key\n', '"\\u0000": 1\n', '---\n', '...\n', 'z: *missing\n', '  bad indent\n', '\t: tab\n'),
    { maxLength: 10 },
  )
  .map((a) => a.join(''));

test('any text as a YAML journey: a journey or an InputError naming the file', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 120 }), yamlPieces, journeyLike.map((j) => stringify(j))), (text) => {
      const r = outcome(() => parseJourneyYaml(text, 'fuzz.journey.yaml'), (err) => isInputError(err) && (err as Error).message.includes('fuzz.journey.yaml'));
      check(r);
    }),
    params,
  );
});

const config = Config.parse({ personas: { alex: { name: 'Alex', card: { value: '4242', secret: true } } }, journeyTimeoutMs: 60_000 });
const env = { values: { TOKEN: 'tok-1234' }, secretNames: new Set(['TOKEN']) };

test('a valid journey plans, or the plan refuses it with an InputError', () => {
  fc.assert(
    fc.property(journeyLike, (j) => {
      let loaded;
      try {
        loaded = parseJourneyYaml(stringify(j), 'fuzz.journey.yaml');
      } catch (err) {
        if (isInputError(err)) return check('refused');
        throw err;
      }
      const r = outcome(() => plan([loaded], config, env, { findingKinds: new Set(['check-failed', 'no-promised-timeframe']) }), isInputError);
      check(r);
    }),
    params,
  );
});

test('any value as a config: a config or an InputError naming the file', () => {
  const configLike = fc.record(
    {
      baseURL: fc.oneof(fc.constant('http://127.0.0.1:1/'), scalar),
      personas: fc.oneof(fc.dictionary(fc.string({ maxLength: 6 }), fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(scalar, fc.record({ value: scalar, secret: scalar })))), scalar),
      patienceMs: scalar,
      concurrency: scalar,
      rules: fc.oneof(fc.dictionary(fc.constantFrom('slow-step', 'dead-end', 'nope'), fc.dictionary(fc.string({ maxLength: 8 }), scalar)), scalar),
      findings: fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), fc.record({ title: scalar, severity: scalar })), scalar),
      stepTimeoutMs: scalar,
    },
    { requiredKeys: [] },
  );
  fc.assert(
    fc.property(fc.oneof(configLike, fc.anything({ maxDepth: 3 })), (raw) => {
      const r = outcome(() => parseConfig(raw, 'fuzz.config.json'), (err) => isInputError(err) && (err as Error).message.includes('fuzz.config.json'));
      check(r);
    }),
    params,
  );
});

test('any template text: rendered, or a TemplateError', () => {
  const ctx = { persona: { name: 'Alex', email: 'a@b.c' }, env: { HOME: '/x' }, inbox: { address: 'x@y' } };
  const template = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.array(fc.constantFrom('{{', '}}', 'persona', '.', 'name', 'env', 'constructor', '__proto__', '#each', '/each', '>', '!', ' ', 'x', '{{{', '}}}', '\\', '@root', 'this', '../'), { maxLength: 12 }).map((a) => a.join('')),
  );
  fc.assert(
    fc.property(template, (text) => {
      const r = outcome(() => {
        const out = renderTemplate(text, ctx);
        if (typeof out !== 'string') throw new Error(`rendered ${typeof out}, not a string`);
        renderDeep({ a: [text] }, ctx);
      }, (err) => err instanceof TemplateError);
      check(r);
    }),
    params,
  );
});
