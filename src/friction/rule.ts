import type { z } from 'zod';
import type { Finding, Severity } from '../model/finding.ts';
import type { RunRecord } from '../model/run-record.ts';
import type { Baseline } from '../model/baseline.ts';

/** What a rule returns: the analyser fills in the run's identity, the rule id and title. */
export type FindingDraft = Omit<Finding, 'ruleId' | 'title' | 'journeyId' | 'runId' | 'persona' | 'repeat' | 'severity' | 'cause'> & {
  /** Defaults to the rule's configured severity. */
  severity?: Severity;
  /**
   * What makes two findings the same friction point across journeys, personas and repeats (see
   * cause.ts). Default: the journey and step, so nothing is merged that the rule did not say is one cause.
   */
  cause?: string;
};

/** A finding about one run, made by a rule that looks at all the runs together. */
export type AuditFindingDraft = FindingDraft & { runId: string };

export interface RuleContext<O> {
  /** The rule's thresholds: its option schema's defaults overlaid with the config's `rules.<id>`. */
  options: O;
  /** The severity configured for this rule (config `rules.<id>.severity`, else the rule's default). */
  severity: Severity;
  /**
   * What each channel made of this run, by channel name (e.g. `analysis.phone`), computed once
   * with the configured rule options and read by rules and the scorecard alike. Empty for `evaluateAudit`.
   */
  analysis: Readonly<Record<string, unknown>>;
  /** Earlier audits of the same site (history), when there are any: what regression rules compare with. */
  baseline?: Baseline;
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
  /** Findings about one run, from that run alone. */
  evaluate?(run: RunRecord, ctx: RuleContext<O>): FindingDraft[];
  /** Findings that need every run at once (comparing personas, for example). */
  evaluateAudit?(runs: readonly RunRecord[], ctx: RuleContext<O>): AuditFindingDraft[];
}

export const defineRule = <O extends Record<string, unknown>>(rule: FrictionRule<O>): FrictionRule<O> => rule;
