// The public API: write configs and journeys in TypeScript, and read the data the tool writes.
export { defineConfig, Config, type ConfigInput } from './config/schema.ts';
export { defineJourney, Journey, type JourneyInput } from './journeys/schema.ts';
export { RunRecord, StepRecord } from './model/run-record.ts';
export { Finding, Severity } from './model/finding.ts';
export { defineRule, type FrictionRule, type FindingDraft } from './friction/rule.ts';
export { defineAction, type ActionDef, type ActionContext } from './channels/action.ts';
