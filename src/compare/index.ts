/*
 * Comparisons: scorecards of several sites side by side (docs/compare.md).
 * model.ts (the Comparison) ← build.ts (from scorecards) ← read.ts (a saved report folder);
 * reporters: html/ (index.html), json.ts (compare.json), markdown.ts (compare.md), console.ts;
 * run.ts: `compareAudits` (run --base-url A --base-url B) and `compareReports` (saved folders).
 */
export { buildComparison, HEALTH_RULES, markBest, reportLink, SECTIONS, siteLabels, siteSummaryOf, type BuildComparisonOptions, type CompareEntry } from './build.ts';
export { formatComparisonConsole } from './console.ts';
export { COMPARE_HTML_FILE, renderComparisonHtml } from './html/index.ts';
export { COMPARE_JSON_FILE, renderComparisonJson } from './json.ts';
export { COMPARE_MARKDOWN_FILE, renderComparisonMarkdown } from './markdown.ts';
export { Better, ComparedSite, Comparison, COMPARISON_SCHEMA_VERSION, CompareCell, CompareRow } from './model.ts';
export { readScorecard } from './read.ts';
export { compareAudits, compareReports, siteSlug, type CompareAuditsResult, type CompareCallbacks, type CompareReportsResult, type CompareSite } from './run.ts';
export { writeComparison } from './write.ts';
