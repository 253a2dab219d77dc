// A Playwright trace of a run (config `trace`, `--trace`; docs/traces.md), written to the report
// folder only once every secret is out of it. Playwright records the typed values in clear: a
// `fill`'s params and log line, every input's value in the DOM snapshots, the URLs and bodies of
// the requests. So the archive is written to a private temp folder, opened, and every text entry
// goes through the same redaction as the run records (redact.ts: every encoding of every secret,
// secret-looking query parameters, and the secrets lower- and upper-cased); binary entries are
// kept as they are unless they hold a secret's bytes, in which case they are left out. Then it is
// zipped again into the report folder.
//
// The trace covers the customer's journey, from the context's start to the last step run: the
// accessibility re-visits and cleanup steps that follow are the auditor's (and axe-core's 1.5 MB
// source would be recorded each time it is injected).
//
// Screencast frames are off (`screenshots: false`): they are pictures of the page, which no text
// redaction reaches, and the page shows what the customer typed. The trace's DOM snapshots show
// the same pages as text, which can be redacted; the steps' own screenshots (masked, see
// secret-mask.ts) are in the report. Sources are off too: they are the harness's, not the site's.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzip, zip, type AsyncUnzipOptions, type AsyncZipOptions, type AsyncZippable, type Unzipped } from 'fflate';
import type { BrowserContext } from 'playwright';
import type { TRACE_MODES } from '../config/schema.ts';
import { isSecretParamName, REDACTED, secretRedactor } from './redact.ts';

export type TraceMode = (typeof TRACE_MODES)[number];

/** Where traces go inside the report folder. */
export const TRACES_DIR = 'traces';

/** Traces bigger than this, unpacked, are not kept: redacting them would hold it all in memory. */
export const MAX_TRACE_BYTES = 512 * 1024 * 1024;

/** Unique per run, like the screenshots' names: the readable slug plus a short hash of the exact run id. */
export function traceName(runId: string): string {
  const slug = runId.replace(/[^a-zA-Z0-9._-]+/g, '_');
  return `${slug}-${createHash('sha256').update(runId).digest('hex').slice(0, 8)}.zip`;
}

/** Whether a run's trace is kept: every run's with `on`; with `on-failure`, a dead end's or an errored run's. */
export function keepsTrace(mode: TraceMode, deadEndOrErrored: boolean): boolean {
  return mode === 'on' || (mode === 'on-failure' && deadEndOrErrored);
}

export interface RunTrace {
  /**
   * Stops recording (call it before the context closes). When the mode keeps this run's trace,
   * redacts it and writes it to the report folder, and returns its path relative to the folder;
   * undefined otherwise, or when it could not be saved (the run itself is not affected). Calls
   * after the first return the first one's result.
   */
  finish(deadEndOrErrored: boolean): Promise<string | undefined>;
}

/** Starts tracing the run's context; undefined when the mode is `off` or tracing cannot start. */
export async function startTrace(
  context: BrowserContext,
  opts: { mode: TraceMode; outDir: string; runId: string; secrets: readonly string[] },
): Promise<RunTrace | undefined> {
  if (opts.mode === 'off') return undefined;
  try {
    await context.tracing.start({ snapshots: true, screenshots: false, sources: false });
  } catch {
    return undefined; // a run without a trace is still a run
  }
  let finished: Promise<string | undefined> | undefined;
  return {
    finish(deadEndOrErrored) {
      finished ??= save(deadEndOrErrored);
      return finished;
    },
  };

  async function save(deadEndOrErrored: boolean): Promise<string | undefined> {
    if (!keepsTrace(opts.mode, deadEndOrErrored)) {
      await context.tracing.stop().catch(() => undefined);
      return undefined;
    }
    // The trace as Playwright writes it holds the secrets: it stays in a folder only this user can read.
    const temp = mkdtempSync(join(tmpdir(), 'ms-trace-'));
    try {
      const raw = join(temp, 'trace.zip');
      await context.tracing.stop({ path: raw });
      const redacted = await redactTraceArchive(await readFile(raw), opts.secrets);
      if (!redacted) return undefined;
      const rel = `${TRACES_DIR}/${traceName(opts.runId)}`;
      mkdirSync(join(opts.outDir, TRACES_DIR), { recursive: true });
      writeFileSync(join(opts.outDir, rel), redacted);
      return rel;
    } catch {
      return undefined; // a browser gone, a full disk: the run keeps its record, without a trace
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  }
}

/** Entries that are JSON, one value per line (the trace's events and its network log). */
const JSON_LINES = /\.(?:trace|network)$/;
/** Entries that are one JSON value. */
const JSON_FILE = /\.(?:json|stacks)$/;
/** Attribute and field names that hold an input's or a pair's value (`__playwright_value_`: a snapshot's typed value). */
const VALUE_KEYS = ['value', '__playwright_value_'] as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** The entry as text, when it is UTF-8 without NUL bytes; undefined for binary entries (images, fonts). */
function asText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Strings at least this long are redacted once per archive: the harness's own scripts (axe-core, 1.5 MB) are recorded each time they are run. */
const MEMO_MIN_CHARS = 1024;
/** Characters kept memoised per archive, at most. */
const MEMO_MAX_CHARS = 64 * 1024 * 1024;

/**
 * Redacts the strings of JSON values and of texts, remembering whether anything changed. Besides
 * the secrets in every encoding (redact.ts): the value of any name/value pair whose name looks
 * secret (a `Cookie` or `Authorization` header, a `token` query parameter or form field, an
 * `<input name="password">` in a snapshot), every cookie's value, and every password field's value.
 */
class Scrubber {
  changed = false;
  private readonly memo = new Map<string, string>();
  private memoChars = 0;

  constructor(private readonly redactText: (s: string) => string) {}

  text(s: string): string {
    const long = s.length >= MEMO_MIN_CHARS;
    let out = long ? this.memo.get(s) : undefined;
    if (out === undefined) {
      out = this.redactText(s);
      if (long && this.memoChars < MEMO_MAX_CHARS) {
        this.memo.set(s, out);
        this.memoChars += s.length;
      }
    }
    if (out !== s) this.changed = true;
    return out;
  }

  json(value: unknown, parentKey?: string): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.json(v, parentKey));
    if (value === null || typeof value !== 'object') return value;
    const obj = value as Record<string, unknown>;
    const hide =
      parentKey === 'cookies' ||
      (typeof obj.name === 'string' && isSecretParamName(obj.name)) ||
      (typeof obj.type === 'string' && obj.type.toLowerCase() === 'password');
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (hide && typeof v === 'string' && v !== '' && v !== REDACTED && (VALUE_KEYS as readonly string[]).includes(k)) {
        out[k] = REDACTED;
        this.changed = true;
      } else {
        out[this.text(k)] = this.json(v, k);
      }
    }
    return out;
  }

  /** One JSON text redacted; the text as it was when nothing in it changed. */
  jsonText(text: string): string {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return this.text(text); // not JSON after all: redacted as text
    }
    const before = this.changed;
    this.changed = false;
    const redacted = this.json(parsed);
    const changed = this.changed;
    this.changed = before || changed;
    return changed ? JSON.stringify(redacted) : text;
  }
}

/** True when `bytes` holds `needle` anywhere. */
const holds = (bytes: Uint8Array, needle: Uint8Array): boolean => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(needle) !== -1;

/** Lets the runs still going on have their turn (their steps are being timed). */
const yieldToOthers = () => new Promise((resolve) => setImmediate(resolve));
/** Text redacted between two yields, about. */
const SLICE_CHARS = 256 * 1024;

// Inflating and deflating run in worker threads (fflate's async API), off the thread that times the steps.
const unzipAsync = (data: Uint8Array, opts: AsyncUnzipOptions) =>
  new Promise<Unzipped>((resolve, reject) => unzip(data, opts, (err, out) => (err ? reject(err) : resolve(out))));
const zipAsync = (data: AsyncZippable, opts: AsyncZipOptions) =>
  new Promise<Uint8Array>((resolve, reject) => zip(data, opts, (err, out) => (err ? reject(err) : resolve(out))));

/**
 * The trace archive with every secret out of it (see the top of this file), zipped again; undefined
 * when it is too big to redact in memory.
 */
export async function redactTraceArchive(archive: Uint8Array, secrets: readonly string[]): Promise<Uint8Array | undefined> {
  let total = 0;
  const entries = await unzipAsync(archive, {
    filter: (f) => {
      total += f.originalSize;
      return total <= MAX_TRACE_BYTES;
    },
  });
  if (total > MAX_TRACE_BYTES) return undefined;
  // In any case too: the harness's own page scripts, recorded with their arguments, look for the
  // secrets' lower-cased forms (secret-mask.ts), and a page may show one upper-cased.
  const scrub = new Scrubber(secretRedactor([...new Set(secrets.flatMap((s) => [s, s.toLowerCase(), s.toUpperCase()]))]));
  const raw = secrets.filter((s) => s.trim().length > 0).flatMap((s) => [Buffer.from(s, 'utf8'), Buffer.from(s, 'utf16le')]);
  const out: AsyncZippable = {};
  for (const [name, bytes] of Object.entries(entries)) {
    await yieldToOthers();
    const text = asText(bytes);
    if (text === undefined) {
      // Pictures and fonts of the page cannot be redacted: one that holds a secret's bytes is left out.
      if (!raw.some((needle) => holds(bytes, needle))) out[name] = bytes;
      continue;
    }
    let redacted: string;
    if (JSON_LINES.test(name)) {
      const lines = text.split('\n');
      let sinceYield = 0;
      for (let i = 0; i < lines.length; i++) {
        if (!lines[i].trim()) continue;
        sinceYield += lines[i].length;
        lines[i] = scrub.jsonText(lines[i]);
        if (sinceYield > SLICE_CHARS) {
          sinceYield = 0;
          await yieldToOthers();
        }
      }
      redacted = lines.join('\n');
    } else {
      redacted = JSON_FILE.test(name) ? scrub.jsonText(text) : scrub.text(text);
    }
    out[name] = redacted === text ? bytes : encoder.encode(redacted);
  }
  return zipAsync(out, { level: 6 });
}
