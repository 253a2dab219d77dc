// `mystery-shopper/schemas`: the zod schemas, for programs that check configs and journeys or read
// what the tool writes (runs.jsonl, scorecard.json).
export { Config } from './config/schema.ts';
export { Journey } from './journeys/schema.ts';
export { RunRecord, StepRecord } from './model/run-record.ts';
export { Finding, Severity } from './model/finding.ts';
export { Scorecard } from './model/scorecard.ts';
