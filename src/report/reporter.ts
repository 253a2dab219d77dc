import { randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import type { Completeness, FrictionPersona, FrictionPlace, FrictionPoint, PendingCheck, Scorecard } from '../model/scorecard.ts';
import { formatMs, plural } from './format.ts';

/**
 * A reporter writes one format of the scorecard into the report folder. It reads only the
 * scorecard (and the folder's path) and returns the path it wrote.
 */
export interface Reporter {
  name: string;
  write(scorecard: Scorecard, outDir: string): Promise<string>;
}

/** Suffix of the temporary files `writeFileAtomic` writes before renaming them into place. */
export const TMP_SUFFIX = '.tmp';

/**
 * Write `path` so that readers see either the old file or the whole new one, never half of
 * it: write a temporary sibling, then rename it over `path` (atomic on one file system).
 */
export async function writeFileAtomic(path: string, data: string): Promise<string> {
  const tmp = tempPathFor(path);
  try {
    await writeFile(tmp, data, 'utf8');
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return path;
}

/** A temporary sibling of `path`, renamed into place once whole. */
const tempPathFor = (path: string): string => `${path}.${process.pid}.${randomBytes(4).toString('hex')}${TMP_SUFFIX}`;

/** As writeFileAtomic, for a file written piece by piece through its descriptor (see json-write.ts). */
export function writeFileAtomicSync(path: string, write: (fd: number) => void): string {
  const tmp = tempPathFor(path);
  try {
    const fd = openSync(tmp, 'w');
    try {
      write(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return path;
}

/*
 * What every reporter says about an incomplete audit, in the same words.
 */

/** The reason given when no run finished and nothing else is known (the counts say it already). */
export const NO_RUN_FINISHED = 'no run finished';

/** "8 of 28 runs finished" (of the planned runs). */
export function finishedCounts(c: Completeness): string {
  return c.planned === 0 ? NO_RUN_FINISHED : `${c.finished} of ${plural(c.planned, 'run')} finished`;
}

/** "INCOMPLETE: 8 of 28 runs finished — stopped by Ctrl-C (SIGINT)". */
export function incompleteLine(c: Completeness): string {
  return `INCOMPLETE: ${finishedCounts(c)}${c.reason && c.reason !== NO_RUN_FINISHED ? ` — ${c.reason}` : ''}`;
}

/** What the score of an incomplete audit is worth. */
export const PROVISIONAL_NOTE = 'The score is provisional: it covers only what ran before the audit stopped, and an incomplete audit does not pass.';

/*
 * What every reporter says about a friction point: where it hit and whom, in the same words.
 * The model holds the numbers (`places`, `personas`); these only phrase them.
 */

/** "Sign in" for a place's step, "step 3" when the step has no name, undefined for the whole run. */
export function placeStep(place: Pick<FrictionPlace, 'stepIndex' | 'stepName'>): string | undefined {
  if (place.stepIndex === undefined) return place.stepName;
  return place.stepName?.trim() ? place.stepName : `step ${place.stepIndex + 1}`;
}

/** "Sign in and see my orders › Sign in" (the journey alone for a whole-run place). */
export function placeLabel(place: FrictionPlace): string {
  const step = placeStep(place);
  return step === undefined ? place.journeyName : `${place.journeyName} › ${step}`;
}

/** Info points: noise the customer never notices (third-party requests, script errors). Not in the score. */
export const isNoted = (fp: Pick<FrictionPoint, 'severity'>): boolean => fp.severity === 'info';

/**
 * The places, briefly: "Checkout › Pay" for one place; "Checkout › Pay, Confirm" for steps of one
 * journey; for several journeys, their names when there are at most `names` of them, else
 * "3 journeys".
 */
export function placesBrief(places: readonly FrictionPlace[], names = 1): string {
  if (places.length === 0) return '';
  const journeys = [...new Map(places.map((p) => [p.journeyId, p.journeyName])).values()];
  if (journeys.length === 1) {
    if (places.length === 1) return placeLabel(places[0]);
    const steps = places.map(placeStep).filter((s): s is string => s !== undefined);
    if (steps.length === 0 || places.length > 3) return `${journeys[0]} (${places.length} steps)`;
    return `${journeys[0]} › ${steps.join(', ')}`;
  }
  if (journeys.length <= names) return places.length === journeys.length ? places.map(placeLabel).join(', ') : journeys.join(', ');
  return `${journeys.length} journeys`;
}

const LIST_NAMES = 6;
const nameList = (names: readonly string[]): string =>
  names.length <= LIST_NAMES ? names.join(', ') : `${names.slice(0, LIST_NAMES).join(', ')}, …`;
const sumHit = (ps: readonly FrictionPersona[]) => ps.reduce((n, p) => n + p.runsHit, 0);
const sumTotal = (ps: readonly FrictionPersona[]) => ps.reduce((n, p) => n + p.runsTotal, 0);
const sameShare = (ps: readonly FrictionPersona[]): boolean =>
  ps.every((p) => p.runsHit * ps[0].runsTotal === ps[0].runsHit * p.runsTotal);

/**
 * Who a friction point hit, in full: "persona sam: 4 of 4 runs; the 2 others (alex, dana): 0 of 8"
 * when some were spared, "every persona (alex, sam): 6 of 6 runs" when all were hit alike.
 */
export function personasLine(personas: readonly FrictionPersona[]): string {
  if (personas.length === 0) return '';
  if (personas.length === 1) {
    const [p] = personas;
    return `persona ${p.persona}: ${p.runsHit} of ${plural(p.runsTotal, 'run')}`;
  }
  if (sameShare(personas)) {
    const who = personas.length <= LIST_NAMES ? `every persona (${nameList(personas.map((p) => p.persona))})` : `all ${personas.length} personas`;
    return `${who}: ${sumHit(personas)} of ${plural(sumTotal(personas), 'run')}`;
  }
  const hit = personas.filter((p) => p.runsHit > 0);
  const spared = personas.filter((p) => p.runsHit === 0);
  const parts: string[] = [];
  if (hit.length > 1 && sameShare(hit)) {
    // Hit alike: one number for them all.
    parts.push(`personas ${nameList(hit.map((p) => p.persona))}: ${sumHit(hit)} of ${plural(sumTotal(hit), 'run')}`);
  } else {
    const shown = hit.length <= 4 ? hit : hit.slice(0, 3);
    const each = shown.map((p) => `${p.persona}: ${p.runsHit} of ${plural(p.runsTotal, 'run')}`).join(', ');
    parts.push(`${shown.length === 1 ? 'persona' : 'personas'} ${each}`);
    const rest = hit.slice(shown.length);
    if (rest.length > 0) parts.push(`${rest.length} more personas: ${sumHit(rest)} of ${plural(sumTotal(rest), 'run')}`);
  }
  if (spared.length > 0) {
    const names = nameList(spared.map((p) => p.persona));
    parts.push(`${spared.length === 1 ? 'the other' : `the ${spared.length} others`} (${names}): 0 of ${sumTotal(spared)}`);
  }
  return parts.join('; ');
}

/** Who, briefly: "persona sam 4/4 (others 0/8)", "every persona 6/6", "personas sam 4/4, alex 1/4". */
export function personasBrief(personas: readonly FrictionPersona[]): string {
  if (personas.length === 0) return '';
  const ratio = (ps: readonly FrictionPersona[]) => `${sumHit(ps)}/${sumTotal(ps)}`;
  if (personas.length === 1) return `persona ${personas[0].persona} ${ratio(personas)}`;
  if (sameShare(personas)) return `every persona ${ratio(personas)}`;
  const hit = personas.filter((p) => p.runsHit > 0);
  const spared = personas.filter((p) => p.runsHit === 0);
  const who =
    hit.length === 1
      ? `persona ${hit[0].persona} ${ratio(hit)}`
      : hit.length > 3
        ? `${hit.length === personas.length ? 'all ' : ''}${hit.length} personas ${ratio(hit)}`
        : sameShare(hit)
          ? `personas ${hit.map((p) => p.persona).join(', ')} ${ratio(hit)}`
          : `personas ${hit.map((p) => `${p.persona} ${ratio([p])}`).join(', ')}`;
  return spared.length === 0 ? who : `${who} (${spared.length === 1 ? spared[0].persona : 'others'} ${ratio(spared)})`;
}

/*
 * What every reporter says about checks still pending (waits longer than the audit stayed up).
 */

/** Why pending is neither pass nor fail, and how it ends. */
export const PENDING_NOTE =
  'Pending checks are neither passed nor failed: `mystery-shopper resume` on this report folder looks for what they wait for, measures when it came, and rewrites this scorecard.';

/** "“Wait for the answer” in reply-to-support (alex #1) waits for the answer to the customer's email, due within 24 h, until 2024-05-02T09:00:00.000Z; 1 later step not run" */
export function pendingLine(p: PendingCheck): string {
  const due = p.withinMs !== undefined ? `, due within ${formatMs(p.withinMs)}` : '';
  const notRun = p.stepsNotRun ? `; ${plural(p.stepsNotRun, 'later step')} not run` : '';
  return `“${p.stepName}” in ${p.journeyId} (${p.runId.split('/').slice(1).join(' #')}) waits for the ${p.what}${due}, until ${p.until}${notRun}`;
}
