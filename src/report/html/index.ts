import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { Severity } from '../../model/finding.ts';
import type { Scorecard } from '../../model/scorecard.ts';
import { formatMs, formatPercent, plural } from '../format.ts';
import { writeFileAtomic, type Reporter } from '../reporter.ts';
import { channels } from '../../channels/index.ts';
import { buildHtmlView, channelPartial } from './view.ts';

export const HTML_FILE = 'index.html';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const TEMPLATES_DIR = join(HERE, 'templates');
export const PARTIALS_DIR = join(TEMPLATES_DIR, 'partials');
export const STYLE_FILE = join(HERE, 'style.css');

const SEVERITY_LABELS: Record<Severity, string> = { critical: 'Critical', major: 'Major', minor: 'Minor', info: 'Info' };

/**
 * Our own Handlebars environment (journeys use Handlebars for their templating: helpers must
 * not leak either way). Every helper returns a plain string, so its output is escaped too.
 */
function createEnvironment(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper('formatMs', (ms: unknown) => (typeof ms === 'number' ? formatMs(ms) : ''));
  hb.registerHelper('percent', (ratio: unknown) => (typeof ratio === 'number' ? formatPercent(ratio) : ''));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('inc', (n: unknown) => (typeof n === 'number' ? n + 1 : n));
  hb.registerHelper('plural', (n: unknown, singular: unknown) =>
    typeof n === 'number' && typeof singular === 'string' ? plural(n, singular) : String(n),
  );
  hb.registerHelper('severityLabel', (s: unknown) => {
    const parsed = Severity.safeParse(s);
    return parsed.success ? SEVERITY_LABELS[parsed.data] : String(s);
  });
  /** A severity for use in a class name; anything unknown becomes `info`, so no stray text reaches a class. */
  hb.registerHelper('severityClass', (s: unknown) => (Severity.safeParse(s).success ? String(s) : 'info'));
  // The stylesheet is inlined as a partial: the page makes no request for it.
  hb.registerPartial('style', readFileSync(STYLE_FILE, 'utf8'));
  for (const file of readdirSync(PARTIALS_DIR).sort()) {
    if (file.endsWith('.hbs')) hb.registerPartial(file.slice(0, -4), readFileSync(join(PARTIALS_DIR, file), 'utf8'));
  }
  // Each channel's section is its own template, beside its definition.
  for (const def of channels) hb.registerPartial(channelPartial(def.name), readFileSync(def.view.template, 'utf8'));
  return hb;
}

let compiled: Handlebars.TemplateDelegate | undefined;

/** The page template, read from disk and compiled on first use, then reused. */
function template(): Handlebars.TemplateDelegate {
  if (!compiled) {
    const hb = createEnvironment();
    compiled = hb.compile(readFileSync(join(TEMPLATES_DIR, 'report.hbs'), 'utf8'), { preventIndent: true });
  }
  return compiled;
}

/** The self-contained HTML page: inline CSS, no script, images only from the report folder. */
export function renderHtml(scorecard: Scorecard): string {
  return template()(buildHtmlView(scorecard));
}

export const htmlReporter: Reporter = {
  name: 'html',
  write: (scorecard, outDir) => writeFileAtomic(join(outDir, HTML_FILE), renderHtml(scorecard)),
};
