import Handlebars from 'handlebars';

/** What `{{…}}` in a journey can refer to. */
export interface TemplateContext {
  persona: Record<string, string>;
  env: Record<string, string>;
  [more: string]: unknown;
}

const hb = Handlebars.create();

export class TemplateError extends Error {}

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
 * Journeys insert values (`{{persona.name}}`, `{{env.X}}`, `{{inbox.address}}`): nothing else.
 * Every name must be the context's own value (never `constructor`, `toString` or `__proto__`,
 * which handlebars would quietly render as ""), and blocks, partials and helpers are refused.
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
    if (!path || path.type !== 'PathExpression' || path.data || node.params?.length || node.hash) {
      throw new TemplateError(`bad template "${text}": only values such as {{persona.name}} or {{env.NAME}} can be used, not blocks, partials or helpers`);
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

/** Renders `{{persona.name}}`-style templates without HTML escaping; an unknown name is an error. */
export function renderTemplate(text: string, ctx: TemplateContext): string {
  if (!text.includes('{{')) return text;
  checkValues(text, ctx);
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
