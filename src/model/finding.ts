import { z } from 'zod';

export const Severity = z.enum(['critical', 'major', 'minor', 'info']);
export type Severity = z.infer<typeof Severity>;
/** Most severe first. */
export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'major', 'minor', 'info'];
export const severityRank = (s: Severity): number => SEVERITY_ORDER.indexOf(s);
/** True when `s` is at least as severe as `threshold`. */
export const atLeast = (s: Severity, threshold: Severity): boolean => severityRank(s) <= severityRank(threshold);

export const Metric = z.object({
  name: z.string(),
  value: z.number(),
  threshold: z.number().optional(),
  unit: z.enum(['ms', 'count', 'ratio']),
});
export type Metric = z.infer<typeof Metric>;

export const Evidence = z.object({
  metric: Metric.optional(),
  /** Path of a screenshot relative to the report folder. */
  screenshot: z.string().optional(),
  /** More images beside the screenshot, relative to the report folder (a baseline's screenshot, what changed). */
  images: z.array(z.object({ label: z.string(), path: z.string() })).optional(),
  url: z.string().optional(),
  /** Documents the customer received (a label, an invoice), relative to the report folder: linked from the card. */
  documents: z.array(z.object({ name: z.string(), path: z.string() })).optional(),
  /** Verbatim lines from the page, console, chat transcript or email that show the problem. */
  excerpt: z.array(z.string()).optional(),
  /** Selectors, regular expressions and raw error text: folded away in reports. */
  technical: z.array(z.string()).optional(),
});
export type Evidence = z.infer<typeof Evidence>;

export const Finding = z.object({
  ruleId: z.string(),
  severity: Severity,
  /** The rule's title, so a report can show findings without loading the rule. */
  title: z.string(),
  journeyId: z.string(),
  runId: z.string(),
  persona: z.string(),
  repeat: z.number().int().positive(),
  stepIndex: z.number().int().nonnegative().optional(),
  stepName: z.string().optional(),
  message: z.string(),
  /**
   * What makes two findings of one rule the same friction point, across journeys, personas and
   * repeats (the same page and message, the same URL, the same error…); see friction/cause.ts.
   */
  cause: z.string(),
  evidence: Evidence,
});
export type Finding = z.infer<typeof Finding>;
