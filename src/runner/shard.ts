// `run --shard i/n`: one of n parts of an audit's planned runs, for n CI jobs (or processes) that
// each run a part; `merge` (src/merge.ts) puts the parts back together into one scorecard.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import type { PlannedRun } from '../model/planned-run.ts';

/** Shard `index` of `total`, counted from 1 as people write it (`--shard 2/3`). */
export interface Shard {
  index: number;
  total: number;
}

/** Most shards an audit may be split into: past this a typo (`--shard 1/20000`) is likelier than a plan. */
export const MAX_SHARDS = 1000;

/** `--shard 2/3` → { index: 2, total: 3 }; anything but whole numbers with 1 ≤ i ≤ n is bad input. */
export function parseShard(value: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const expected = `--shard expects i/n: this shard's number and how many shards there are, whole numbers with 1 ≤ i ≤ n ≤ ${MAX_SHARDS} (e.g. --shard 1/3), got "${value}"`;
  if (!m) throw new InputError(expected);
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (index < 1 || total < 1 || index > total || total > MAX_SHARDS) throw new InputError(expected);
  return { index, total };
}

/**
 * The runs of one shard: round-robin over the plan (run k of the plan goes to shard k mod n + 1),
 * not contiguous blocks as Playwright deals out test files. The plan lists a journey's personas
 * and repeats next to each other, and a journey's runs cost alike: blocks would give one shard all
 * of a slow journey's repeats while another gets the quick ones, and the audit lasts as long as
 * its slowest shard. Dealt round-robin, each shard gets its share of every journey. It depends
 * only on the plan's order (journey files sorted by path, then personas, then repeats), so the
 * same config and journeys always give a shard the same runs; every run is in exactly one shard,
 * and shard sizes differ by at most one.
 */
export function shardRuns<T>(runs: readonly T[], shard: Shard): T[] {
  return runs.filter((_, k) => k % shard.total === shard.index - 1);
}

/**
 * Where the k-th run of shard `index` (counted from 0) stands in the whole plan: the inverse of
 * `shardRuns`, which merge uses to put runs.jsonl back in the plan's order.
 */
export const planPosition = (shard: Shard, k: number): number => k * shard.total + shard.index - 1;

/**
 * What a shard's meta.json says of it, so `merge` can tell the shards of one audit from others:
 * the whole plan's size and fingerprint (the same config hash can plan other runs: other journey
 * files, another --grep or --persona), and the shard's own runs in plan order.
 */
export const ShardMeta = z.object({
  index: z.number().int().positive(),
  total: z.number().int().positive(),
  /** Runs the whole plan has (the shard's own meta `planned` counts only its runs). */
  plannedInAll: z.number().int().nonnegative(),
  /** Fingerprint of the whole plan: each run's id, steps and budgets (`planFingerprint`). */
  plan: z.string(),
  /** This shard's run ids in plan order: with `planPosition`, where each stands in the whole plan. */
  runs: z.array(z.string()),
});
export type ShardMeta = z.infer<typeof ShardMeta>;

/**
 * A fingerprint of the whole plan: run ids, the steps' names and action labels (written from the
 * un-templated journey, so no per-run value or secret changes it) and budgets. Shards of one audit
 * share it; a shard run with other journeys, --grep or --persona does not.
 */
export function planFingerprint(runs: readonly PlannedRun[]): string {
  const steps = (list: PlannedRun['steps'] | undefined) => (list ?? []).map((s) => [s.name, s.budgetMs ?? null, s.actions.map((a) => a.label)]);
  const plan = runs.map((r) => [r.runId, r.budgets, steps(r.steps), steps(r.cleanup)]);
  return createHash('sha256').update(JSON.stringify(plan)).digest('hex').slice(0, 16);
}

/** The shard's runs and what its meta.json records of the split. */
export function applyShard(all: readonly PlannedRun[], shard: Shard): { runs: PlannedRun[]; meta: ShardMeta } {
  const runs = shardRuns(all, shard);
  return { runs, meta: { ...shard, plannedInAll: all.length, plan: planFingerprint(all), runs: runs.map((r) => r.runId) } };
}
