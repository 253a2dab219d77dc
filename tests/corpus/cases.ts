/**
 * The bad-input corpus: journeys, configs and command lines a user might really write, each with
 * the exit code and the message it must give (tests/e2e/corpus.spec.ts runs them through the
 * real CLI). Exit 2 is bad input, named with file, line and path, with nothing written; never 3
 * ("unexpected error") and never a stack trace.
 */

export interface CorpusCase {
  id: string;
  /** Files written into an empty folder the CLI runs in. */
  files: Record<string, string | Buffer>;
  args: string[];
  env?: Record<string, string>;
  exit: number;
  /** Matched against stdout and stderr together. */
  says: RegExp;
  /** A local server the case needs; the case runs `run --base-url <its URL>` after `args`. */
  target?: TargetKind;
  /** The audit ran: a scorecard must be written whatever the site did. */
  report?: boolean;
}

export type TargetKind = 'closed' | 'error-500' | 'never-answers' | 'tls-mismatch' | 'redirect-loop' | 'dialog-storm' | 'popup-storm' | 'huge-page' | 'navigate-loop' | 'hostile' | 'ok';

const journey = (steps: string, head = 'id: shop\nname: Shop\nstart: /\n') => `${head}steps:\n${steps}`;
const J = 'shop.journey.yaml';
/** A config that reads journeys from the case's own folder. */
const CFG = '{"journeys": ["."]}';
/** TypeScript and JavaScript modules here are ES modules (how a CommonJS project loads them is issue 13's). */
const ESM = { 'package.json': '{"type": "module"}' };
const validate = (files: Record<string, string | Buffer>, exit: number, says: RegExp, id: string, extra: Partial<CorpusCase> = {}): CorpusCase => ({ id, files, args: ['validate'], exit, says, ...extra });
const bad = (id: string, yaml: string, says: RegExp): CorpusCase => validate({ [J]: yaml, 'mystery-shopper.config.json': CFG }, 2, says, id);
const badConfig = (id: string, config: string, says: RegExp, name = 'mystery-shopper.config.json'): CorpusCase =>
  validate({ 'scenarios/shop.journey.yaml': journey('  - goto: /\n'), [name]: config, ...(name.endsWith('.ts') ? ESM : {}) }, 2, says, id);

const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...['b', 'c', 'd', 'e', 'f', 'g'].map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`)].join('\n');
const thousandSteps = journey(Array.from({ length: 1000 }, (_, i) => `  - name: Step ${i + 1}\n    goto: /p/${i}\n`).join(''));

export const inputCases: CorpusCase[] = [
  // Journeys: structure
  bad('unknown-action', journey('  - clik: { text: Go }\n'), /shop\.journey\.yaml:\d+:\d+ at steps\[0\]\.clik: unknown action or step field "clik"/),
  bad('unknown-action-in-do', journey('  - do:\n      - fil: { label: Email, value: x }\n'), /shop\.journey\.yaml:\d+:\d+ at steps\[0\]\.do\[0\]\.fil: unknown action "fil"/),
  bad('no-steps', 'id: shop\nname: Shop\n', /shop\.journey\.yaml:1:1 at steps: /),
  bad('empty-steps', 'id: shop\nname: Shop\nsteps: []\n', /at steps: Too small/),
  bad('upper-case-id', journey('  - goto: /\n', 'id: Shop\nname: Shop\n'), /at id: expected lower-case letters/),
  bad('path-traversal-id', journey('  - goto: /\n', 'id: ../../etc/passwd\nname: Shop\n'), /at id: expected lower-case letters/),
  bad('prototype-key', journey('  - goto: /\n', 'id: shop\nname: Shop\n__proto__: { polluted: true }\n'), /Unrecognized key: "__proto__"/),
  bad('constructor-key', journey('  - goto: /\n', 'id: shop\nname: Shop\nconstructor: x\n'), /Unrecognized key: "constructor"/),
  bad('journey-is-a-list', '- id: shop\n', /expected a journey: a mapping with id, name and steps/),
  bad('journey-is-a-string', 'hello\n', /expected a journey/),
  bad('two-actions-one-step', journey('  - goto: /\n    click: { text: Go }\n'), /expected one action per entry, got goto and click \(list several under `do:`\)/),
  bad('two-locators', journey('  - click: { role: button, text: Go }\n'), /expected only one of role, label, text, testId, css, got role and text/),
  bad('name-without-role', journey('  - click: { name: Go }\n'), /`name` only goes with `role`/),
  bad('unknown-role', journey('  - click: { role: buton, name: Go }\n'), /steps\[0\]\.click\.role: Invalid option/),
  bad('empty-text', journey('  - expect: { text: "" }\n'), /steps\[0\]\.expect\.text: expected some text/),
  bad('empty-chat-check', journey('  - check: { chat: "" }\n'), /steps\[0\]\.check\.chat: expected some text/),
  bad('negative-within', journey('  - waitFor: { text: Done, within: -5 }\n'), /steps\[0\]\.waitFor\.within: Too small/),
  bad('wait-string', journey('  - waitFor: { text: Done, within: soon }\n'), /steps\[0\]\.waitFor\.within: expected ms as a number, or a duration such as 30s/),
  bad('repeat-zero', journey('  - goto: /\n', 'id: shop\nname: Shop\nrepeat: 0\n'), /at repeat: Too small/),
  bad('repeat-huge', journey('  - goto: /\n', 'id: shop\nname: Shop\nrepeat: 5000\n'), /at repeat: Too big/),
  bad('budget-negative', journey('  - goto: /\n', 'id: shop\nname: Shop\nbudgets: { stepMs: -1 }\n'), /at budgets\.stepMs: Too small/),
  bad('dialog-bad-answer', journey('  - dialog: maybe\n    click: { text: Go }\n'), /steps\[0\]\.dialog/),
  bad('check-unknown-kind', journey('  - check: { text: Hours, finding: no-opening-hour }\n'), /steps\[0\]\.check\.finding: unknown finding kind "no-opening-hour"/),
  bad('check-bad-kind-name', journey('  - check: { text: Hours, finding: "Not A Kind" }\n'), /steps\[0\]\.check\.finding: expected a finding kind/),
  bad('patience-over-journey-timeout', journey('  - waitFor: { text: Done, patience: 999999 }\n'), /steps\[0\]\.waitFor\.patience: patience 999999 ms cannot fit in journeyTimeoutMs/),
  bad('unknown-persona', journey('  - goto: /\n', 'id: shop\nname: Shop\npersonas: [robin]\n'), /unknown persona "robin"/),
  bad('unknown-template-value', journey('  - fill: { label: Email, value: "{{persona.phone}}" }\n'), /shop\.journey\.yaml:\d+:\d+ at steps\[0\]\.fill: unknown template value \{\{persona\.phone\}\}/),
  bad('template-constructor', journey('  - fill: { label: Email, value: "{{constructor}}" }\n'), /unknown template value \{\{constructor\}\}/),
  bad('template-proto', journey('  - fill: { label: Email, value: "{{persona.__proto__}}" }\n'), /unknown template value \{\{persona\.__proto__\}\}/),
  bad('template-block', journey('  - fill: { label: Email, value: "{{#each persona}}x{{/each}}" }\n'), /not blocks, partials or helpers/),
  bad('template-unclosed', journey('  - fill: { label: Email, value: "{{persona.name" }\n'), /bad template/),
  // Journeys: YAML itself
  bad('yaml-indentation', 'id: shop\nname: Shop\nsteps:\n  - goto: /\n   - goto: /x\n', /shop\.journey\.yaml:\d+:\d+: invalid YAML/),
  bad('yaml-alias-bomb', bomb, /shop\.journey\.yaml:1: invalid YAML: .*too many aliases/),
  bad('yaml-unresolved-alias', 'id: shop\nname: *nope\nsteps:\n  - goto: /\n', /invalid YAML/),
  bad('yaml-tab-indent', 'id: shop\nname: Shop\nsteps:\n\t- goto: /\n', /invalid YAML/),
  bad('yaml-empty-file', '', /expected a journey/),
  bad('yaml-binary-garbage', Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256)).toString('latin1'), /shop\.journey\.yaml/),
  bad('duplicate-key', 'id: shop\nid: other\nname: Shop\nsteps:\n  - goto: /\n', /invalid YAML: Map keys must be unique/),
  validate({ [J]: journey('  - goto: /\n'), 'b.journey.yaml': journey('  - goto: /\n'), 'mystery-shopper.config.json': CFG }, 2, /b\.journey\.yaml:1:1 at id: journey id "shop" is already used by shop\.journey\.yaml|shop\.journey\.yaml:1:1 at id: journey id "shop" is already used by b\.journey\.yaml/, 'duplicate-id'),
  // Journeys that are fine, however odd
  validate({ [J]: thousandSteps, 'mystery-shopper.config.json': CFG }, 0, /OK: 1 journey, 1 planned run$/m, 'thousand-steps'),
  validate({ [J]: journey('  - name: "Bezahlen \u202eevil\u202c 💳 注文"\n    click: { text: "Zahlen \u2066x\u2069" }\n'), 'mystery-shopper.config.json': CFG }, 0, /OK: 1 journey,/, 'unicode-and-bidi'),
  validate({ [J]: journey('  - goto: !!js/function "function () { process.exit(9) }"\n'), 'mystery-shopper.config.json': CFG }, 0, /OK: 1 journey,/, 'yaml-js-tag-is-just-text'),
  validate({ [J]: `\ufeff${journey('  - goto: /\n')}`, 'mystery-shopper.config.json': CFG }, 0, /OK: 1 journey,/, 'byte-order-mark'),
  // Journeys in TypeScript / JavaScript
  validate({ ...ESM, 'shop.journey.ts': 'export default { id: "shop", name: "Shop", steps: [ { goto: "/" } ] ', 'mystery-shopper.config.json': CFG }, 2, /shop\.journey\.ts: could not load/, 'ts-syntax-error'),
  validate({ ...ESM, 'shop.journey.ts': 'throw new Error("boom at load");\nexport default {};\n', 'mystery-shopper.config.json': CFG }, 2, /shop\.journey\.ts: could not load: boom at load/, 'ts-throws'),
  validate({ ...ESM, 'shop.journey.mjs': 'await new Promise(() => {});\nexport default {};\n', 'mystery-shopper.config.json': CFG }, 2, /shop\.journey\.mjs: did not finish loading within 1 s/, 'ts-await-never-settles', { env: { MYSTERY_SHOPPER_LOAD_TIMEOUT_MS: '1000' } }),
  validate({ ...ESM, 'shop.journey.ts': 'export const x = 1;\n', 'mystery-shopper.config.json': CFG }, 2, /shop\.journey\.ts: expected `export default defineJourney/, 'ts-no-default'),
  validate({ ...ESM, 'shop.journey.ts': 'export default [{ id: "a", name: "A", steps: [{ goto: "/" }] }, { id: "B", name: "B", steps: [] }];\n', 'mystery-shopper.config.json': CFG }, 2, /shop\.journey\.ts#1 at id: expected lower-case/, 'ts-list-one-bad'),
  { id: 'missing-path', files: { 'mystery-shopper.config.json': CFG }, args: ['validate', 'nope.journey.yaml'], exit: 2, says: /no such file or folder: nope\.journey\.yaml/ },
  { id: 'no-journeys-in-folder', files: { 'mystery-shopper.config.json': '{"journeys": ["."]}', 'readme.txt': 'x' }, args: ['validate'], exit: 2, says: /no journeys found/ },
  // Configs
  badConfig('config-unknown-key', '{"concurrenc": 4}', /mystery-shopper\.config\.json at concurrenc: Unrecognized key/),
  badConfig('config-wrong-type', '{"concurrency": "four"}', /mystery-shopper\.config\.json at concurrency: Invalid input: expected number/),
  badConfig('config-step-timeout', '{"stepTimeoutMs": 15000}', /stepTimeoutMs is gone.*patienceMs/),
  badConfig('config-invalid-json', '{"concurrency": 4,,}', /mystery-shopper\.config\.json: could not read the config/),
  badConfig('config-ts-throws', 'throw new Error("no config for you");\n', /mystery-shopper\.config\.ts: could not load: no config for you/, 'mystery-shopper.config.ts'),
  badConfig('config-ts-no-default', 'export const x = 1;\n', /no default export/, 'mystery-shopper.config.ts'),
  badConfig('config-unknown-rule', '{"rules": {"slow-stpe": {"majorFactor": 2}}}', /rules\.slow-stpe: Unknown rule "slow-stpe"/),
  badConfig('config-rule-bad-option', '{"rules": {"slow-step": {"majorFactr": 2}}}', /"majorFactr" is not an option of rule slow-step/),
  badConfig('config-rule-bad-value', '{"rules": {"slow-step": {"majorFactor": "big"}}}', /rules\.slow-step\.majorFactor: expected number/),
  badConfig('config-finding-bad-severity', '{"findings": {"no-hours": {"title": "No hours", "severity": "awful"}}}', /findings\.no-hours\.severity: Invalid option/),
  badConfig('config-base-url', '{"baseURL": "shop.example.com"}', /at baseURL: Invalid URL/),
  badConfig('config-persona-type', '{"personas": {"alex": {"name": 42}}}', /personas\.alex\.name/),
  badConfig('config-proto', '{"__proto__": {"concurrency": 1}, "concurrency": 2}', /mystery-shopper\.config\.json at __proto__: Unrecognized key: "__proto__"/),
  { id: 'config-missing', files: { [J]: journey('  - goto: /\n') }, args: ['validate', '--config', 'nope.config.ts'], exit: 2, says: /config file not found: nope\.config\.ts/ },
  // Command lines
  { id: 'grep-bad-regex', files: { [J]: journey('  - goto: /\n'), 'mystery-shopper.config.json': CFG }, args: ['list', '--grep', '(['], exit: 2, says: /--grep is not a valid regular expression/ },
  { id: 'grep-matches-nothing', files: { [J]: journey('  - goto: /\n'), 'mystery-shopper.config.json': CFG }, args: ['list', '--grep', 'zzz'], exit: 2, says: /no journey matches --grep zzz/ },
  { id: 'persona-unknown', files: { [J]: journey('  - goto: /\n'), 'mystery-shopper.config.json': '{"journeys": ["."], "personas": {"alex": {}, "sam": {}}}' }, args: ['run', '--persona', 'sam,robin', '--base-url', 'http://127.0.0.1:9/'], exit: 2, says: /--persona: unknown persona "robin" \(the config defines: alex, sam\)/ },
  { id: 'persona-picks-runs', files: { [J]: journey('  - goto: /\n'), 'mystery-shopper.config.json': '{"journeys": ["."], "personas": {"alex": {}, "sam": {}}}' }, args: ['list', '--persona', 'sam'], exit: 0, says: /1 runs: sam\)[\s\S]*\n1 runs planned/ },
  { id: 'run-no-base-url', files: { [J]: journey('  - goto: /\n'), 'mystery-shopper.config.json': CFG }, args: ['run'], exit: 2, says: /no base URL/ },
  { id: 'run-bad-base-url', files: { [J]: journey('  - goto: /\n'), 'mystery-shopper.config.json': CFG }, args: ['run', '--base-url', 'not a url'], exit: 2, says: /the base URL is not a URL/ },
  { id: 'run-bad-concurrency', files: { [J]: journey('  - goto: /\n'), 'mystery-shopper.config.json': CFG }, args: ['run', '--concurrency', 'abc', '--base-url', 'http://127.0.0.1:9/'], exit: 2, says: /--concurrency expects a whole number/ },
  { id: 'run-bad-fail-on', files: { [J]: journey('  - goto: /\n'), 'mystery-shopper.config.json': CFG }, args: ['run', '--fail-on', 'bogus', '--base-url', 'http://127.0.0.1:9/'], exit: 2, says: /argument 'bogus' is invalid/ },
  { id: 'unknown-command', files: {}, args: ['frobnicate'], exit: 2, says: /unknown command 'frobnicate'/ },
  { id: 'report-no-runs', files: { 'r/meta.json': '{}' }, args: ['report', 'r'], exit: 2, says: /no runs\.jsonl in r/ },
  { id: 'report-garbage-line', files: { 'r/runs.jsonl': 'not json\n{"a":1}\n' }, args: ['report', 'r'], exit: 2, says: /r\/runs\.jsonl:1: not valid JSON/ },
  { id: 'report-newer-version', files: { 'r/runs.jsonl': '{"schemaVersion": 99}\n' }, args: ['report', 'r'], exit: 2, says: /r\/runs\.jsonl:1 at schemaVersion: a run record of version 99, newer than this mystery-shopper reads/ },
  { id: 'report-bad-meta', files: { 'r/runs.jsonl': '', 'r/meta.json': '{"failOn": "awful"}' }, args: ['report', 'r'], exit: 2, says: /meta\.json is not valid/ },
];

/** A one-journey audit of a faulty site: whatever the site does, a finding and a scorecard, never a crash. */
const LOOK = `id: look
name: Look at the home page
start: /
steps:
  - name: See the welcome
    expect: { role: heading, name: Welcome, patience: 3000 }
`;
const audit = (id: string, target: TargetKind, exit: number, says: RegExp, extra: Partial<CorpusCase> = {}): CorpusCase => ({
  id,
  files: { 'look.journey.yaml': LOOK, 'mystery-shopper.config.json': '{"journeys": ["."], "patienceMs": 5000, "screenshots": "failures"}' },
  args: ['run', '--out', 'reports'],
  target,
  exit,
  says,
  report: true,
  ...extra,
});

export const targetCases: CorpusCase[] = [
  audit('site-ok', 'ok', 0, /1\/1 runs? completed|PASS/),
  audit('site-closed-port', 'closed', 1, /ERR_CONNECTION_REFUSED/),
  audit('site-500-everywhere', 'error-500', 1, /HTTP 500/),
  audit('site-never-answers', 'never-answers', 1, /dead end/i),
  audit('site-tls-mismatch', 'tls-mismatch', 1, /ERR_SSL_PROTOCOL_ERROR|ERR_SSL/),
  audit('site-redirect-loop', 'redirect-loop', 1, /ERR_TOO_MANY_REDIRECTS/),
  audit('site-dialog-storm', 'dialog-storm', 0, /pop-up dialog|unexpected-dialog|dialog/i),
  audit('site-popup-storm', 'popup-storm', 0, /completed|PASS/),
  // About 50 MB: the browser never finishes loading it within the customer's patience. A dead end that says so, not a crash.
  audit('site-huge-page', 'huge-page', 1, /did not finish loading within 5 s/),
  audit('site-navigate-loop', 'navigate-loop', 1, /dead end/i),
];
