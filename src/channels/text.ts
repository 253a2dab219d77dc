/**
 * The one text-matching rule of journeys, configs and chat profiles, for every channel:
 * plain text matches as a case-insensitive substring with white space folded (as Playwright's
 * own text locators do); `/pattern/flags` is the regular expression as written, its flags deciding case.
 */

const REGEX = /^\/(.+)\/([dgimsuy]*)$/s;

/** `/pattern/flags` as a RegExp; anything else stays plain text (for Playwright's locators, which fold the same way). */
export function textOrRegex(value: string): string | RegExp {
  const m = REGEX.exec(value);
  return m ? new RegExp(m[1], m[2]) : value;
}

/** The text as a RegExp under the rule above (for patterns whose groups are read, e.g. an agent's name). */
export function textPattern(value: string): RegExp {
  const want = textOrRegex(value);
  if (typeof want !== 'string') return want;
  const words = want.trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(words.join('\\s+'), 'i');
}

/** Whether `actual` matches `expected` under the rule above. */
export function matchText(actual: string, expected: string): boolean {
  return textPattern(expected).test(actual);
}
