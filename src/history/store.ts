// The history store: every audit of every site, one SQLite file (better-sqlite3), so the next
// audit can say what is new, recurring or fixed, draw trends, and judge regressions against the
// last ones. It keeps what those need and nothing a page said: targets, labels, times, scores,
// step durations and friction points by cause (their titles and messages, as the scorecard shows
// them). The report folders stay the evidence; the store points at them.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { groupStepSamples, type BaselineStep } from '../model/baseline.ts';
import type { Grade } from '../model/scorecard.ts';
import type { Severity } from '../model/finding.ts';

/** Bumped when the tables change; an older file is migrated by `migrate`. */
const STORE_VERSION = 1;

/** One audit as the store keeps it. */
export interface StoredAudit {
  id: number;
  dir: string;
  target: string;
  /** Sorted, so two audits with the same labels compare equal. */
  labels: string[];
  startedAt: string;
  finishedAt: string;
  score: number;
  grade: Grade;
  complete: boolean;
  runs: number;
  configHash: string;
  toolVersion: string;
}

export interface StoredJourney {
  auditId: number;
  journeyId: string;
  name: string;
  score: number;
  runs: number;
  deadEnds: number;
  medianMs: number;
}

export interface StoredStep {
  auditId: number;
  runId: string;
  journeyId: string;
  persona: string;
  repeat: number;
  stepIndex: number;
  stepName: string;
  durationMs: number;
  passed: boolean;
  screenshot?: string;
}

export interface StoredPoint {
  auditId: number;
  key: string;
  ruleId: string;
  title: string;
  severity: Severity;
  journeyId: string;
  journeyName: string;
  stepName?: string;
  message: string;
  runsHit: number;
}

/** What recording an audit takes: the audit, its journeys, every run's steps and its friction points. */
export interface AuditEntry {
  audit: Omit<StoredAudit, 'id'>;
  journeys: Omit<StoredJourney, 'auditId'>[];
  steps: Omit<StoredStep, 'auditId'>[];
  points: Omit<StoredPoint, 'auditId'>[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audits (
  id INTEGER PRIMARY KEY,
  dir TEXT NOT NULL UNIQUE,
  target TEXT NOT NULL,
  labels TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  score INTEGER NOT NULL,
  grade TEXT NOT NULL,
  complete INTEGER NOT NULL,
  runs INTEGER NOT NULL,
  config_hash TEXT NOT NULL,
  tool_version TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audits_by_target ON audits (target, labels, started_at);
CREATE TABLE IF NOT EXISTS journeys (
  audit_id INTEGER NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
  journey_id TEXT NOT NULL,
  name TEXT NOT NULL,
  score INTEGER NOT NULL,
  runs INTEGER NOT NULL,
  dead_ends INTEGER NOT NULL,
  median_ms REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS journeys_by_audit ON journeys (audit_id);
CREATE TABLE IF NOT EXISTS steps (
  audit_id INTEGER NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
  run_id TEXT NOT NULL,
  journey_id TEXT NOT NULL,
  persona TEXT NOT NULL,
  repeat INTEGER NOT NULL,
  step_index INTEGER NOT NULL,
  step_name TEXT NOT NULL,
  duration_ms REAL NOT NULL,
  passed INTEGER NOT NULL,
  screenshot TEXT
);
CREATE INDEX IF NOT EXISTS steps_by_audit ON steps (audit_id, journey_id, step_name);
CREATE TABLE IF NOT EXISTS points (
  audit_id INTEGER NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  title TEXT NOT NULL,
  severity TEXT NOT NULL,
  journey_id TEXT NOT NULL,
  journey_name TEXT NOT NULL,
  step_name TEXT,
  message TEXT NOT NULL,
  runs_hit INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS points_by_audit ON points (audit_id);
`;

type Row = Record<string, unknown>;

const auditOf = (r: Row): StoredAudit => ({
  id: r.id as number,
  dir: r.dir as string,
  target: r.target as string,
  labels: JSON.parse(r.labels as string) as string[],
  startedAt: r.started_at as string,
  finishedAt: r.finished_at as string,
  score: r.score as number,
  grade: r.grade as Grade,
  complete: r.complete === 1,
  runs: r.runs as number,
  configHash: r.config_hash as string,
  toolVersion: r.tool_version as string,
});

/** The store could not be opened or written: the audit's report is written all the same. */
export class HistoryUnavailable extends Error {
  constructor(path: string, cause: unknown) {
    super(`the history store ${path} cannot be used: ${(cause instanceof Error ? cause.message : String(cause)).split('\n')[0]}`);
    this.name = 'HistoryUnavailable';
  }
}

/** A base URL as the store names its site: `https://shop.example/` and `https://shop.example` are one. */
export function siteKey(target: string): string {
  try {
    const u = new URL(target);
    return `${u.origin}${u.pathname.replace(/\/+$/, '')}${u.search}`;
  } catch {
    return target;
  }
}

/** Labels as the store compares them: trimmed, unique, sorted. */
export const labelKey = (labels: readonly string[]): string[] => [...new Set(labels.map((l) => l.trim()).filter(Boolean))].sort();

export class HistoryStore {
  private constructor(
    private db: BetterSqlite3.Database,
    readonly path: string,
  ) {}

  /** Opens (creating when missing) the store at `path`. */
  static open(path: string, opts: { readonly?: boolean } = {}): HistoryStore {
    try {
      if (!opts.readonly) mkdirSync(dirname(path), { recursive: true });
      // Loaded here: only audits that record history pay for the native module.
      const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
      const db = new Database(path, { readonly: Boolean(opts.readonly), fileMustExist: Boolean(opts.readonly) });
      // Shards or two audits finishing at once write the same file: wait for the other's write.
      db.pragma('busy_timeout = 10000');
      if (!opts.readonly) {
        db.pragma('journal_mode = WAL');
        // In WAL mode, NORMAL still never corrupts the file; a power cut may lose the last audit recorded.
        db.pragma('synchronous = NORMAL');
        db.pragma('foreign_keys = ON');
        const version = db.pragma('user_version', { simple: true }) as number;
        if (version > STORE_VERSION) throw new Error(`it was written by a newer mystery-shopper (store version ${version}, this one reads ${STORE_VERSION})`);
        db.exec(SCHEMA);
        db.pragma(`user_version = ${STORE_VERSION}`);
      }
      return new HistoryStore(db, path);
    } catch (err) {
      throw new HistoryUnavailable(path, err);
    }
  }

  close(): void {
    this.db.close();
  }

  /**
   * Records an audit, replacing what was recorded for the same report folder (a resumed audit's
   * findings change): one transaction, so a reader never sees half an audit. Returns its id.
   */
  record(entry: AuditEntry): number {
    const db = this.db;
    const insertAudit = db.prepare(
      `INSERT INTO audits (dir, target, labels, started_at, finished_at, score, grade, complete, runs, config_hash, tool_version)
       VALUES (@dir, @target, @labels, @startedAt, @finishedAt, @score, @grade, @complete, @runs, @configHash, @toolVersion)`,
    );
    const insertJourney = db.prepare(
      'INSERT INTO journeys (audit_id, journey_id, name, score, runs, dead_ends, median_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insertStep = db.prepare(
      'INSERT INTO steps (audit_id, run_id, journey_id, persona, repeat, step_index, step_name, duration_ms, passed, screenshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertPoint = db.prepare(
      'INSERT INTO points (audit_id, key, rule_id, title, severity, journey_id, journey_name, step_name, message, runs_hit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const write = db.transaction((e: AuditEntry): number => {
      db.prepare('DELETE FROM audits WHERE dir = ?').run(e.audit.dir);
      const a = e.audit;
      const id = Number(
        insertAudit.run({ ...a, labels: JSON.stringify(labelKey(a.labels)), complete: a.complete ? 1 : 0 }).lastInsertRowid,
      );
      for (const j of e.journeys) insertJourney.run(id, j.journeyId, j.name, j.score, j.runs, j.deadEnds, j.medianMs);
      for (const s of e.steps) insertStep.run(id, s.runId, s.journeyId, s.persona, s.repeat, s.stepIndex, s.stepName, s.durationMs, s.passed ? 1 : 0, s.screenshot ?? null);
      for (const p of e.points) insertPoint.run(id, p.key, p.ruleId, p.title, p.severity, p.journeyId, p.journeyName, p.stepName ?? null, p.message, p.runsHit);
      return id;
    });
    return write(entry);
  }

  /** The audit recorded from a report folder, if any. */
  auditByDir(dir: string): StoredAudit | undefined {
    const row = this.db.prepare('SELECT * FROM audits WHERE dir = ?').get(dir) as Row | undefined;
    return row && auditOf(row);
  }

  /**
   * The latest complete audits of a site, newest first: with `labels`, only audits with exactly
   * those labels; `before`, only audits started before that time; `exceptDir`, not that folder.
   */
  audits(q: { target?: string; labels?: readonly string[]; before?: string; exceptDir?: string; limit?: number; completeOnly?: boolean } = {}): StoredAudit[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.target !== undefined) {
      where.push('target = ?');
      args.push(q.target);
    }
    if (q.labels !== undefined) {
      where.push('labels = ?');
      args.push(JSON.stringify(labelKey(q.labels)));
    }
    if (q.before !== undefined) {
      where.push('started_at < ?');
      args.push(q.before);
    }
    if (q.exceptDir !== undefined) {
      where.push('dir <> ?');
      args.push(q.exceptDir);
    }
    if (q.completeOnly ?? true) where.push('complete = 1');
    const sql = `SELECT * FROM audits ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC, id DESC ${q.limit !== undefined ? 'LIMIT ?' : ''}`;
    if (q.limit !== undefined) args.push(q.limit);
    return (this.db.prepare(sql).all(...args) as Row[]).map(auditOf);
  }

  /** Every site and set of labels recorded, with how many audits and the latest's time. */
  targets(): { target: string; labels: string[]; audits: number; latest: string }[] {
    return (this.db.prepare('SELECT target, labels, COUNT(*) AS n, MAX(started_at) AS latest FROM audits GROUP BY target, labels ORDER BY target, labels').all() as Row[]).map((r) => ({
      target: r.target as string,
      labels: JSON.parse(r.labels as string) as string[],
      audits: r.n as number,
      latest: r.latest as string,
    }));
  }

  journeys(auditIds: readonly number[]): StoredJourney[] {
    return this.byAudit<StoredJourney>('journeys', auditIds, (r) => ({
      auditId: r.audit_id as number,
      journeyId: r.journey_id as string,
      name: r.name as string,
      score: r.score as number,
      runs: r.runs as number,
      deadEnds: r.dead_ends as number,
      medianMs: r.median_ms as number,
    }));
  }

  /**
   * Durations of passed steps in these audits, by journey and step name: what slow-down's
   * baseline is made of. Read as raw rows, the only query here that returns a row per step run.
   */
  stepSamples(auditIds: readonly number[]): BaselineStep[] {
    if (auditIds.length === 0) return [];
    const query = this.db
      .prepare(`SELECT journey_id, step_name, duration_ms FROM steps WHERE audit_id IN (${auditIds.map(() => '?').join(',')}) AND passed = 1`)
      .raw(true);
    return groupStepSamples(query.iterate(...auditIds) as Iterable<[string, string, number]>);
  }

  points(auditIds: readonly number[]): StoredPoint[] {
    return this.byAudit<StoredPoint>('points', auditIds, (r) => ({
      auditId: r.audit_id as number,
      key: r.key as string,
      ruleId: r.rule_id as string,
      title: r.title as string,
      severity: r.severity as Severity,
      journeyId: r.journey_id as string,
      journeyName: r.journey_name as string,
      ...(r.step_name ? { stepName: r.step_name as string } : {}),
      message: r.message as string,
      runsHit: r.runs_hit as number,
    }));
  }

  private byAudit<T>(table: 'journeys' | 'steps' | 'points', auditIds: readonly number[], map: (r: Row) => T): T[] {
    if (auditIds.length === 0) return [];
    const marks = auditIds.map(() => '?').join(',');
    return (this.db.prepare(`SELECT * FROM ${table} WHERE audit_id IN (${marks})`).all(...auditIds) as Row[]).map(map);
  }
}
