import { plural } from '../report/format.ts';
import type { ComparedSite, CompareRow } from './model.ts';

/*
 * What every comparison reporter says in the same words.
 */

/** How the sites are ranked (buildComparison). */
export const RANKING_NOTE =
  'Ranked by score (higher first), then by fewer critical, then fewer major friction points; an incomplete audit ranks after the complete ones.';

/** "Pass", "Fail: 3 causes of friction", "Incomplete". */
export function resultText(s: Pick<ComparedSite, 'passed' | 'complete' | 'failing'>): string {
  if (!s.complete) return 'Incomplete (provisional score)';
  if (s.passed) return 'Pass';
  return `Fail: ${plural(s.failing, 'cause')} of friction`;
}

/** Rows grouped by section, sections in the order they first appear. */
export function sectionsOf(rows: readonly CompareRow[]): { name: string; rows: CompareRow[] }[] {
  const sections = new Map<string, CompareRow[]>();
  for (const r of rows) {
    const list = sections.get(r.section);
    if (list) list.push(r);
    else sections.set(r.section, [r]);
  }
  return [...sections].map(([name, list]) => ({ name, rows: list }));
}
