// The public API for configs and journeys written in TypeScript. Every config imports it on every
// start-up, so it loads nothing at run time: the schemas themselves are in `mystery-shopper/schemas`.
import type { ConfigInput } from './config/schema.ts';
import type { JourneyInput } from './journeys/schema.ts';

/** `export default defineConfig({...})` in mystery-shopper.config.ts: types and completion, checked when loaded. */
export const defineConfig = (config: ConfigInput): ConfigInput => config;

/** For TypeScript journeys: `export default defineJourney({...})` (or a list), checked like YAML ones. */
export const defineJourney = (journey: JourneyInput): JourneyInput => journey;

export type { Config, ConfigInput } from './config/schema.ts';
export type { Journey, JourneyInput, Step } from './journeys/schema.ts';
export type { RunRecord, StepRecord } from './model/run-record.ts';
export type { Finding, Severity } from './model/finding.ts';
export type { Scorecard } from './model/scorecard.ts';
