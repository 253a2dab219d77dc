/**
 * Small helpers shared by the rules: plain-language formatting of numbers and error text,
 * and option schemas used by more than one rule. No rule logic lives here.
 */
import { z } from 'zod';
import { formatMs } from '../../model/duration.ts';
import type { RunRecord, StepRecord } from '../../model/run-record.ts';

/** A regular expression given as a string in the config; rejected when it does not compile. */
export const regexString = z.string().refine(
  (source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected a valid regular expression' },
);

export const compileAll = (sources: readonly string[]): RegExp[] => sources.map((s) => new RegExp(s));
export const matchesAny = (text: string, patterns: readonly RegExp[]): boolean => patterns.some((p) => p.test(text));

/**
 * Two durations for the same sentence ("took A; its budget is B"), with just enough decimals
 * that a value over its budget never reads the same as the budget (2001 ms vs 2000 ms).
 */
export function formatDurations(value: number, threshold: number): [string, string] {
  // A minute or more reads in minutes and hours ("24 h", not "86400.000 s") unless both would read the same.
  if (Math.max(Math.abs(value), Math.abs(threshold)) >= 60_000) {
    const [a, b] = [formatMs(value), formatMs(threshold)];
    if (a !== b || value === threshold) return [a, b];
  }
  for (let decimals = 1; decimals <= 3; decimals++) {
    const a = formatMs(value, decimals);
    const b = formatMs(threshold, decimals);
    if (a !== b) return [a, b];
  }
  return [formatMs(value, 3), formatMs(threshold, 3)];
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** The message's lines without terminal colours or surrounding blank lines. */
export function messageLines(text: string): string[] {
  const lines = text.replace(ANSI, '').split(/\r?\n/).map((l) => l.trimEnd());
  while (lines.length && !lines[0].trim()) lines.shift();
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  return lines;
}

/** The first meaningful line of a message, cut to `maxLength` characters. */
export function oneLine(text: string, maxLength: number): string {
  const first = messageLines(text)[0]?.trim() ?? '';
  return first.length <= maxLength ? first : `${first.slice(0, Math.max(1, maxLength - 1)).trimEnd()}…`;
}

/** Verbatim lines for `evidence.excerpt`, at most `maxLines` (a last line says how many were left out). */
export function excerpt(text: string, maxLines: number): string[] {
  const lines = messageLines(text);
  if (lines.length <= maxLines) return lines;
  return [...lines.slice(0, maxLines), `… (${lines.length - maxLines} more lines)`];
}

/** Ends a sentence with a full stop unless it already ends with punctuation. */
/** "The file is empty" → "the file is empty", to go on a sentence; "URL …" stays as it is. */
export const lowerFirst = (s: string): string => (/^[A-Z][a-z]/.test(s) ? `${s.charAt(0).toLowerCase()}${s.slice(1)}` : s);

export const sentence = (text: string): string => (/[.!?…:]$/.test(text) ? text : `${text}.`);

/** The URL without its query string or fragment (for grouping and for messages). */
export function withoutQuery(url: string): string {
  try {
    const u = new URL(url);
    u.search = '';
    u.hash = '';
    return u.toString();
  } catch {
    return url.split(/[?#]/, 1)[0];
  }
}

/**
 * Where a request or script error comes from, for the rules that report them: the audited site,
 * a third party the customer never notices (`noise`: info, outside the score), or a third party at
 * a step that failed with no reason the page gave itself (no error message, invalid field or
 * dialog), where it may be why the step failed, so it is not noise.
 */
export function originOf(run: RunRecord): (o: { thirdParty?: boolean; stepIndex?: number }) => 'site' | 'third-party' | 'noise' {
  const unexplained = new Set(
    run.steps
      .filter((s) => s.status === 'failed' && !(s.saw && (s.saw.messages.length || s.saw.invalidFields.length || s.saw.dialog)))
      .map((s) => s.index),
  );
  return (o) => (o.thirdParty !== true ? 'site' : unexplained.has(o.stepIndex ?? -1) ? 'third-party' : 'noise');
}

export const findStep = (run: RunRecord, index: number | undefined): StepRecord | undefined =>
  index === undefined ? undefined : run.steps.find((s) => s.index === index);

/** stepIndex, stepName and the step's screenshot, for a finding tied to a step (all absent otherwise). */
export function stepRef(run: RunRecord, index: number | undefined): { stepIndex?: number; stepName?: string; screenshot?: string } {
  if (index === undefined) return {};
  const step = findStep(run, index);
  return {
    stepIndex: index,
    ...(step ? { stepName: step.name } : {}),
    ...(step?.screenshot ? { screenshot: step.screenshot } : {}),
  };
}

/** ` (3 times)` or nothing. */
export const times = (count: number): string => (count > 1 ? ` (${count} times)` : '');

/** Groups items by a key, keeping first-seen order (so findings stay deterministic). */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}

/** `majorFactor`: how far over budget turns a minor finding major (shared by the timing rules). */
export const majorFactorOption = (what: string) =>
  z.number().min(1).default(1.5).describe(`${what} slower than its budget × this factor is major instead of minor.`);

/** How much of an error a finding quotes (shared by the rules that quote errors). */
export const quoteOptions = {
  messageMaxLength: z
    .number()
    .int()
    .min(20)
    .default(160)
    .describe('The error quoted in the message is cut to this many characters (the full text is in the excerpt).'),
  excerptMaxLines: z.number().int().min(1).default(12).describe('At most this many lines of the error go into the evidence.'),
};
