// Documentation: docs/journeys.md embeds describeJourneys()'s output; a unit test keeps them in
// step (tests/unit/journeys-doc.test.ts), as docs/rules.md is kept in step with the rules. Every
// field comes from the zod schemas the tool validates with, so a field added there shows here.
import { z } from 'zod';
import type { ActionDef } from '../channels/action.ts';
import { allActions } from '../channels/actions.ts';
import { WaitFields } from '../channels/wait.ts';
import { LOCATOR_KINDS, LocatorFields, ScopeLocator } from '../channels/web/locator.ts';
import { ACTION_EXAMPLES } from './examples.ts';
import { ActionEntry, Journey, Step } from './schema.ts';

type Zod = z.ZodType;
/** zod's own description of a schema (type, inner types, checks). */
type Def = { type: string; innerType?: Zod; element?: Zod; options?: Zod[]; valueType?: Zod; in?: Zod; defaultValue?: unknown; checks?: { _zod: { def: Record<string, unknown> } }[]; values?: unknown[] };
const defOf = (s: Zod): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Schemas documented in a section of their own: a field of that type links there. */
const NAMED = new Map<Zod, string>([
  [Step, '[step](#steps)'],
  [ActionEntry, '[action](#actions)'],
  [ScopeLocator, '[locator](#locators)'],
]);
const unwrapOptional = (s: Zod): Zod => (defOf(s).type === 'optional' ? (defOf(s).innerType as Zod) : s);
// `has` inside a scope is a locator too (an inner one, with neither `inside` nor `has`).
NAMED.set(unwrapOptional(ScopeLocator.shape.has as Zod), '[locator](#locators)');

/** Field groups shown as one row that links to their section. */
const GROUPS: { fields: Record<string, Zod>; type: string; meaning: string }[] = [
  { fields: LocatorFields, type: '[locator](#locators)', meaning: `What to act on or look at, named as a customer would: one of ${LOCATOR_KINDS.map((k) => `\`${k}\``).join(', ')}, narrowed with the other locator fields` },
  { fields: WaitFields, type: '[wait](#waits)', meaning: 'What the customer should have to wait (`within`, the budget) and how long they keep waiting (`patience`), ms' },
];

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (v: unknown): string => `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``;

/** The description along a chain of wrappers (`.describe()` may sit inside or outside `.optional()`). */
function descriptionOf(s: Zod): string {
  for (let cur: Zod | undefined = s; cur; cur = defOf(cur).innerType) {
    if (cur.description) return cur.description;
  }
  return '';
}

interface Unwrapped {
  inner: Zod;
  required: boolean;
  default?: unknown;
}

function unwrap(s: Zod): Unwrapped {
  let required = true;
  let dflt: unknown;
  let cur = s;
  for (;;) {
    const d = defOf(cur);
    if (d.type === 'optional') required = false;
    else if (d.type === 'default' || d.type === 'prefault') {
      required = false;
      dflt = typeof d.defaultValue === 'function' ? (d.defaultValue as () => unknown)() : d.defaultValue;
    } else if (d.type !== 'nullable' && d.type !== 'readonly') break;
    cur = d.innerType as Zod;
  }
  return { inner: cur, required, ...(dflt !== undefined ? { default: dflt } : {}) };
}

/** `whole number ≥ 1`, `number > 0`, `whole number, 1 to 1000`. */
function numberType(s: Zod): string {
  const d = defOf(s);
  let int = false;
  let low: string | undefined;
  let high: number | undefined;
  for (const c of d.checks ?? []) {
    const cd = c._zod.def;
    if (cd.check === 'number_format' && String(cd.format).includes('int')) int = true;
    if (cd.check === 'greater_than') low = cd.inclusive ? `≥ ${cd.value}` : `> ${cd.value}`;
    if (cd.check === 'less_than' && cd.inclusive) high = cd.value as number;
  }
  if (int && low === '> 0') low = '≥ 1';
  const kind = int ? 'whole number' : 'number';
  if (low !== undefined && high !== undefined) return `${kind}, ${low.replace(/^≥ /, '').replace(/^> /, 'over ')} to ${high}`;
  return low !== undefined ? `${kind} ${low}` : kind;
}

function typeOf(s: Zod): string {
  const named = NAMED.get(s);
  if (named) return named;
  const d = defOf(s);
  switch (d.type) {
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
    case 'readonly':
      return typeOf(d.innerType as Zod);
    case 'string':
      return 'text';
    case 'number':
      return numberType(s);
    case 'boolean':
      return '`true` or `false`';
    case 'enum': {
      const options = (s as z.ZodEnum).options as string[];
      return options.length > 8 ? `one of ${options.length} names (listed below)` : options.map(code).join(' or ');
    }
    case 'literal':
      return (d.values ?? []).map(code).join(' or ');
    case 'array':
      return `list of ${typeOf(d.element as Zod).replace(/^\[(\w+)\]/, '[$1s]')}`;
    case 'object':
      return Object.keys((s as z.ZodObject).shape).length ? 'mapping (fields below)' : 'nothing (`{}`)';
    case 'union':
      return (d.options ?? []).map(typeOf).join(', or ');
    case 'record':
      return `mapping of names to ${typeOf(d.valueType as Zod)}`;
    case 'pipe':
      return typeOf(d.in as Zod);
    default:
      return d.type;
  }
}

/** Objects inside a field (a mapping, or a mapping among a union's choices) get rows of their own. */
function nestedObjects(s: Zod): z.ZodObject[] {
  if (NAMED.has(s)) return [];
  const d = defOf(s);
  if (d.type === 'object') return Object.keys((s as z.ZodObject).shape).length ? [s as z.ZodObject] : [];
  if (d.type === 'union') return (d.options ?? []).flatMap(nestedObjects);
  if (['optional', 'default', 'prefault', 'nullable', 'readonly'].includes(d.type)) return nestedObjects(d.innerType as Zod);
  return [];
}

/** Table rows for an object's fields: name, type, default (or required), meaning. */
function fieldRows(shape: Record<string, Zod>, opts: { prefix?: string; skip?: (key: string) => boolean; groups?: typeof GROUPS } = {}): string[] {
  const { prefix = '', skip = () => false, groups = GROUPS } = opts;
  const rows: string[] = [];
  const grouped = new Set<string>();
  for (const group of groups) {
    const keys = Object.keys(group.fields).filter((k) => shape[k] === group.fields[k]);
    if (!keys.length) continue;
    keys.forEach((k) => grouped.add(k));
    rows.push(`| ${keys.map((k) => code(prefix + k)).join(', ')} | ${group.type} | | ${cell(group.meaning)} |`);
  }
  for (const [key, field] of Object.entries(shape)) {
    if (grouped.has(key) || skip(key)) continue;
    const u = unwrap(field);
    const dflt = u.required ? '**required**' : u.default !== undefined ? code(u.default) : '';
    rows.push(`| ${code(prefix + key)} | ${cell(typeOf(field))} | ${cell(dflt)} | ${cell(descriptionOf(field))} |`);
    for (const obj of nestedObjects(field)) rows.push(...fieldRows(obj.shape as Record<string, Zod>, { prefix: `${prefix}${key}.`, groups }));
  }
  return rows;
}

const TABLE_HEAD = ['| Field | Type | Default | Meaning |', '| --- | --- | --- | --- |'];

/** What an action takes: a table of fields, a text, or a choice of those. */
function argsOf(action: ActionDef<unknown>): string[] {
  const s = unwrap(action.args as Zod).inner;
  const d = defOf(s);
  const choices = d.type === 'union' ? (d.options as Zod[]) : [s];
  const out: string[] = [];
  choices.forEach((choice, i) => {
    const lead = choices.length > 1 ? (i === 0 ? 'Either ' : 'or ') : 'Takes ';
    const inner = unwrap(choice).inner;
    if (defOf(inner).type === 'object') {
      const shape = (inner as z.ZodObject).shape as Record<string, Zod>;
      if (!Object.keys(shape).length) {
        out.push(`${lead}nothing: write \`${action.name}: {}\`.`, '');
        return;
      }
      out.push(`${lead}a mapping:`, '', ...TABLE_HEAD, ...fieldRows(shape), '');
    } else {
      const described = descriptionOf(choice) || descriptionOf(action.args as Zod);
      out.push(`${lead}${typeOf(choice)}${described ? `: ${described}` : ''}.`, '');
    }
  });
  return out;
}

/** The journeys reference in Markdown, generated from the zod schemas and the action registry. */
export function describeJourneys(actions: readonly ActionDef<any>[] = allActions): string {
  const actionNames = new Set(actions.map((a) => a.name));
  const journeyShape = Journey.shape as Record<string, Zod>;
  const stepShape = Step.shape as Record<string, Zod>;
  const role = unwrap(LocatorFields.role).inner as z.ZodEnum;
  const out: string[] = [
    '### Journey',
    '',
    'A journey file holds one journey (a TypeScript file may export a list). Its fields:',
    '',
    ...TABLE_HEAD,
    ...fieldRows(journeyShape),
    '',
    '### Steps',
    '',
    `Each step is one action, or several under \`do:\`, with these fields besides:`,
    '',
    ...TABLE_HEAD,
    `| one action: ${[...actionNames].map(code).join(', ')} | [action](#actions) | | What the customer does in this step |`,
    ...fieldRows(stepShape, { skip: (k) => actionNames.has(k) }),
    '',
    '### Locators',
    '',
    `Things on the page are found the way a customer names them: exactly one of ${LOCATOR_KINDS.map(code).join(', ')}, ` +
      'narrowed with the other fields when several things match. Text is matched case-insensitively as a part of the ' +
      "text (white space folded) unless `exact` is set; `/pattern/flags` is a regular expression. A locator inside `inside` or `has` takes the same fields, except `inside` and `nth`.",
    '',
    ...TABLE_HEAD,
    ...fieldRows(LocatorFields as Record<string, Zod>, { groups: [] }),
    '',
    `Roles: ${role.options.map(code).join(', ')}.`,
    '',
    '### Waits',
    '',
    'Every action that waits for something (`expect`, `waitFor`, `check`, `email.expect`, `chat.expectReply`…) takes these:',
    '',
    ...TABLE_HEAD,
    ...fieldRows(WaitFields as Record<string, Zod>, { groups: [] }),
    '',
    '### Actions',
    '',
    '| Action | What it does |',
    '| --- | --- |',
    ...actions.map((a) => `| [${code(a.name)}](#${a.name.replace(/\./g, '').toLowerCase()}) | ${cell(a.summary)} |`),
  ];
  for (const action of actions) {
    out.push('', `#### \`${action.name}\``, '', action.summary, '', ...argsOf(action));
    const example = ACTION_EXAMPLES[action.name];
    if (example) out.push('```yaml', example, '```');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
