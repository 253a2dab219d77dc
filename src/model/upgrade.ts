import { RUN_RECORD_SCHEMA_VERSION } from './run-record.ts';

/**
 * Reads older run records as the current version, so `report DIR` still works on an old
 * runs.jsonl. Version 1 had no checks, waits, dialogs or forms (all optional now) and counted
 * the implicit "Open the start page" step among the journey's steps.
 */
export function upgradeRunRecord(json: unknown): unknown {
  if (!json || typeof json !== 'object') return json;
  const r = json as Record<string, unknown>;
  if (r.schemaVersion !== 1) return json;
  const steps = Array.isArray(r.steps) ? (r.steps as Record<string, unknown>[]) : [];
  const first = steps[0];
  const startStep = first && first.index === 0 && first.name === 'Open the start page' && Array.isArray(first.actions) && String(first.actions[0] ?? '').startsWith('goto ');
  return {
    ...r,
    schemaVersion: RUN_RECORD_SCHEMA_VERSION,
    steps: startStep ? [{ ...first, implicit: true }, ...steps.slice(1)] : steps,
    ...(startStep && typeof r.plannedSteps === 'number' ? { plannedSteps: Math.max(0, r.plannedSteps - 1) } : {}),
  };
}
