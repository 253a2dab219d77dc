import { randomBytes } from 'node:crypto';
import Handlebars from 'handlebars';

/** Where a context keeps its run's values for the helpers (a symbol: no template can name it). */
export const RUN_VALUES: unique symbol = Symbol('mystery-shopper run values');

/** What `{{now}}`, `{{date …}}` and `{{uniqueId}}` give in one run: fixed when the run is planned. */
export interface RunValues {
  /** The moment the run's steps were planned. */
  now: Date;
  /** 8 base-36 characters, drawn for this run. */
  uniqueId: string;
  /** What `{{testTag}}` starts with (config `testTag`). */
  testTagPrefix?: string;
}

/** The config's default `testTag`: what marks a test order in a notes field, before the run's uniqueId. */
export const DEFAULT_TEST_TAG = 'MYSTERY-SHOPPER TEST';

/** What `{{…}}` in a journey can refer to. */
export interface TemplateContext {
  persona: Record<string, string>;
  env: Record<string, string>;
  /** The run's `{{now}}` and `{{uniqueId}}`; when absent, each render draws its own. */
  [RUN_VALUES]?: RunValues;
  [more: string]: unknown;
}

const hb = Handlebars.create();

export class TemplateError extends Error {}

const ID_CHARS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Values for one run: `now` is this moment, `uniqueId` 8 random base-36 characters (36^8, about 2.8e12, possible). */
export function newRunValues(now: Date = new Date(), testTagPrefix: string = DEFAULT_TEST_TAG): RunValues {
  let uniqueId = '';
  while (uniqueId.length < 8) {
    // 252 = 7 × 36: bytes above it are dropped, so every character is equally likely.
    for (const byte of randomBytes(16)) if (byte < 252 && uniqueId.length < 8) uniqueId += ID_CHARS[byte % 36];
  }
  return { now, uniqueId, testTagPrefix };
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `+1d`, `-2h`, `+30m`, `+1w`, `10s`, `0` → milliseconds. */
function parseOffset(offset: string): number {
  if (/^[+-]?0$/.test(offset.trim())) return 0;
  const m = /^([+-]?)(\d{1,6})([A-Za-z]*)$/.exec(offset.trim());
  if (!m) throw new TemplateError(`bad date offset "${offset}": write a sign, a number and a unit, such as +1d, -2h, +30m or +1w (or 0 for now)`);
  const unit = UNIT_MS[m[3]];
  if (unit === undefined) {
    throw new TemplateError(`bad date offset "${offset}": ${m[3] ? `unknown unit "${m[3]}"` : 'no unit'} (use s, m, h, d or w: seconds, minutes, hours, days, weeks)`);
  }
  return (m[1] === '-' ? -1 : 1) * Number(m[2]) * unit;
}

const FORMAT_TOKENS: Record<string, (d: Date) => string> = {
  yyyy: (d) => String(d.getUTCFullYear()).padStart(4, '0'),
  MM: (d) => String(d.getUTCMonth() + 1).padStart(2, '0'),
  dd: (d) => String(d.getUTCDate()).padStart(2, '0'),
  HH: (d) => String(d.getUTCHours()).padStart(2, '0'),
  mm: (d) => String(d.getUTCMinutes()).padStart(2, '0'),
  ss: (d) => String(d.getUTCSeconds()).padStart(2, '0'),
};

/** Formats a date in UTC: tokens yyyy MM dd HH mm ss; other letters only inside '…' (`''` is a quote). */
function formatDate(date: Date, format: string): string {
  let out = '';
  // A run of one letter, a quoted text, or anything else (kept as it is).
  for (const [piece, letters, , quoted] of format.matchAll(/(([A-Za-z])\2*)|'((?:[^']|'')*)'|'|[^A-Za-z']+/g)) {
    if (letters !== undefined) {
      const token = FORMAT_TOKENS[letters];
      if (!token) throw new TemplateError(`bad date format "${format}": "${letters}" is not a format token (use yyyy, MM, dd, HH, mm, ss; put other letters in quotes, e.g. 'T')`);
      out += token(date);
    } else if (quoted !== undefined) {
      out += piece === "''" ? "'" : quoted.replaceAll("''", "'");
    } else if (piece === "'") {
      throw new TemplateError(`bad date format "${format}": a quote is not closed`);
    } else {
      out += piece;
    }
  }
  return out;
}

type Literal = string | number | boolean | null | undefined;

/**
 * The helpers a journey may use, and nothing else:
 *
 * - `{{now}}`: the moment the run's steps were planned, as an ISO timestamp in UTC
 *   (`2025-03-04T09:15:00.000Z`).
 * - `{{date OFFSET FORMAT}}`: that moment moved by OFFSET (`+1d`, `-2h`, `+30m`, `+1w`, `10s`, or
 *   `0`; units s, m, h, d, w), written in FORMAT with the tokens yyyy, MM, dd, HH, mm, ss, **in UTC**
 *   (e.g. `{{date "+1d" "yyyy-MM-dd"}}` is tomorrow's UTC date, `{{date "0" "dd/MM/yyyy HH:mm"}}` the
 *   time now). Other letters go in single quotes: `"yyyy-MM-dd'T'HH:mm"`.
 * - `{{uniqueId}}`: 8 random base-36 characters (`k3x9q0zt`), drawn once per run: the same in every
 *   step and persona field of one run (so a value filled in can be looked for later), different
 *   in every other run (each persona and repeat, each audit).
 * - `{{testTag}}`: the config's `testTag` and the run's uniqueId (`MYSTERY-SHOPPER TEST k3x9q0zt`),
 *   for a notes field of a test order on a live site, so staff can tell it is a test and each
 *   test order can be found (and cleaned up) by its run.
 *
 * A bad offset or format, or the wrong number of arguments, is a TemplateError.
 */
const HELPERS: Record<string, { usage: string; arity: number; run: (args: Literal[], run: RunValues) => string }> = {
  now: { usage: '{{now}}', arity: 0, run: (_, r) => r.now.toISOString() },
  uniqueId: { usage: '{{uniqueId}}', arity: 0, run: (_, r) => r.uniqueId },
  testTag: { usage: '{{testTag}}', arity: 0, run: (_, r) => `${r.testTagPrefix ?? DEFAULT_TEST_TAG} ${r.uniqueId}`.trim() },
  date: {
    usage: '{{date "+1d" "yyyy-MM-dd"}}',
    arity: 2,
    run: ([offset, format], r) => {
      if (typeof format !== 'string') throw new TemplateError(`bad date format ${String(format)}: write it in quotes, such as "yyyy-MM-dd"`);
      const at = new Date(r.now.getTime() + parseOffset(String(offset)));
      if (Number.isNaN(at.getTime())) throw new TemplateError(`bad date offset "${String(offset)}": too far from now`);
      return formatDate(at, format);
    },
  },
};

for (const [name, helper] of Object.entries(HELPERS)) {
  hb.registerHelper(name, function (this: unknown, ...args: unknown[]) {
    const options = args.pop() as { data?: { root?: TemplateContext } };
    const run = options.data?.root?.[RUN_VALUES];
    if (!run) throw new TemplateError(`${helper.usage} needs the run's values`);
    return helper.run(args as Literal[], run);
  });
}

/** Checks a helper call's arguments (count, literals, and their values) before anything renders. */
function checkHelper(name: string, params: unknown[], text: string): void {
  const helper = HELPERS[name];
  if (params.length !== helper.arity) {
    throw new TemplateError(`bad template "${text}": {{${name}}} takes ${helper.arity === 0 ? 'no arguments' : `${helper.arity} arguments`}, not ${params.length} (write ${helper.usage})`);
  }
  const args = params.map((p) => {
    const node = p as { type: string; value?: Literal };
    if (node.type !== 'StringLiteral' && node.type !== 'NumberLiteral') {
      throw new TemplateError(`bad template "${text}": the arguments of {{${name}}} must be quoted texts (write ${helper.usage})`);
    }
    return node.value;
  });
  helper.run(args, { now: new Date(0), uniqueId: '' });
}

/** A handlebars AST node, as far as checking values needs it. */
interface HbNode {
  type: string;
  body?: HbNode[];
  path?: { type: string; original: string; parts: string[]; data?: boolean };
  params?: unknown[];
  hash?: unknown;
}

const own = (o: unknown, key: string): boolean => o !== null && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, key);

/**
 * Journeys insert values (`{{persona.name}}`, `{{env.X}}`, `{{inbox.address}}`) and use the
 * helpers above (`{{now}}`, `{{date "+1d" "yyyy-MM-dd"}}`, `{{uniqueId}}`): nothing else.
 * Every name must be the context's own value (never `constructor`, `toString` or `__proto__`,
 * which handlebars would quietly render as ""), and blocks, partials and other helpers are refused.
 */
function checkValues(text: string, ctx: TemplateContext): void {
  let ast: HbNode;
  try {
    ast = hb.parse(text) as unknown as HbNode;
  } catch (err) {
    throw new TemplateError(`bad template "${text}": ${(err as Error).message.split('\n')[0]}`);
  }
  for (const node of ast.body ?? []) {
    if (node.type === 'ContentStatement' || node.type === 'CommentStatement') continue;
    const path = node.type === 'MustacheStatement' ? node.path : undefined;
    if (path?.type === 'PathExpression' && !path.data && !node.hash && Object.hasOwn(HELPERS, path.original)) {
      checkHelper(path.original, node.params ?? [], text);
      continue;
    }
    if (!path || path.type !== 'PathExpression' || path.data || node.params?.length || node.hash) {
      throw new TemplateError(`bad template "${text}": only values such as {{persona.name}} or {{env.NAME}} and the helpers {{now}}, {{date "+1d" "yyyy-MM-dd"}}, {{uniqueId}} and {{testTag}} can be used, not blocks, partials or helpers other than these`);
    }
    let value: unknown = ctx;
    for (const [i, part] of path.parts.entries()) {
      if (!own(value, part)) throw unknownValue(path.original, path.parts.slice(0, i).join('.'), value, ctx);
      value = (value as Record<string, unknown>)[part];
    }
    if (value === null || (typeof value === 'object')) {
      throw new TemplateError(`{{${path.original}}} is a group of values, not a value${typeof value === 'object' && value ? ` (it has: ${Object.keys(value).join(', ')})` : ''}`);
    }
  }
}

function unknownValue(used: string, parent: string, holder: unknown, ctx: TemplateContext): TemplateError {
  const root = used.split('.')[0];
  const known = holder && typeof holder === 'object' && !Array.isArray(holder) ? Object.keys(holder) : [];
  if (parent === '') known.push(...Object.keys(HELPERS));
  const hint =
    root === 'env' && parent === 'env'
      ? ' (set it in the environment or in .env)'
      : known.length
        ? ` (known: ${known.join(', ')})`
        : parent === ''
          ? ` (known: ${Object.keys(ctx).join(', ')})`
          : '';
  return new TemplateError(`unknown template value {{${used}}}${hint}`);
}

// The same few texts are rendered once per planned run: compile each once.
const COMPILED = new Map<string, HandlebarsTemplateDelegate>();
function compiled(text: string): HandlebarsTemplateDelegate {
  let fn = COMPILED.get(text);
  if (!fn) COMPILED.set(text, (fn = hb.compile(text, { noEscape: true, strict: true })));
  return fn;
}

/** Renders `{{persona.name}}`-style templates without HTML escaping; an unknown name is an error. */
export function renderTemplate(text: string, ctx: TemplateContext): string {
  if (!text.includes('{{')) return text;
  checkValues(text, ctx);
  const withRun = ctx[RUN_VALUES] ? ctx : { ...ctx, [RUN_VALUES]: newRunValues() };
  try {
    return compiled(text)(withRun);
  } catch (err) {
    const msg = (err as Error).message;
    const missing = /"([^"]+)" not defined in/.exec(msg)?.[1];
    if (missing) {
      const expr = /\{\{\s*([^}]*?\b[\w.]*\b)\s*\}\}/g;
      const used = [...text.matchAll(expr)].map((m) => m[1]).find((e) => e.split('.').includes(missing)) ?? missing;
      const [root] = used.split('.');
      const known = root === 'persona' ? Object.keys(ctx.persona) : root === 'env' ? [] : Object.keys(ctx);
      const hint = root === 'env' ? ' (set it in the environment or in .env)' : known.length ? ` (known: ${known.join(', ')})` : '';
      throw new TemplateError(`unknown template value {{${used}}}${hint}`);
    }
    if (err instanceof TemplateError) throw err;
    throw new TemplateError(`bad template "${text}": ${msg.split('\n')[0]}`);
  }
}

/** Renders every string inside a value (objects and arrays included). */
export function renderDeep<T>(value: T, ctx: TemplateContext): T {
  if (typeof value === 'string') return renderTemplate(value, ctx) as T;
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, ctx)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDeep(v, ctx)])) as T;
  }
  return value;
}
