import { RUN_RECORD_SCHEMA_VERSION } from './run-record.ts';

/**
 * Reads older run records as the current version, so `report DIR` still works on an old
 * runs.jsonl. Version 1 had no checks, waits, dialogs or forms (all optional now) and counted
 * the implicit "Open the start page" step among the journey's steps. Version 2 kept the email
 * and chat records at `emails` and `chat`; they are under `channels` now.
 */
export function upgradeRunRecord(json: unknown): unknown {
  if (!json || typeof json !== 'object') return json;
  let r = json as Record<string, unknown>;
  if (r.schemaVersion === 1) r = fromVersion1(r);
  if (r.schemaVersion === 2) r = fromVersion2(r);
  return r;
}

function fromVersion1(r: Record<string, unknown>): Record<string, unknown> {
  const steps = Array.isArray(r.steps) ? (r.steps as Record<string, unknown>[]) : [];
  const first = steps[0];
  const startStep = first && first.index === 0 && first.name === 'Open the start page' && Array.isArray(first.actions) && String(first.actions[0] ?? '').startsWith('goto ');
  return {
    ...r,
    schemaVersion: 2,
    steps: startStep ? [{ ...first, implicit: true }, ...steps.slice(1)] : steps,
    ...(startStep && typeof r.plannedSteps === 'number' ? { plannedSteps: Math.max(0, r.plannedSteps - 1) } : {}),
  };
}

function fromVersion2(r: Record<string, unknown>): Record<string, unknown> {
  const { emails, chat, ...rest } = r;
  const channels = { ...(emails !== undefined && { email: emails }), ...(chat !== undefined && { chat }) };
  return { ...rest, schemaVersion: RUN_RECORD_SCHEMA_VERSION, ...(Object.keys(channels).length && { channels }) };
}
