import type { z } from 'zod';
import type { Finding, Severity } from '../model/finding.ts';
import type { RunRecord } from '../model/run-record.ts';

/** What a rule returns: the analyser fills in the run's identity, the rule id and title. */
export type FindingDraft = Omit<Finding, 'ruleId' | 'title' | 'journeyId' | 'runId' | 'persona' | 'repeat' | 'severity'> & {
  /** Defaults to the rule's configured severity. */
  severity?: Severity;
};

export interface RuleContext<O> {
  /** The rule's thresholds: its option schema's defaults overlaid with the config's `rules.<id>`. */
  options: O;
  /** The severity configured for this rule (config `rules.<id>.severity`, else the rule's default). */
  severity: Severity;
}

/**
 * One kind of friction, like a Lighthouse audit: it reads run records (never the browser)
 * and returns findings. Thresholds come from `options`, never from literals in `evaluate`.
 */
export interface FrictionRule<O extends Record<string, unknown> = Record<string, unknown>> {
  id: string;
  title: string;
  /** One or two sentences for the scorecard: why a customer minds. */
  description: string;
  severity: Severity;
  /** zod object whose every field has a default; the config may override any of them. */
  options: z.ZodType<O>;
  evaluate(run: RunRecord, ctx: RuleContext<O>): FindingDraft[];
}

export const defineRule = <O extends Record<string, unknown>>(rule: FrictionRule<O>): FrictionRule<O> => rule;
