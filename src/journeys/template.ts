import Handlebars from 'handlebars';

/** What `{{…}}` in a journey can refer to. */
export interface TemplateContext {
  persona: Record<string, string>;
  env: Record<string, string>;
  [more: string]: unknown;
}

const hb = Handlebars.create();

export class TemplateError extends Error {}

/** Renders `{{persona.name}}`-style templates without HTML escaping; an unknown name is an error. */
export function renderTemplate(text: string, ctx: TemplateContext): string {
  if (!text.includes('{{')) return text;
  try {
    return hb.compile(text, { noEscape: true, strict: true })(ctx);
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
