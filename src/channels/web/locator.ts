import { z } from 'zod';
import type { Locator, Page } from 'playwright';

const ARIA_ROLES = [
  'alert', 'article', 'banner', 'button', 'cell', 'checkbox', 'columnheader', 'combobox', 'complementary',
  'contentinfo', 'dialog', 'document', 'form', 'grid', 'gridcell', 'group', 'heading', 'img', 'link', 'list',
  'listbox', 'listitem', 'log', 'main', 'menu', 'menubar', 'menuitem', 'menuitemcheckbox', 'menuitemradio',
  'navigation', 'option', 'paragraph', 'progressbar', 'radio', 'radiogroup', 'region', 'row', 'rowgroup',
  'rowheader', 'search', 'searchbox', 'separator', 'slider', 'spinbutton', 'status', 'switch', 'tab', 'table',
  'tablist', 'tabpanel', 'textbox', 'timer', 'toolbar', 'tooltip', 'tree', 'treeitem',
] as const;

/** How a journey points at one thing on the page, the way a customer would name it. */
export const LocatorFields = {
  role: z.enum(ARIA_ROLES).optional().describe('ARIA role, e.g. button or link; pair with `name`'),
  // Empty text would match anything and check nothing.
  name: z.string().min(1, 'expected some text (an empty name matches anything)').optional().describe('Accessible name for `role` (text or /regex/flags)'),
  label: z.string().min(1, 'expected some text (an empty label matches anything)').optional().describe('The label of a form field'),
  text: z.string().min(1, 'expected some text (an empty text matches anything)').optional().describe('Visible text (substring, or /regex/flags)'),
  testId: z.string().min(1).optional().describe('A data-testid attribute'),
  css: z.string().min(1).optional().describe('A CSS selector, when nothing a customer sees names it'),
  exact: z.boolean().optional().describe('Match name/label/text exactly instead of as a substring'),
  nth: z.number().int().optional().describe('Pick the n-th match (0-based; -1 = last) when several match'),
};

const KINDS = ['role', 'label', 'text', 'testId', 'css'] as const;
type LocatorShape = { [K in keyof typeof LocatorFields]: z.infer<(typeof LocatorFields)[K]> };

/** Adds the "exactly one way to find it" check to an object schema that holds the locator fields. */
export function oneLocator<T extends z.ZodObject>(schema: T) {
  return schema.superRefine((value, ctx) => {
    const v = value as LocatorShape;
    const given = KINDS.filter((k) => v[k] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          given.length === 0
            ? `expected one of ${KINDS.join(', ')} to say what to look for`
            : `expected only one of ${KINDS.join(', ')}, got ${given.join(' and ')}`,
      });
    }
    if (v.name !== undefined && v.role === undefined) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: '`name` only goes with `role`' });
    }
  });
}

export const LocatorSchema = oneLocator(z.object(LocatorFields).strict());
export type LocatorSpec = z.infer<typeof LocatorSchema>;

/** `/pattern/flags` in a journey means a regular expression; anything else is plain text. */
export function textOrRegex(value: string): string | RegExp {
  const m = /^\/(.+)\/([dgimsuy]*)$/s.exec(value);
  return m ? new RegExp(m[1], m[2]) : value;
}

/**
 * The one text-matching rule of journeys: plain text matches as a case-insensitive substring
 * (white space folded), `/pattern/flags` as the regular expression written.
 */
export function matchText(actual: string, expected: string): boolean {
  const want = textOrRegex(expected);
  if (typeof want !== 'string') return want.test(actual);
  const fold = (t: string) => t.replace(/\s+/g, ' ').toLowerCase();
  return fold(actual).includes(fold(want));
}

export function toLocator(page: Page, spec: LocatorSpec): Locator {
  const exact = spec.exact;
  let loc: Locator;
  if (spec.role) {
    loc = page.getByRole(spec.role, spec.name === undefined ? {} : { name: textOrRegex(spec.name), exact });
  } else if (spec.label !== undefined) {
    loc = page.getByLabel(textOrRegex(spec.label), { exact });
  } else if (spec.text !== undefined) {
    loc = page.getByText(textOrRegex(spec.text), { exact });
  } else if (spec.testId !== undefined) {
    loc = page.getByTestId(spec.testId);
  } else {
    loc = page.locator(spec.css as string);
  }
  if (spec.nth === undefined) return loc;
  return spec.nth === -1 ? loc.last() : loc.nth(spec.nth);
}

/** A short human label, e.g. `button "Place order"`, used in step names and evidence. */
export function describeLocator(spec: LocatorSpec): string {
  const nth = spec.nth === undefined ? '' : ` #${spec.nth}`;
  if (spec.role) return `${spec.role}${spec.name === undefined ? '' : ` "${spec.name}"`}${nth}`;
  if (spec.label !== undefined) return `field "${spec.label}"${nth}`;
  if (spec.text !== undefined) return `text "${spec.text}"${nth}`;
  if (spec.testId !== undefined) return `test id "${spec.testId}"${nth}`;
  return `css ${spec.css}${nth}`;
}
