import { z } from 'zod';
import { Severity } from '../../model/finding.ts';
import { IMPACTS, Impact, type AccessibilityViolation, type PageHealth } from '../../model/page-health.ts';
import type { RunRecord } from '../../model/run-record.ts';
import { causeOf, pagePath } from '../cause.ts';
import { defineRule, type AuditFindingDraft } from '../rule.ts';
import { groupBy, stepRef } from './format.ts';
import { pathOf } from './slow-page.ts';

/** What common axe rules mean for a customer, in plain words (the rest say axe's own `help`). */
const PLAIN: Record<string, string> = {
  label: 'Form fields without a label',
  'select-name': 'Drop-down lists without a label',
  'aria-input-field-name': 'Input fields without a name',
  'aria-toggle-field-name': 'Switches and checkboxes without a name',
  'color-contrast': 'Text too faint to read against its background',
  'image-alt': 'Images without a text alternative',
  'input-image-alt': 'Image buttons without a text alternative',
  'role-img-alt': 'Images without a text alternative',
  'svg-img-alt': 'Images without a text alternative',
  'object-alt': 'Embedded objects without a text alternative',
  'area-alt': 'Image map areas without a text alternative',
  'button-name': 'Buttons without a name a screen reader can say',
  'link-name': 'Links without a name a screen reader can say',
  'aria-command-name': 'Controls without a name a screen reader can say',
  'html-has-lang': 'Pages that do not say their language',
  'html-lang-valid': 'Pages that give an unknown language',
  'valid-lang': 'Text marked with an unknown language',
  'document-title': 'Pages without a title',
  'frame-title': 'Frames without a title',
  'aria-hidden-focus': 'Hidden elements the keyboard still reaches',
  'aria-required-attr': 'Elements missing the accessibility attributes their role needs',
  'aria-required-children': 'Elements missing the parts their role needs',
  'aria-required-parent': 'Elements outside the container their role needs',
  'aria-allowed-attr': 'Elements with accessibility attributes that do not belong there',
  'aria-valid-attr': 'Elements with misspelt accessibility attributes',
  'aria-valid-attr-value': 'Elements with wrong accessibility attribute values',
  'aria-roles': 'Elements with an unknown role',
  list: 'Lists built wrong for screen readers',
  listitem: 'List items outside a list',
  'definition-list': 'Lists built wrong for screen readers',
  dlitem: 'List items outside a list',
  'duplicate-id-aria': 'Labels pointing at an id used twice',
  'nested-interactive': 'Controls nested inside other controls',
  'meta-viewport': 'Pages that stop customers zooming in',
  'meta-refresh': 'Pages that reload or move on by themselves',
  'autocomplete-valid': 'Form fields with a wrong autofill hint',
  'link-in-text-block': 'Links told apart from the text only by colour',
  bypass: 'Pages without a way to skip to the main content',
  'td-headers-attr': 'Tables whose headers do not match their cells',
  'th-has-data-cells': 'Table headers without cells',
  'video-caption': 'Videos without captions',
  'scrollable-region-focusable': 'Scrolling areas the keyboard cannot reach',
  'target-size': 'Touch targets too small to hit',
  blink: 'Blinking text',
  marquee: 'Scrolling text that cannot be stopped',
  'server-side-image-map': 'Image maps a keyboard cannot use',
};

const impactRank = (i: Impact): number => IMPACTS.indexOf(i);

/** Pages listed by name in the message; the rest are counted. */
const PAGES_NAMED = 5;
/** Elements listed in the technical detail. */
const ELEMENTS_LISTED = 20;

interface Met {
  run: RunRecord;
  page: PageHealth;
  violation: AccessibilityViolation;
}

export default defineRule({
  id: 'accessibility',
  title: 'Accessibility barrier',
  description:
    'A page breaks a WCAG rule checked by axe-core (each page once per audit; the config\'s `pageHealth` chooses the rule sets): fields without labels, text too faint, buttons a screen reader cannot name. Some customers cannot use the page at all. One friction point per rule, naming every page that breaks it; severity follows axe\'s impact (`impactSeverity`).',
  severity: 'minor',
  options: z.strictObject({
    minImpact: Impact.default('serious').describe('Violations at least this serious in axe\'s terms (minor, moderate, serious, critical) are reported.'),
    impactSeverity: z
      .strictObject({
        critical: Severity.default('major'),
        serious: Severity.default('minor'),
        moderate: Severity.default('minor'),
        minor: Severity.default('info'),
      })
      .default({ critical: 'major', serious: 'minor', moderate: 'minor', minor: 'info' })
      .describe('The finding\'s severity for each axe impact.'),
    ignore: z.array(z.string().min(1)).default([]).describe('axe rule ids not reported, e.g. ["color-contrast"].'),
  }),
  evaluateAudit(runs, { options }) {
    const ignored = new Set(options.ignore);
    const met: Met[] = [];
    for (const run of runs) {
      for (const page of run.pages ?? []) {
        for (const violation of page.accessibility ?? []) {
          if (ignored.has(violation.id) || impactRank(violation.impact) < impactRank(options.minImpact)) continue;
          met.push({ run, page, violation });
        }
      }
    }
    const drafts: AuditFindingDraft[] = [];
    // One friction point per axe rule, across every page, journey, persona and repeat.
    for (const group of groupBy(met, (m) => m.violation.id)) {
      const first = group[0].violation;
      const worst = group.reduce<Impact>((w, m) => (impactRank(m.violation.impact) > impactRank(w) ? m.violation.impact : w), first.impact);
      const byPage = groupBy(group, (m) => pagePath(m.page.url));
      const names = byPage.map((ms) => named(ms[0].page));
      const shown = names.slice(0, PAGES_NAMED).join(', ') + (names.length > PAGES_NAMED ? ` and ${names.length - PAGES_NAMED} more` : '');
      const where = `${byPage.length === 1 ? 'on 1 page' : `on ${byPage.length} pages`}: ${shown}`;
      const plain = PLAIN[first.id];
      const message = plain ? `${plain} ${where}.` : `${first.help.replace(/[.\s]+$/, '')} (not met ${where}).`;
      const elements = byPage.reduce((n, ms) => n + Math.max(...ms.map((m) => m.violation.nodeCount)), 0);
      const counts = byPage.map((ms) => {
        const count = Math.max(...ms.map((m) => m.violation.nodeCount));
        return `${named(ms[0].page)}: ${count} ${count === 1 ? 'element' : 'elements'}`;
      });
      // The report labels `url` as the page: the help link leads the technical detail instead.
      const technical = [
        `How to fix it: ${first.helpUrl}`,
        `axe rule ${first.id} (${worst}): ${first.help}`,
        ...counts,
        ...byPage
          .flatMap((ms) => ms[0].violation.nodes.map((n) => `${pathOf(ms[0].page.url)}: ${n.target} — ${n.html}`))
          .slice(0, ELEMENTS_LISTED),
        ...(first.nodes[0]?.summary ? [first.nodes[0].summary] : []),
      ];
      for (const ms of groupBy(group, (m) => `${m.run.runId}|${m.page.stepIndex ?? -1}`)) {
        const { run, page } = ms[0];
        const { screenshot, ...step } = stepRef(run, page.stepIndex);
        drafts.push({
          runId: run.runId,
          severity: options.impactSeverity[worst],
          ...step,
          cause: causeOf('axe', first.id),
          message,
          evidence: {
            metric: { name: 'elements', value: elements, unit: 'count' },
            ...(screenshot ? { screenshot } : {}),
            url: group[0].page.url,
            technical,
          },
        });
      }
    }
    return drafts;
  },
});

/** A page in a list of pages: “Title” (/path), or its path. */
const named = (page: PageHealth): string => (page.title ? `“${page.title}” (${pathOf(page.url)})` : pathOf(page.url));
