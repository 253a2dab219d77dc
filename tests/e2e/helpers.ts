import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from '@playwright/test';
import { startAcme, type Acme } from '../../fixtures/acme/server.ts';
import { startInboxAudit } from '../../src/channels/email/channel.ts';
import { RunRecord } from '../../src/model/run-record.ts';
import { runAudit, type AuditOptions, type AuditResult } from '../../src/pipeline.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ONE_PERSONA = 'tests/e2e/fixtures/one-persona.config.ts';

export const tempDir = (prefix = 'ms-e2e-') => mkdtempSync(join(tmpdir(), prefix));

/** Audits a fresh Acme with the given knobs using the real harness, browser and reporters. */
export async function auditAcme(friction: string, opts: Partial<AuditOptions> = {}): Promise<AuditResult> {
  // As the demo does: the harness's inbox first, so Acme knows where to send its mail.
  const email = await startInboxAudit();
  const acme = await startAcme({ friction, smtp: { host: email.inbox.host, port: email.inbox.port } });
  email.inbox.relay = acme.mail;
  try {
    return await runAudit({ cwd: ROOT, configFile: ONE_PERSONA, baseURL: acme.url, out: tempDir(), channels: [email], ...opts });
  } finally {
    await acme.close();
    await email.inbox.close();
  }
}

export interface Point {
  rule: string;
  journey: string;
  step: string | undefined;
  severity: string;
}

/** One entry per place a friction point was met (a point is one cause, and may span journeys). */
export const pointsOf = (r: AuditResult): Point[] =>
  r.scorecard.frictionPoints.flatMap((p) => p.places.map((pl) => ({ rule: p.ruleId, journey: pl.journeyId, step: pl.stepName, severity: p.severity })));

export const key = (p: Pick<Point, 'rule' | 'journey' | 'step'>) => `${p.rule} @ ${p.journey} › ${p.step ?? '(journey)'}`;

/** The run records an audit wrote to runs.jsonl, in order. */
export const recordsOf = (r: { dir: string }): RunRecord[] =>
  readFileSync(join(r.dir, 'runs.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => RunRecord.parse(JSON.parse(l)));

/** A local HTTP server on a free port; `url` is its origin, without a trailing slash. */
export async function serveHttp(handler: RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Starts Acme with these knobs for the enclosing describe; returns a getter for it. */
export function useAcme(friction?: string): () => Acme {
  let acme: Acme | undefined;
  test.beforeAll(async () => {
    acme = await startAcme({ friction });
  });
  test.afterAll(async () => {
    await acme?.close();
  });
  return () => {
    if (!acme) throw new Error('Acme did not start');
    return acme;
  };
}
