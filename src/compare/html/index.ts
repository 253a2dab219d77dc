import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { formatDate, plural, visibleControls } from '../../report/format.ts';
import { STYLE_FILE } from '../../report/html/index.ts';
import { scoreClass } from '../../report/html/view.ts';
import type { Comparison } from '../model.ts';
import { RANKING_NOTE, resultText, sectionsOf } from '../text.ts';

export const COMPARE_HTML_FILE = 'index.html';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const COMPARE_TEMPLATE = join(HERE, 'compare.hbs');
export const COMPARE_STYLE = join(HERE, 'compare.css');

let compiled: Handlebars.TemplateDelegate | undefined;

/** Our own Handlebars environment, no helpers: every value reaches the page through {{ }}, escaped. */
function template(): Handlebars.TemplateDelegate {
  if (!compiled) {
    const hb = Handlebars.create();
    // The scorecard's stylesheet, then the comparison's own: inlined, the page makes no request.
    hb.registerPartial('style', readFileSync(STYLE_FILE, 'utf8'));
    hb.registerPartial('compareStyle', readFileSync(COMPARE_STYLE, 'utf8'));
    compiled = hb.compile(readFileSync(COMPARE_TEMPLATE, 'utf8'), { preventIndent: true });
  }
  return compiled;
}

/** What the template shows, every string from a page or a config with its hidden characters made visible. */
export function buildCompareView(c: Comparison) {
  const better = { lower: 'lower is better', higher: 'higher is better', none: '' } as const;
  const view = {
    title: `Comparison: ${c.sites.map((s) => s.label).join(' vs ')}`,
    heading: c.sites.map((s) => s.label).join(' · '),
    tool: c.tool,
    created: formatDate(c.createdAt),
    leader: c.sites.length > 1 ? `${c.sites[0].label} ranks first with ${c.sites[0].score}/100 (${c.sites[0].grade}) of ${plural(c.sites.length, 'site')}.` : '',
    rankingNote: RANKING_NOTE,
    sitesLabel: plural(c.sites.length, 'audited site'),
    columns: c.sites.length + 1,
    ...(c.stopped && { stopped: c.stopped }),
    sites: c.sites.map((s) => ({
      ...s,
      gradeClass: scoreClass(s.score),
      resultText: resultText(s),
      resultClass: !s.complete ? 'result-incomplete' : s.passed ? 'result-pass' : 'result-fail',
    })),
    sections: sectionsOf(c.rows).map((sec) => ({
      name: sec.name,
      rows: sec.rows.map((r) => ({
        label: r.label,
        help: r.help,
        betterText: better[r.better],
        cells: r.cells.map((cell) => ({ text: cell.text, best: cell.best, empty: cell.value === null })),
      })),
    })),
  };
  return visibleDeep(view);
}

/** The self-contained comparison page: inline CSS, no script, links to each site's own scorecard. */
export function renderComparisonHtml(c: Comparison): string {
  return template()(buildCompareView(c));
}

function visibleDeep<T>(value: T): T {
  if (typeof value === 'string') return visibleControls(value) as T;
  if (Array.isArray(value)) return value.map(visibleDeep) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visibleDeep(v)])) as T;
  return value;
}
