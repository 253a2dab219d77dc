import { z } from 'zod';
import { ChannelSummaries } from '../channels/index.ts';
import { Evidence, Severity } from './finding.ts';
import { DownloadRecord, StepError } from './run-record.ts';

/**
 * The scorecard: everything the reporters need, and nothing they have to recompute.
 * Built by `buildScorecard()` from run records and findings; every reporter (HTML, JSON,
 * JUnit, Markdown, console) reads only this. Bump the version when a field changes meaning.
 * See docs/scorecard.md.
 */
export const SCORECARD_SCHEMA_VERSION = 5;

export const Grade = z.enum(['A', 'B', 'C', 'D', 'F']);
export type Grade = z.infer<typeof Grade>;

const count = z.number().int().nonnegative();
const ms = z.number().nonnegative();

/** How the runs of a journey (or of the whole audit) ended. */
export const RunCounts = z.object({
  total: count,
  completed: count,
  /** Dead ends: the customer could not finish. */
  failed: count,
  /** The harness broke (not the site's fault). */
  errored: count,
  /** Stopped at a wait longer than the audit stayed up: `resume` finishes them. Neither passed nor failed. */
  pending: count.default(0),
});
export type RunCounts = z.infer<typeof RunCounts>;

export const SeverityCounts = z.object({ critical: count, major: count, minor: count, info: count });
export type SeverityCounts = z.infer<typeof SeverityCounts>;

/** Nearest-rank percentiles over a set of durations, ms. All zero when there is no value. */
export const DurationStats = z.object({ p50: ms, p95: ms, min: ms, max: ms, spread: ms });
export type DurationStats = z.infer<typeof DurationStats>;

export const StepStats = z.object({
  index: count,
  name: z.string(),
  budgetMs: z.number().optional(),
  /** Runs that reached this step. */
  runs: count,
  /** Runs that failed at this step. */
  failed: count,
  p50: ms,
  p95: ms,
  min: ms,
  max: ms,
});
export type StepStats = z.infer<typeof StepStats>;

export const RunStep = z.object({
  index: count,
  name: z.string(),
  startMs: z.number(),
  durationMs: z.number(),
  budgetMs: z.number().optional(),
  status: z.enum(['passed', 'failed', 'pending']),
  screenshot: z.string().optional(),
  url: z.string(),
  /** The error's message, when the step failed. */
  error: z.string().optional(),
  errorKind: StepError.shape.kind.optional(),
  /** The documents the step brought (the HTML lists them; addresses without their query). */
  downloads: z.array(DownloadRecord).optional(),
});
export type RunStep = z.infer<typeof RunStep>;

/** A finding as one run sees it (for JUnit, and for the failed runs of the HTML report). */
export const RunFinding = z.object({
  ruleId: z.string(),
  severity: Severity,
  stepIndex: count.optional(),
  message: z.string(),
  /** Key of the friction point this finding belongs to. */
  frictionPointKey: z.string(),
});
export type RunFinding = z.infer<typeof RunFinding>;

/** A cleanup step of a run (journey `cleanup:`): never scored; a failed one is a warning to the auditor. */
export const CleanupStepSummary = z.object({
  name: z.string(),
  status: z.enum(['passed', 'failed', 'pending']),
  /** Why it failed, in the customer's words. */
  error: z.string().optional(),
});
export type CleanupStepSummary = z.infer<typeof CleanupStepSummary>;

/** Requests of a run that the config's `allowedOrigins` stopped, one entry per origin. */
export const BlockedOriginSummary = z.object({
  origin: z.string(),
  /** Requests to it the run recorded. */
  count: count,
  /** The first of them (redacted like every URL). */
  url: z.string(),
  /** The step of the first one (of `steps`, or of `cleanup` when `cleanup` is true). */
  stepName: z.string().optional(),
  cleanup: z.boolean().optional(),
  /** Redirects the browser followed before the tool could stop them: these did reach the origin. */
  escaped: count.optional(),
});
export type BlockedOriginSummary = z.infer<typeof BlockedOriginSummary>;

/** A wait longer than the audit stayed up, as the scorecard shows it: still pending, or settled by `resume`. */
export const PendingCheck = z.object({
  journeyId: z.string(),
  journeyName: z.string(),
  runId: z.string(),
  persona: z.string(),
  stepName: z.string(),
  /** The action as written, e.g. `email.expectReply within 24 h`. */
  action: z.string(),
  /** In the customer's words: "answer to the customer's email". */
  what: z.string(),
  /** When the customer's wait began, ISO time. */
  since: z.string(),
  withinMs: z.number().optional(),
  patienceMs: z.number(),
  /** When the customer's patience runs out (`since` + patience), ISO time: `resume` after it settles the wait either way. */
  until: z.string(),
  /** Steps after it that were not run. */
  stepsNotRun: count,
  /** What `resume` found, once it has settled the wait. */
  outcome: z.enum(['pending', 'arrived', 'missing']),
  /** Arrival minus `since`, ms (arrived only). */
  delayMs: z.number().optional(),
});
export type PendingCheck = z.infer<typeof PendingCheck>;

export const RunSummary = z.object({
  runId: z.string(),
  persona: z.string(),
  repeat: z.number().int().positive(),
  status: z.enum(['completed', 'failed', 'errored', 'pending']),
  durationMs: z.number(),
  stoppedAt: z.object({ stepIndex: count, stepName: z.string(), reason: z.string() }).optional(),
  steps: z.array(RunStep),
  findings: z.array(RunFinding),
  /**
   * What each channel besides the page keeps of the run, by channel (channels/index.ts): `email`
   * (emails received and sent), `chat` (metrics and transcript), `phone` (each call: metrics and transcript).
   */
  channels: ChannelSummaries.optional(),
  /** The journey's cleanup steps as they ran (never scored). */
  cleanup: z.array(CleanupStepSummary).optional(),
  /** Origins the config's `allowedOrigins` blocked in the run. */
  blocked: z.array(BlockedOriginSummary).optional(),
  /** Waits longer than the audit stayed up (pending, or settled by `resume`). */
  pending: z.array(PendingCheck).optional(),
  /** The run's Playwright trace (secrets redacted), relative to the report folder; absent when none was kept (config `trace`). */
  trace: z.string().optional(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const FrictionExample = z.object({ runId: z.string(), message: z.string(), evidence: Evidence });
export type FrictionExample = z.infer<typeof FrictionExample>;

/** Where a friction point was met: one journey (and step), with how many of its runs. */
export const FrictionPlace = z.object({
  journeyId: z.string(),
  journeyName: z.string(),
  stepIndex: count.optional(),
  stepName: z.string().optional(),
  runsHit: count,
  /** Runs of that journey. */
  runsTotal: count,
});
export type FrictionPlace = z.infer<typeof FrictionPlace>;

/** Who met a friction point: one persona, over the journeys where it was met. */
export const FrictionPersona = z.object({ persona: z.string(), runsHit: count, runsTotal: count });
export type FrictionPersona = z.infer<typeof FrictionPersona>;

/**
 * One friction point: the findings of one rule with one cause (friction/cause.ts), over every
 * journey, persona and repeat it hit. The score counts these, not the findings.
 */
export const FrictionPoint = z.object({
  /** Stable id: `<ruleId>|<cause>`. */
  key: z.string(),
  ruleId: z.string(),
  title: z.string(),
  /** The worst severity in the group. */
  severity: Severity,
  /** The journey (and step) where it hit the most runs; `places` lists all of them. */
  journeyId: z.string(),
  journeyName: z.string(),
  /** Absent when the findings concern the whole run rather than one step. */
  stepIndex: count.optional(),
  stepName: z.string().optional(),
  /** From the representative finding: the first of the worst severity. */
  message: z.string(),
  /** Distinct runs with at least one finding in the group. */
  runsHit: count,
  /** Runs of the journeys where it was met. */
  runsTotal: count,
  /** Every journey and step where it was met, most runs hit first. */
  places: z.array(FrictionPlace),
  /** Every persona of those journeys, hit or not, most hit first: who it hits and who it spares. */
  personas: z.array(FrictionPersona),
  evidence: Evidence,
  /** Up to 3 other findings of the group, from other runs first. */
  examples: z.array(FrictionExample).max(3),
});
export type FrictionPoint = z.infer<typeof FrictionPoint>;

export const JourneyScorecard = z.object({
  id: z.string(),
  name: z.string(),
  tags: z.array(z.string()),
  file: z.string().optional(),
  /** How the journey's runs ended (named `runCounts` because `runs` is the list). */
  runCounts: RunCounts,
  /** Over all runs of the journey. */
  durationMs: DurationStats,
  steps: z.array(StepStats),
  /** The run whose waterfall the report shows: the median completed run (all runs when none completed). */
  medianRunId: z.string().optional(),
  /** Every run, compact, ordered by persona then repeat. */
  runs: z.array(RunSummary),
  /** Keys into `frictionPoints`, in rank order. */
  frictionPointKeys: z.array(z.string()),
  /** 0–100, rounded; see src/report/score.ts. */
  score: z.number().int().min(0).max(100),
});
export type JourneyScorecard = z.infer<typeof JourneyScorecard>;

export const Summary = z.object({
  score: z.number().int().min(0).max(100),
  grade: Grade,
  runs: RunCounts,
  journeys: z.object({
    total: count,
    /** Every run completed. */
    allCompleted: count,
    /** At least one run hit a dead end. */
    withDeadEnds: count,
    /** At least one run broke in the harness. */
    withHarnessErrors: count,
  }),
  /** Number of findings (each occurrence: a run, a page) by severity. */
  findings: SeverityCounts,
  /** Causes of friction (friction points) by severity: what the verdict and CI count. */
  causes: SeverityCounts,
  /** Causes: one per rule and cause, across journeys, personas and repeats. */
  frictionPoints: count,
  /** Causes at or above `failOn` (and of `failOnRules` below it): the audit fails (CI exit code 1) when this is not zero. */
  failing: count,
  /** No finding at or above `failOn` AND the audit is complete: an incomplete audit never passes. */
  passed: z.boolean(),
  /** One plain sentence for a service leader; it starts by saying so when the audit is incomplete. */
  verdict: z.string(),
});
export type Summary = z.infer<typeof Summary>;

/**
 * Whether every planned run finished. An interrupted audit (Ctrl-C, SIGTERM, a crash, a report
 * rebuilt from a folder whose audit never finished) is INCOMPLETE: every output says so, and it
 * never passes.
 */
export const Completeness = z.object({
  planned: count,
  finished: count,
  complete: z.boolean(),
  /** Why it is incomplete, in plain words (e.g. "stopped by Ctrl-C (SIGINT)"). */
  reason: z.string().optional(),
});
export type Completeness = z.infer<typeof Completeness>;

/** One earlier audit (or this one) as the trends show it. */
export const HistoryAudit = z.object({
  startedAt: z.string(),
  score: z.number().int().min(0).max(100),
  grade: Grade,
  labels: z.array(z.string()),
  /** Its report folder, relative to this one when it can be (a link), else absolute. */
  dir: z.string(),
  /** This audit. */
  current: z.boolean().default(false),
});
export type HistoryAudit = z.infer<typeof HistoryAudit>;

/** A journey over the last audits, oldest first, this audit last: what its sparklines draw. */
export const JourneyTrend = z.object({
  journeyId: z.string(),
  points: z.array(z.object({ startedAt: z.string(), score: z.number().int().min(0).max(100), medianMs: ms })),
});
export type JourneyTrend = z.infer<typeof JourneyTrend>;

/** Whether a friction point was met before: new in this audit, or recurring since an earlier one. */
export const FrictionHistory = z.object({
  key: z.string(),
  status: z.enum(['new', 'recurring']),
  /** Recurring: the first audit of the unbroken series of audits it was met in, up to this one. */
  since: z.string().optional(),
  /** Of the earlier audits compared, how many met it. */
  seenIn: count,
});
export type FrictionHistory = z.infer<typeof FrictionHistory>;

/** A friction point the last audit met and this one did not, on a journey this audit ran. */
export const FixedPoint = z.object({
  key: z.string(),
  ruleId: z.string(),
  title: z.string(),
  severity: Severity,
  journeyName: z.string(),
  stepName: z.string().optional(),
  message: z.string(),
  /** The first audit of the series it was met in, up to the last one. */
  since: z.string(),
});
export type FixedPoint = z.infer<typeof FixedPoint>;

/** The latest audit of one set of labels (`--label after-hours`), beside the others'. */
export const LabelColumn = z.object({
  labels: z.array(z.string()),
  audit: HistoryAudit,
  frictionPoints: count,
  journeys: z.array(z.object({ id: z.string(), name: z.string(), score: z.number().int().min(0).max(100), deadEnds: count })),
  /** Friction points of this column met by no other column's audit. */
  only: z.array(z.object({ key: z.string(), title: z.string(), severity: Severity, journeyName: z.string(), stepName: z.string().optional(), message: z.string() })),
});
export type LabelColumn = z.infer<typeof LabelColumn>;

/**
 * This audit beside the earlier audits of the same site with the same labels, from the history
 * store (src/history/). Absent when history is off; `audits` is empty for the first audit.
 */
export const ScorecardHistory = z.object({
  /** The history store the comparison was read from. */
  store: z.string(),
  labels: z.array(z.string()),
  /** The earlier audits compared, oldest first, then this one. */
  audits: z.array(HistoryAudit),
  journeys: z.array(JourneyTrend),
  points: z.array(FrictionHistory),
  fixed: z.array(FixedPoint),
  /** What regressions were judged against (`slow-down`, `page-changed`): absent when there was nothing to compare with. */
  baseline: z.object({ from: z.enum(['recent', 'pinned']), audits: count, since: z.string(), until: z.string() }).optional(),
  /** The latest audit of each set of labels of this site, when there are several (business hours, after hours…). */
  byLabel: z.array(LabelColumn).default([]),
});
export type ScorecardHistory = z.infer<typeof ScorecardHistory>;

export const Scorecard = z.object({
  schemaVersion: z.literal(SCORECARD_SCHEMA_VERSION),
  tool: z.object({ name: z.string(), version: z.string() }),
  /** Base URL of the audited site. */
  target: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  configHash: z.string(),
  /** Findings at or above this severity fail the audit (CI exit code, JUnit failures). */
  failOn: Severity,
  /** Rules whose findings fail the audit whatever their severity (`--fail-on-regression`: slow-down, page-changed). */
  failOnRules: z.array(z.string()).optional(),
  /** Whether every planned run finished; when not, the score is provisional and the audit does not pass. */
  completeness: Completeness,
  /**
   * Checks still waiting for something that comes after the audit (an answer to an email due
   * within 24 h): not failed, not passed; `mystery-shopper resume DIR` settles them and rewrites
   * the scorecard. Absent when nothing is pending.
   */
  pending: z.array(PendingCheck).optional(),
  summary: Summary,
  /** Ranked: severity, share of runs hit, runs hit, journey, step. */
  frictionPoints: z.array(FrictionPoint),
  /** Ordered by journey id. */
  journeys: z.array(JourneyScorecard),
  /** Trends and what is new, recurring or fixed since the earlier audits (history store). */
  history: ScorecardHistory.optional(),
});
export type Scorecard = z.infer<typeof Scorecard>;
