/**
 * What makes findings the same friction point: one cause, however many journeys, personas and
 * repeats it hit. Rules build their cause from these, so the same page is the same page whatever
 * order number or session is in its address, and the same message the same whatever numbers it holds.
 */

/** A page's path with ids folded: `/orders/A1001/cancel` → `/orders/:id/cancel`. */
export function pagePath(url: string | undefined): string {
  if (!url) return '';
  let path: string;
  try {
    const u = new URL(url);
    path = /^https?:$/.test(u.protocol) ? `${u.host}${u.pathname}` : `${u.protocol}${u.pathname.slice(0, 40)}`;
  } catch {
    path = url.split(/[?#]/, 1)[0];
  }
  return path
    .split('/')
    .map((seg) => (/\d/.test(seg) && seg.length > 1 ? ':id' : seg))
    .join('/');
}

/** A message with numbers, quotes and spacing folded, so "Order A1001 failed in 2.3 s" matches "Order A1002 failed in 2.9 s". */
export function sameText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[“”"'‘’]/g, '')
    .replace(/\b[a-z]*\d[\w.-]*/g, '#')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

/** The cause key: its parts joined (empty parts kept, so positions stay meaningful). */
export const causeOf = (...parts: (string | number | undefined)[]): string => parts.map((p) => (p === undefined ? '' : String(p))).join(' | ');
