/**
 * `page-changed`'s facts: each step's screenshot beside the same step's in a baseline audit,
 * pixel by pixel. What changes on every visit is masked when the screenshots are taken (config
 * `history.masks`), so both sides paint it over alike and it counts as equal here.
 *
 * Only changed pages leave anything behind: for those, the baseline's screenshot is copied and an
 * image of what differs is written into this report folder (`regressions/`), because the HTML
 * scorecard loads images from its own folder only. Unchanged pages are not returned.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { decode, encode } from 'jpeg-js';
import pixelmatch from 'pixelmatch';
import type { ScreenComparison } from '../model/baseline.ts';
import type { RunRecord, StepRecord } from '../model/run-record.ts';

/** An audit's report folder and its run records (runs.jsonl). */
export interface ScreensOf {
  dir: string;
  records: readonly RunRecord[];
}

/** The baseline audit the screenshots are compared with: its folder, records and history id. */
export interface BaselineScreensOf extends ScreensOf {
  auditId: number;
}

export interface CompareScreensOptions {
  /** pixelmatch's colour distance under which two pixels are the same (0–1, smaller is stricter); absorbs JPEG noise. */
  pixelThreshold?: number;
  /** A page with this share of its pixels changed or less is not returned, and nothing is written for it. */
  minDiffRatio?: number;
}

/** Folder of the copied baseline screenshots and diff images, inside the report folder. */
export const REGRESSIONS_DIR = 'regressions';
export const DEFAULT_PIXEL_THRESHOLD = 0.1;
/** 0.1 % of the pixels: about a short line of text on a 1280×800 page. */
export const DEFAULT_MIN_DIFF_RATIO = 0.001;
/** Same quality as the screenshots themselves. */
const DIFF_QUALITY = 70;

interface Image {
  width: number;
  height: number;
  data: Uint8Array;
}

/** The file a relative path names inside `dir`, or undefined when it would leave the folder. */
function fileIn(dir: string, rel: string): string | undefined {
  if (!rel || isAbsolute(rel) || rel.includes('\0')) return undefined;
  const root = resolve(dir);
  const file = resolve(root, rel);
  const back = relative(root, file);
  return back && back.split(sep)[0] !== '..' && !isAbsolute(back) ? file : undefined;
}

function read(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined; // a cleaned-up folder: nothing to compare with
  }
}

function decodeJpeg(bytes: Buffer): Image | undefined {
  try {
    const img = decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
    return img.width > 0 && img.height > 0 ? img : undefined;
  } catch {
    return undefined; // not a JPEG we can read: no comparison rather than a failed audit
  }
}

const passedShot = (s: StepRecord | undefined): s is StepRecord & { screenshot: string } => s?.status === 'passed' && s.screenshot !== undefined;

/**
 * The baseline's run of the same journey and persona showing the same step (same index and name):
 * the same repeat when it has it, else the first repeat that does.
 */
function baselineStep(byPersona: ReadonlyMap<string, RunRecord[]>, run: RunRecord, step: StepRecord): StepRecord & { screenshot: string } | undefined {
  const runs = byPersona.get(JSON.stringify([run.journeyId, run.persona])) ?? [];
  const match = (r: RunRecord) => {
    const s = r.steps.find((x) => x.index === step.index);
    return s && s.name === step.name && passedShot(s) ? s : undefined;
  };
  const same = runs.find((r) => r.repeat === run.repeat);
  const found = same && match(same);
  if (found) return found;
  for (const r of runs) {
    const s = match(r);
    if (s) return s;
  }
  return undefined;
}

/** A step of this audit and the baseline's file it is compared with. */
interface Pair {
  run: RunRecord;
  step: StepRecord & { screenshot: string };
  now: Buffer;
  before: Buffer;
  beforeFile: string;
  beforeKey: string;
}

/** What comparing two images found; undefined when nothing changed (or an image could not be read). */
interface Outcome {
  diffPixels: number;
  diffRatio: number;
  sizeChanged: boolean;
  /** The diff image written, relative; undefined when the sizes differ. */
  diff?: string;
}

const hash = (bytes: Buffer): string => createHash('sha1').update(bytes).digest('hex');

/**
 * Compares every passed step's screenshot of `current` with the same step's in `baseline` and
 * returns the pages that changed (more than `minDiffRatio` of their pixels, or another size),
 * in the order of the records, after writing `regressions/<shot>-baseline.jpg` and
 * `regressions/<shot>-diff.jpg` into `current.dir`. Steps without a screenshot on either side,
 * failed steps (dead-end's business), and baseline files that are gone, outside their folder or
 * unreadable are skipped, never an error.
 *
 * Synchronous and CPU-bound; decoding (about 0.1 s per 1280×800 JPEG) is most of the time, so
 * identical files are never decoded, the same two images (repeats and personas that saw the same
 * pixels) are compared once and share their images, and a baseline image is decoded once for all
 * the steps compared with it.
 */
export function compareScreens(current: ScreensOf, baseline: BaselineScreensOf, opts: CompareScreensOptions = {}): ScreenComparison[] {
  const threshold = opts.pixelThreshold ?? DEFAULT_PIXEL_THRESHOLD;
  const floor = opts.minDiffRatio ?? DEFAULT_MIN_DIFF_RATIO;
  const byPersona = new Map<string, RunRecord[]>();
  for (const r of [...baseline.records].sort((a, b) => a.repeat - b.repeat)) {
    const key = JSON.stringify([r.journeyId, r.persona]);
    byPersona.set(key, [...(byPersona.get(key) ?? []), r]);
  }

  const pairs: Pair[] = [];
  for (const run of current.records) {
    for (const step of run.steps) {
      if (!passedShot(step)) continue;
      const then = baselineStep(byPersona, run, step);
      const nowFile = fileIn(current.dir, step.screenshot);
      const beforeFile = then && fileIn(baseline.dir, then.screenshot);
      if (!nowFile || !beforeFile) continue;
      const now = read(nowFile);
      const before = read(beforeFile);
      // The same pixels encode to the same bytes: most unchanged pages stop here, undecoded.
      if (!now || !before || now.equals(before)) continue;
      pairs.push({ run, step, now, before, beforeFile, beforeKey: hash(before) });
    }
  }
  if (pairs.length === 0) return [];

  const outcomes = new Map<string, Outcome | undefined>();
  const copies = new Map<string, string>();
  const found = new Map<Pair, ScreenComparison>();
  let decodedBefore: { key: string; image: Image | undefined } | undefined;
  // The folder is made when the first image goes into it: an audit with no changed page has none.
  const output = (file: string): string => {
    mkdirSync(join(current.dir, REGRESSIONS_DIR), { recursive: true });
    return join(current.dir, REGRESSIONS_DIR, file);
  };
  // Grouped by baseline image, so each is decoded once.
  for (const pair of [...pairs].sort((a, b) => (a.beforeKey < b.beforeKey ? -1 : a.beforeKey > b.beforeKey ? 1 : 0))) {
    const name = basename(pair.step.screenshot).replace(/\.jpe?g$/i, '').replace(/[^\w.-]/g, '_');
    const key = `${hash(pair.now)} ${pair.beforeKey}`;
    if (!outcomes.has(key)) {
      if (decodedBefore?.key !== pair.beforeKey) decodedBefore = { key: pair.beforeKey, image: decodeJpeg(pair.before) };
      outcomes.set(key, compareImages(decodeJpeg(pair.now), decodedBefore.image, { threshold, floor, diff: `${name}-diff.jpg`, output }));
    }
    const outcome = outcomes.get(key);
    if (!outcome) continue;
    let copy = copies.get(pair.beforeKey);
    if (!copy) {
      copyFileSync(pair.beforeFile, output(`${name}-baseline.jpg`));
      copy = `${REGRESSIONS_DIR}/${name}-baseline.jpg`;
      copies.set(pair.beforeKey, copy);
    }
    found.set(pair, {
      runId: pair.run.runId,
      journeyId: pair.run.journeyId,
      persona: pair.run.persona,
      stepIndex: pair.step.index,
      stepName: pair.step.name,
      screenshot: pair.step.screenshot,
      baselineScreenshot: copy,
      // Images of different sizes do not line up: the current screenshot is the picture of the change.
      diff: outcome.diff ?? pair.step.screenshot,
      diffRatio: outcome.diffRatio,
      diffPixels: outcome.diffPixels,
      sizeChanged: outcome.sizeChanged,
      baselineAuditId: baseline.auditId,
    });
  }
  return pairs.flatMap((p) => found.get(p) ?? []);
}

/**
 * Two decoded images, pixel by pixel (anti-aliased pixels not counted). Over the floor, the diff
 * image is written to `diff`: the baseline faded, what changed in red. Different sizes count as
 * entirely changed, with no diff image.
 */
function compareImages(
  now: Image | undefined,
  then: Image | undefined,
  o: { threshold: number; floor: number; diff: string; output: (file: string) => string },
): Outcome | undefined {
  if (!now || !then) return undefined;
  if (now.width !== then.width || now.height !== then.height) {
    return { diffPixels: Math.max(now.width * now.height, then.width * then.height), diffRatio: 1, sizeChanged: true };
  }
  const { width, height } = now;
  const match = { threshold: o.threshold, includeAA: false };
  // Counting alone is about twice as fast as drawing: draw only what will be kept.
  const diffPixels = pixelmatch(then.data, now.data, undefined, width, height, match);
  const diffRatio = diffPixels / (width * height);
  if (!(diffRatio > o.floor)) return undefined;
  const drawn = new Uint8Array(now.data.length);
  pixelmatch(then.data, now.data, drawn, width, height, match);
  writeFileSync(o.output(o.diff), encode({ width, height, data: drawn }, DIFF_QUALITY).data);
  return { diffPixels, diffRatio, sizeChanged: false, diff: `${REGRESSIONS_DIR}/${o.diff}` };
}
