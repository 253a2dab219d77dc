import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeAll } from '../json-write.ts';
import { writeFileAtomicSync } from '../report/reporter.ts';
import { COMPARE_HTML_FILE, renderComparisonHtml } from './html/index.ts';
import { writeComparisonJson } from './json.ts';
import { COMPARE_MARKDOWN_FILE, renderComparisonMarkdown } from './markdown.ts';
import type { Comparison } from './model.ts';

/**
 * Writes the comparison into `dir` (created when missing): compare.json, compare.md and
 * index.html, each to a temporary sibling renamed into place. Returns the paths, index.html first.
 */
export function writeComparison(comparison: Comparison, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const text = (file: string, content: string) => writeFileAtomicSync(join(dir, file), (fd) => writeAll(fd, content));
  return [
    text(COMPARE_HTML_FILE, renderComparisonHtml(comparison)),
    writeComparisonJson(comparison, dir),
    text(COMPARE_MARKDOWN_FILE, renderComparisonMarkdown(comparison)),
  ];
}
