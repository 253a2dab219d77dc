/**
 * analyse: run records in, findings out. Runs every enabled friction rule over every run,
 * stamps each finding with its run's identity and the rule's severity, and ranks them.
 * Pure and deterministic: the same records and config always give the same findings.
 */
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { Severity, severityRank, type Finding } from '../model/finding.ts';
import type { RunRecord } from '../model/run-record.ts';
import type { Baseline } from '../model/baseline.ts';
import type { FindingDraft, FrictionRule } from './rule.ts';
import type { FindingKind } from '../config/schema.ts';
import { causeOf } from './cause.ts';
import { CHECK_FAILED, checkFindings } from './checks.ts';
import { DEFAULT_CHECK_FINDING } from '../model/run-record.ts';
import { builtInRules } from './rules/index.ts';
import { channels } from '../channels/index.ts';
import type { OptionsByRule } from '../channels/define.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyRule = FrictionRule<any>;

/**
 * The config's `rules` section: per rule id, `enabled`, `severity` and any of the rule's options,
 * e.g. `{ 'slow-step': { majorFactor: 2 }, 'console-error': { enabled: false } }`.
 * Only the shape is checked here; `resolveRules` checks each entry against its rule.
 */
export const RulesConfig = z.record(z.string(), z.record(z.string(), z.unknown()));
export type RulesConfig = Record<string, RuleSettings>;
export interface RuleSettings {
  /** false switches the rule off. Default true. */
  enabled?: boolean;
  /** Overrides the severity of every finding of this rule. */
  severity?: Severity;
  /** The rule's own options (see docs/rules.md). */
  [option: string]: unknown;
}

/** A rule ready to run: its options parsed (defaults filled in) and its severity settled. */
export interface ResolvedRule {
  rule: AnyRule;
  options: Record<string, unknown>;
  /** The configured severity, else the rule's default. */
  severity: Severity;
  /** True when the config set `severity`: it then applies to every finding of the rule. */
  severityOverridden: boolean;
}

const COMMON_SETTINGS = { enabled: z.boolean().default(true), severity: Severity.optional() };
const commonSettings = z.object(COMMON_SETTINGS);

const describeValue = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json.length > 60 ? `${json.slice(0, 59)}…` : json;
};

const valueAt = (root: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined), root);

/** Turns the first zod issue into an InputError at `rules.<id>.<field>`. */
function optionError(ruleId: string, rule: AnyRule, error: z.ZodError, input: unknown): InputError {
  const issue = error.issues[0];
  const base = ['rules', ruleId, ...issue.path.map(String)];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const valid = [...optionNames(rule), 'enabled', 'severity'].join(', ');
    return new InputError(`"${key}" is not an option of rule ${ruleId}; valid options: ${valid}.`, {
      path: [...base, key].join('.'),
    });
  }
  const got = valueAt(input, issue.path);
  const text = issue.message.replace(/^Invalid (input|option): /, '');
  return new InputError(`${text} (got ${describeValue(got)}).`, { path: base.join('.') });
}

function optionNames(rule: AnyRule): string[] {
  return rule.options instanceof z.ZodObject ? Object.keys(rule.options.shape) : [];
}

/**
 * Checks the config's `rules` section against the rules and returns the enabled ones, in the
 * order of `rules`, with their options parsed. Throws InputError for an unknown rule id, an
 * unknown option, or an option of the wrong type (naming `rules.<id>.<field>`).
 */
export function resolveRules(rulesConfig: RulesConfig | undefined = {}, rules: readonly AnyRule[] = builtInRules): ResolvedRule[] {
  const byId = new Map<string, AnyRule>();
  for (const rule of rules) {
    if (byId.has(rule.id)) throw new Error(`Two friction rules share the id "${rule.id}".`);
    byId.set(rule.id, rule);
  }
  const config: unknown = rulesConfig ?? {};
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new InputError(`expected an object of rule settings keyed by rule id (got ${describeValue(config)}).`, { path: 'rules' });
  }
  const entries = config as Record<string, unknown>;
  for (const [id, settings] of Object.entries(entries)) {
    if (!byId.has(id)) {
      throw new InputError(`Unknown rule "${id}". Valid rule ids: ${[...byId.keys()].join(', ')}.`, { path: `rules.${id}` });
    }
    if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
      throw new InputError(
        `expected an object such as { enabled: false } or { severity: 'major' } (got ${describeValue(settings)}).`,
        { path: `rules.${id}` },
      );
    }
  }

  const resolved: ResolvedRule[] = [];
  for (const rule of rules) {
    const settings = (entries[rule.id] ?? {}) as Record<string, unknown>;
    let enabled: boolean;
    let severity: Severity | undefined;
    let options: Record<string, unknown>;
    if (rule.options instanceof z.ZodObject) {
      // One strict schema for the whole entry, so issue paths are the config's own paths.
      const schema = rule.options.extend(COMMON_SETTINGS).strict();
      const parsed = schema.safeParse(settings);
      if (!parsed.success) throw optionError(rule.id, rule, parsed.error, settings);
      ({ enabled, severity, ...options } = parsed.data as Record<string, unknown> & z.infer<typeof commonSettings>);
    } else {
      const { enabled: e, severity: s, ...rest } = settings;
      const common = commonSettings.safeParse({ enabled: e, severity: s });
      if (!common.success) throw optionError(rule.id, rule, common.error, settings);
      const parsed = rule.options.safeParse(rest);
      if (!parsed.success) throw optionError(rule.id, rule, parsed.error, rest);
      ({ enabled, severity } = common.data);
      options = parsed.data as Record<string, unknown>;
    }
    if (!enabled) continue;
    resolved.push({ rule, options, severity: severity ?? rule.severity, severityOverridden: severity !== undefined });
  }
  return resolved;
}

/**
 * Every rule's options as configured (defaults filled in), enabled or not: what the channels'
 * analyses read (a disabled rule's pattern still says what the scorecard shows).
 */
function ruleOptions(rulesConfig: RulesConfig | undefined = {}, rules: readonly AnyRule[] = builtInRules): OptionsByRule {
  resolveRules(rulesConfig, rules); // the same checks, the same errors
  const out: Record<string, Record<string, unknown>> = {};
  for (const rule of rules) {
    const { enabled: _e, severity: _s, ...settings } = (rulesConfig[rule.id] ?? {}) as Record<string, unknown>;
    out[rule.id] = rule.options.parse(settings) as Record<string, unknown>;
  }
  return out;
}

/** What each channel made of one run, by channel name (see ChannelDef.analyse). */
export type RunAnalysis = Readonly<Record<string, unknown>>;

/**
 * The channels' analyses of every run, computed once with the configured rule options: the rules
 * (`ctx.analysis`) and the scorecard (each channel's summary) read the same facts.
 */
export function analyseChannels(runs: readonly RunRecord[], rulesConfig: RulesConfig | undefined = {}, rules: readonly AnyRule[] = builtInRules): Map<string, RunAnalysis> {
  const options = ruleOptions(rulesConfig, rules);
  const out = new Map<string, RunAnalysis>();
  for (const run of runs) {
    const analysis: Record<string, unknown> = {};
    for (const def of channels) {
      const record = run.channels?.[def.name];
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      if (record !== undefined && def.analyse) analysis[def.name] = (def.analyse as (r: any, o: OptionsByRule) => unknown)(record, options);
    }
    out.set(run.runId, analysis);
  }
  return out;
}

/** The kinds of finding a journey's `check` may name besides the built-in rules: the config's `findings`. */
export type CustomKinds = Record<string, FindingKind>;

/**
 * Runs every enabled rule over every run (and the audit-wide rules over all runs together), adds
 * the findings of failed checks, and returns them most severe first, then by journey, run
 * (persona, repeat) and step. Journey-level findings come before step findings.
 */
export function analyse(
  runs: readonly RunRecord[],
  rulesConfig: RulesConfig | undefined = {},
  rules: readonly AnyRule[] = builtInRules,
  customKinds: CustomKinds = {},
  /** The channels' analyses (`analyseChannels`), when the caller has them already. */
  analyses: ReadonlyMap<string, RunAnalysis> = analyseChannels(runs, rulesConfig, rules),
  /** Earlier audits to judge regressions against (history), if any. */
  baseline?: Baseline,
): Finding[] {
  const resolved = resolveRules(rulesConfig, rules);
  const findings: Finding[] = [];
  const byRunId = new Map(runs.map((r) => [r.runId, r]));
  const stamp = (run: RunRecord, ruleId: string, title: string, severity: Severity, draft: FindingDraft): Finding => ({
    ruleId,
    severity: draft.severity ?? severity,
    title,
    journeyId: run.journeyId,
    runId: run.runId,
    persona: run.persona,
    repeat: run.repeat,
    ...(draft.stepIndex !== undefined ? { stepIndex: draft.stepIndex } : {}),
    ...(draft.stepName !== undefined ? { stepName: draft.stepName } : {}),
    message: draft.message,
    // Unless the rule names the cause, a finding stands for its own journey and step.
    cause: draft.cause ?? causeOf('at', run.journeyId, draft.stepIndex ?? -1),
    evidence: draft.evidence,
  });
  for (const { rule, options, severity, severityOverridden } of resolved) {
    const apply = (run: RunRecord, draft: FindingDraft) =>
      findings.push(stamp(run, rule.id, rule.title, severity, severityOverridden ? { ...draft, severity } : draft));
    for (const run of rule.evaluate ? runs : []) {
      let drafts;
      try {
        drafts = rule.evaluate!(run, { options, severity, analysis: analyses.get(run.runId) ?? {}, ...(baseline ? { baseline } : {}) });
      } catch (err) {
        throw new Error(`Friction rule "${rule.id}" failed on run ${run.runId}: ${(err as Error)?.message ?? err}`, { cause: err });
      }
      for (const draft of drafts) apply(run, draft);
    }
    if (rule.evaluateAudit) {
      let drafts;
      try {
        drafts = rule.evaluateAudit(runs, { options, severity, analysis: {}, ...(baseline ? { baseline } : {}) });
      } catch (err) {
        throw new Error(`Friction rule "${rule.id}" failed: ${(err as Error)?.message ?? err}`, { cause: err });
      }
      for (const { runId, ...draft } of drafts) {
        const run = byRunId.get(runId);
        if (run) apply(run, draft);
      }
    }
  }
  // Failed checks: a finding of the kind each names, titled and ranked like that rule (or custom kind).
  const kinds = new Map<string, { title: string; severity: Severity }>();
  for (const { rule, severity } of resolved) kinds.set(rule.id, { title: rule.title, severity });
  for (const [id, kind] of Object.entries(customKinds)) kinds.set(id, { title: kind.title, severity: kind.severity });
  const disabled = new Set(rules.map((r) => r.id).filter((id) => !resolved.some((x) => x.rule.id === id)));
  for (const run of runs) {
    for (const { kind, draft } of checkFindings(run)) {
      if (disabled.has(kind)) continue;
      const k = kinds.get(kind) ?? (kind === DEFAULT_CHECK_FINDING ? CHECK_FAILED : { title: kind, severity: 'minor' as const });
      findings.push(stamp(run, kind, k.title, k.severity, draft));
    }
  }
  return sortFindings(findings);
}

const cmp = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);

/** Most severe first, then journey, persona, repeat, run, step (journey-level first), rule, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    cmp(a.journeyId, b.journeyId) ||
    cmp(a.persona, b.persona) ||
    a.repeat - b.repeat ||
    cmp(a.runId, b.runId) ||
    (a.stepIndex ?? -1) - (b.stepIndex ?? -1) ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.message, b.message)
  );
}

export const sortFindings = (findings: Finding[]): Finding[] => findings.sort(compareFindings);

// ---------------------------------------------------------------------------------------------
// Documentation: docs/rules.md embeds describeRules()'s output; a unit test keeps them in step.

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (value: unknown): string => `\`${JSON.stringify(value)}\``;

/** The rules reference in Markdown, generated from the rule definitions. */
export function describeRules(rules: readonly AnyRule[] = builtInRules): string {
  const out: string[] = [
    '| Rule | Title | Default severity | What it detects | Options (default) |',
    '| --- | --- | --- | --- | --- |',
  ];
  const details: string[] = [];
  for (const rule of rules) {
    const defaults = rule.options.parse({}) as Record<string, unknown>;
    const names = Object.keys(defaults);
    const summary = names.length ? names.map((n) => `\`${n}\`: ${code(defaults[n])}`).join('<br>') : '—';
    out.push(`| \`${rule.id}\` | ${cell(rule.title)} | ${rule.severity} | ${cell(rule.description)} | ${cell(summary)} |`);

    details.push('', `### \`${rule.id}\`: ${rule.title}`, '', rule.description, '');
    if (!names.length) {
      details.push('No options of its own: besides `enabled` and `severity`, it reads the journey’s budgets.');
      continue;
    }
    details.push('| Option | Default | Meaning |', '| --- | --- | --- |');
    const shape = rule.options instanceof z.ZodObject ? (rule.options.shape as Record<string, z.ZodType>) : {};
    for (const name of names) {
      details.push(`| \`${name}\` | ${cell(code(defaults[name]))} | ${cell(shape[name]?.description ?? '')} |`);
    }
  }
  return [...out, ...details].join('\n') + '\n';
}
