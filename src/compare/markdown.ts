import { formatDate } from '../report/format.ts';
import { mdEscape } from '../report/markdown.ts';
import type { Comparison } from './model.ts';
import { RANKING_NOTE, resultText, sectionsOf } from './text.ts';

export const COMPARE_MARKDOWN_FILE = 'compare.md';

const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;
const BETTER = { lower: ' (lower is better)', higher: ' (higher is better)', none: '' } as const;

/** The comparison as Markdown: the ranking, then one table with the sites as columns and the best values in bold. */
export function renderComparisonMarkdown(c: Comparison): string {
  const out: string[] = [`## Mystery shopper comparison: ${c.sites.map((s) => mdEscape(s.label)).join(' vs ')}`, ''];
  if (c.stopped) {
    out.push('> [!WARNING]', `> **INCOMPLETE: ${mdEscape(c.stopped.reason)}.**${c.stopped.notAudited.length ? ` Not audited: ${c.stopped.notAudited.map(mdEscape).join(', ')}.` : ''}`, '');
  }
  out.push(`**Date:** ${mdEscape(formatDate(c.createdAt))} · ${mdEscape(RANKING_NOTE)}`, '');
  c.sites.forEach((s) => {
    out.push(`${s.rank}. **${mdEscape(s.label)}** (${mdEscape(s.target)}): ${s.score}/100 (${s.grade}), ${mdEscape(resultText(s))} · [scorecard](${s.report.replace(/[()]/g, (ch) => (ch === '(' ? '%28' : '%29'))})`);
  });
  out.push('');
  out.push(row(['', ...c.sites.map((s) => `#${s.rank} ${mdEscape(s.label)}`)]));
  out.push(row(['---', ...c.sites.map(() => '---:')]));
  for (const section of sectionsOf(c.rows)) {
    out.push(row([`**${mdEscape(section.name)}**`, ...c.sites.map(() => '')]));
    for (const r of section.rows) {
      out.push(row([`${mdEscape(r.label)}${BETTER[r.better]}`, ...r.cells.map((cell) => (cell.best ? `**${mdEscape(cell.text)}** ★` : mdEscape(cell.text)))]));
    }
  }
  out.push('', 'Best values are in bold (★); ties are all best, and a row whose values are all alike marks none.', '');
  return out.join('\n');
}
