import { terminalSafe } from '../report/console.ts';
import type { Comparison } from './model.ts';
import { resultText } from './text.ts';

/** The ranking for the terminal, one line a site: "1. acme.example  92/100 (A)  Pass". */
export function formatComparisonConsole(c: Comparison): string {
  const width = Math.max(...c.sites.map((s) => terminalSafe(s.label).length), 4);
  const lines = [`Comparison of ${c.sites.length} site${c.sites.length === 1 ? '' : 's'}, ranked:`];
  for (const s of c.sites) lines.push(`  ${s.rank}. ${terminalSafe(s.label).padEnd(width)}  ${String(s.score).padStart(3)}/100 (${s.grade})  ${resultText(s)}`);
  if (c.stopped) lines.push(`INCOMPLETE: ${terminalSafe(c.stopped.reason)}${c.stopped.notAudited.length ? `; not audited: ${c.stopped.notAudited.map(terminalSafe).join(', ')}` : ''}`);
  return lines.join('\n');
}
