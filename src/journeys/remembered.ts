/**
 * Values a run learns as it goes (the order number the confirmation page shows), for
 * `{{order.number}}` in later actions. Journeys are rendered when the audit is planned, before
 * any page is open: a remembered value stands in the planned action as a marker no journey can
 * type, and the runner puts the value in just before the action runs.
 */
import { TemplateError, type TemplateContext } from './template.ts';

const MARK = '\u0000remembered:';
const MARKED = /\u0000remembered:([^\u0000]+)\u0000/g;

// Marks an object made to hold remembered values (a symbol: no template can name it).
const GROUP = Symbol('remembered values');

/** A name a value is remembered by: words joined by dots (`orderNumber`, `order.number`). */
export const REMEMBER_NAME = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;

/**
 * Lets later actions of the run write `{{name}}`: puts a marker where the template looks it up.
 * A name whose first part the journey's values already use (persona, env, inbox…) is refused.
 */
export function placeRemembered(ctx: TemplateContext, name: string): void {
  const parts = name.split('.');
  let holder = ctx as Record<string, unknown>;
  for (const [i, part] of parts.entries()) {
    const last = i === parts.length - 1;
    const there = Object.hasOwn(holder, part) ? holder[part] : undefined;
    const ours = (v: unknown) => (typeof v === 'string' && v.startsWith(MARK)) || (typeof v === 'object' && v !== null && GROUP in v);
    if (there !== undefined && !ours(there)) {
      throw new TemplateError(`cannot remember a value as "${name}": {{${parts.slice(0, i + 1).join('.')}}} is already one of the journey's values (pick another name, e.g. order.number)`);
    }
    if (last) {
      if (typeof there === 'object') throw new TemplateError(`cannot remember a value as "${name}": it already holds remembered values (${Object.keys(there as object).join(', ')})`);
      holder[part] = `${MARK}${name}\u0000`;
    } else {
      if (typeof there === 'string') throw new TemplateError(`cannot remember a value as "${name}": "${parts.slice(0, i + 1).join('.')}" is itself remembered`);
      holder = (there as Record<string, unknown>) ?? (holder[part] = { [GROUP]: true });
    }
  }
}

/** True when a planned action's args wait for a remembered value. */
export const usesRemembered = (value: unknown): boolean => JSON.stringify(value ?? null).includes('\\u0000remembered:');

/** The args with every remembered value put in; a value not remembered yet is an error naming it. */
export function withRemembered<T>(value: T, remembered: ReadonlyMap<string, string>): T {
  if (typeof value === 'string') {
    return value.replace(MARKED, (_, name: string) => {
      const v = remembered.get(name);
      if (v === undefined) throw new Error(`{{${name}}} has no value: the step that remembers it did not run`);
      return v;
    }) as T;
  }
  if (Array.isArray(value)) return value.map((v) => withRemembered(v, remembered)) as T;
  if (value && typeof value === 'object' && !(value instanceof RegExp)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withRemembered(v, remembered)])) as T;
  }
  return value;
}
