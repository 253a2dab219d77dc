import { z } from 'zod';
import { textOrRegex } from '../text.ts';
import type { Locator, Page } from 'playwright';

const ARIA_ROLES = [
  'alert', 'article', 'banner', 'button', 'cell', 'checkbox', 'columnheader', 'combobox', 'complementary',
  'contentinfo', 'dialog', 'document', 'form', 'grid', 'gridcell', 'group', 'heading', 'img', 'link', 'list',
  'listbox', 'listitem', 'log', 'main', 'menu', 'menubar', 'menuitem', 'menuitemcheckbox', 'menuitemradio',
  'navigation', 'option', 'paragraph', 'progressbar', 'radio', 'radiogroup', 'region', 'row', 'rowgroup',
  'rowheader', 'search', 'searchbox', 'separator', 'slider', 'spinbutton', 'status', 'switch', 'tab', 'table',
  'tablist', 'tabpanel', 'textbox', 'timer', 'toolbar', 'tooltip', 'tree', 'treeitem',
] as const;

/** The ways to name one thing: a role and name, a label, a text, a test id, or CSS. */
const BaseFields = {
  role: z.enum(ARIA_ROLES).optional().describe('ARIA role, e.g. button or link; pair with `name`'),
  // Empty text would match anything and check nothing.
  name: z.string().min(1, 'expected some text (an empty name matches anything)').optional().describe('Accessible name for `role` (text or /regex/flags)'),
  label: z.string().min(1, 'expected some text (an empty label matches anything)').optional().describe('The label of a form field'),
  text: z.string().min(1, 'expected some text (an empty text matches anything)').optional().describe('Visible text (substring, or /regex/flags)'),
  testId: z.string().min(1).optional().describe("A test id attribute (`data-testid`, or the config's `testIdAttribute`)"),
  css: z.string().min(1).optional().describe('A CSS selector, when nothing a customer sees names it'),
  exact: z.boolean().optional().describe('Match name/label/text exactly instead of as a substring'),
  hasText: z.string().min(1, 'expected some text').optional().describe('Only elements that contain this text somewhere inside (or match /regex/flags)'),
};

/** An element a container or a candidate must contain (`has`). */
const InnerLocator = z
  .object(BaseFields)
  .strict()
  .superRefine((v, ctx) => oneKind(v as LocatorShape, ctx))
  // An id: the JSON Schema defines it once and refers to it from every action.
  .meta({ id: 'innerLocator' });

/** A container or an inner element a locator is scoped or filtered by (no `inside` of its own). */
export const ScopeLocator = z
  .object({ ...BaseFields, has: InnerLocator.optional().describe('Only those that contain such an element') })
  .strict()
  .superRefine((v, ctx) => oneKind(v as LocatorShape, ctx))
  .meta({ id: 'scopeLocator' });
export type ScopeLocator = z.infer<typeof ScopeLocator>;

/** How a journey points at one thing on the page, the way a customer would name it. */
export const LocatorFields = {
  ...BaseFields,
  // Not `within`: on waiting actions that is the time budget.
  inside: ScopeLocator.optional().describe('Look only inside this container, e.g. `{ role: article, hasText: Espresso }` or `{ role: dialog }`'),
  has: ScopeLocator.optional().describe('Only elements that contain such an element, e.g. a row that has `{ text: "Order A1001" }`'),
  nth: z.number().int().optional().describe('Pick the n-th match (0-based; -1 = last) when several match'),
};

export const LOCATOR_KINDS = ['role', 'label', 'text', 'testId', 'css'] as const;
type LocatorShape = { [K in keyof typeof BaseFields]?: z.infer<(typeof BaseFields)[K]> } & { inside?: ScopeLocator; has?: ScopeLocator; nth?: number };

function oneKind(v: LocatorShape, ctx: z.RefinementCtx): void {
  const given = LOCATOR_KINDS.filter((k) => v[k] !== undefined);
  if (given.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message:
        given.length === 0 ? `expected one of ${LOCATOR_KINDS.join(', ')} to say what to look for` : `expected only one of ${LOCATOR_KINDS.join(', ')}, got ${given.join(' and ')}`,
    });
  }
  if (v.name !== undefined && v.role === undefined) ctx.addIssue({ code: 'custom', path: ['name'], message: '`name` only goes with `role`' });
}

/** Adds the "exactly one way to find it" check to an object schema that holds the locator fields. */
export function oneLocator<T extends z.ZodObject>(schema: T) {
  return schema.superRefine((value, ctx) => oneKind(value as LocatorShape, ctx));
}

export const LocatorSchema = oneLocator(z.object(LocatorFields).strict());
export type LocatorSpec = z.infer<typeof LocatorSchema>;

/** Page and Locator both find things by role, label, text, test id and CSS. */
type Scope = Pick<Page, 'getByRole' | 'getByLabel' | 'getByText' | 'getByTestId' | 'locator'>;

function find(scope: Scope, page: Page, spec: LocatorShape): Locator {
  const exact = spec.exact;
  let loc: Locator;
  if (spec.role) {
    loc = scope.getByRole(spec.role, spec.name === undefined ? {} : { name: textOrRegex(spec.name), exact });
  } else if (spec.label !== undefined) {
    loc = scope.getByLabel(textOrRegex(spec.label), { exact });
  } else if (spec.text !== undefined) {
    loc = scope.getByText(textOrRegex(spec.text), { exact });
  } else if (spec.testId !== undefined) {
    loc = scope.getByTestId(spec.testId);
  } else {
    loc = scope.locator(spec.css as string);
  }
  if (spec.hasText !== undefined || spec.has !== undefined) {
    loc = loc.filter({
      ...(spec.hasText !== undefined ? { hasText: textOrRegex(spec.hasText) } : {}),
      // `has` is relative to each candidate: built from the page, as Playwright requires.
      ...(spec.has !== undefined ? { has: find(page, page, spec.has) } : {}),
    });
  }
  return loc;
}

export function toLocator(page: Page, spec: LocatorSpec): Locator {
  const shape = spec as LocatorShape;
  // Inside a container: its first match (a list of matching containers is narrowed with `hasText`).
  const scope: Scope = shape.inside ? find(page, page, shape.inside) : page;
  const loc = find(scope, page, shape);
  if (shape.nth === undefined) return loc;
  return shape.nth === -1 ? loc.last() : loc.nth(shape.nth);
}

function describeOne(spec: LocatorShape): string {
  const base =
    spec.role !== undefined
      ? `${spec.role}${spec.name === undefined ? '' : ` "${spec.name}"`}`
      : spec.label !== undefined
        ? `field "${spec.label}"`
        : spec.text !== undefined
          ? `text "${spec.text}"`
          : spec.testId !== undefined
            ? `test id "${spec.testId}"`
            : `css ${spec.css}`;
  return `${base}${spec.hasText !== undefined ? ` with text "${spec.hasText}"` : ''}${spec.has !== undefined ? ` having ${describeOne(spec.has)}` : ''}`;
}

/** A short human label, e.g. `button "Place order"`, used in step names and evidence. */
export function describeLocator(spec: LocatorSpec): string {
  const shape = spec as LocatorShape;
  const nth = shape.nth === undefined ? '' : ` #${shape.nth}`;
  return `${describeOne(shape)}${nth}${shape.inside ? ` in ${describeOne(shape.inside)}` : ''}`;
}
