import { z } from 'zod';
import { Severity } from '../model/finding.ts';
import { Budgets } from '../model/run-record.ts';
import { DEFAULT_TEST_TAG } from '../journeys/template.ts';
import { allowedOriginProblem } from '../runner/allowed-origins.ts';
import { BROWSER_WS_ENV, endpointProblem } from '../runner/browser.ts';
import { Consent, Dismiss } from './dismiss.ts';
import { channelConfigs } from '../channels/index.ts';

/** A persona field: a plain value, or `{ value, secret: true }` for what must never be written out. */
export const PersonaField = z.union([
  z.string(),
  z.object({ value: z.string(), secret: z.boolean().default(false) }).strict(),
]);
export const Persona = z.record(z.string(), PersonaField).describe('Values journeys use as {{persona.<field>}}');

/** A custom kind of finding that `check` steps can name (`finding: no-returns-address`). */
export const FindingKind = z
  .object({
    title: z.string().min(1).describe('Short title shown on the friction card'),
    severity: Severity.default('minor'),
    description: z.string().default('').describe('Why a customer minds'),
  })
  .strict();
export type FindingKind = z.infer<typeof FindingKind>;

/** Config `downloads.maxBytes`: documents up to this size are copied into the report folder. */
export const DEFAULT_DOWNLOAD_MAX_BYTES = 10 * 1024 * 1024;

export const SCREENSHOT_MODES = ['each', 'failures', 'off'] as const;
/** `--trace`: a Playwright trace of every run, of the dead ends and errored runs only, or none (docs/traces.md). */
export const TRACE_MODES = ['on', 'on-failure', 'off'] as const;
export const REPORT_FORMATS = ['json', 'html', 'junit', 'markdown'] as const;

/** What is watched on every page a journey (or `explore`) shows, besides the journey itself. */
export const PageHealthConfig = z
  .object({
    vitals: z
      .boolean()
      .default(true)
      .describe("Measure Core Web Vitals in every page the customer is shown (how soon its main content shows, how much it jumps, how fast it answers a click): rules `slow-page` and `layout-shift`"),
    accessibility: z
      .boolean()
      .default(true)
      .describe('Check every page once per audit with axe-core (rule `accessibility`). Journeys check the pages a run was first to show once the run is over, each opened again in a tab of its own (one more page view), so the check never shortens a timed wait; explore checks each page as it visits it'),
    axeTags: z
      .array(z.string().min(1))
      .min(1)
      .default(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .describe('The axe-core rule sets checked (tags such as wcag2a, wcag2aa, wcag21aa, wcag22aa, best-practice)'),
  })
  .strict()
  .prefault({})
  .describe('Page health: Core Web Vitals, accessibility and broken images of every page visited');
export type PageHealthConfig = z.infer<typeof PageHealthConfig>;

/** Every audit is recorded in a history store: trends, new/recurring/fixed friction, and the baseline regressions are judged against. */
export const HistoryConfig = z
  .object({
    enabled: z.boolean().default(true).describe('Record every audit in the history store and compare it with earlier ones (false: each report stands alone)'),
    path: z
      .string()
      .optional()
      .describe("The history store, one SQLite file (relative to the config's folder); default: history.sqlite in the folder for report folders (`out`)"),
    site: z
      .string()
      .min(1)
      .optional()
      .describe("What this site is called in the history store; default: its base URL. Set it when the URL changes between audits (a preview deployment, a port picked at random) but the site is the same"),
    audits: z
      .number()
      .int()
      .min(2)
      .max(1000)
      .default(10)
      .describe('How many earlier audits of the same site (and labels) the trends show and new, recurring and fixed are judged over'),
    baselineAudits: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(10)
      .describe('How many of the last audits of the same site (and labels) the baseline of `slow-down` is made of (every run of every step in them); the newest of them is the one `page-changed` compares screenshots with'),
    baseline: z
      .string()
      .optional()
      .describe('A pinned baseline: a report folder (relative to the config\'s folder) that regressions are judged against instead of the last audits; `--baseline DIR` wins'),
    masks: z
      .array(z.string().min(1))
      .default([])
      .describe('CSS selectors of what changes on every visit (dates, order numbers, a carousel): hidden in every screenshot, so `page-changed` compares like with like'),
  })
  .strict()
  .prefault({})
  .describe('History and regressions: every audit is recorded, compared with the last ones, and marked new, recurring or fixed');
export type HistoryConfig = z.infer<typeof HistoryConfig>;

export const Config = z
  .object({
    baseURL: z.url().optional().describe('The site under audit; journeys\' paths are relative to it'),
    journeys: z.array(z.string()).default(['scenarios']).describe('Journey files or folders'),
    personas: z.record(z.string(), Persona).default({ default: {} }),
    /** Defaults for every journey; a journey's own budgets win. */
    budgets: Budgets.strict().default({ stepMs: 5000 }),
    concurrency: z.number().int().positive().max(100).default(4),
    patienceMs: z
      .number()
      .int()
      .positive()
      .default(60_000)
      .describe('How long a customer keeps waiting for what they need (a page, a button, an email, a reply) before giving up, ms; an action\'s own `patience` wins'),
    lookMs: z
      .number()
      .int()
      .positive()
      .default(2_000)
      .describe('How long a `check` looks at the page for what it checks when it sets no `patience`, ms'),
    errorPatienceMs: z
      .number()
      .int()
      .positive()
      .default(3_000)
      .describe('How long a customer keeps waiting once the page shows an error message instead of what they need (a red banner, an invalid field), ms'),
    journeyTimeoutMs: z
      .number()
      .int()
      .positive()
      .default(180_000)
      .describe('Safety net for a whole run, ms; a wait an action declares (`within`, `patience`) is never cut by it'),
    waitInAuditMs: z
      .number()
      .int()
      .positive()
      .default(120_000)
      .describe(
        'How long the audit itself stays up for one wait that may take hours (`email.expect`, `email.expectReply` with a longer `within`/`patience`), ms. Past it the check is pending: the run stops there, the audit ends, and `mystery-shopper resume DIR` later measures when the message came',
      ),
    testIdAttribute: z
      .string()
      .regex(/^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/, 'expected an attribute name such as data-test or data-qa')
      .default('data-testid')
      .describe('The attribute `testId` locators look at (many sites use data-test or data-qa)'),
    maxObservations: z
      .number()
      .int()
      .min(10)
      .max(100_000)
      .default(200)
      .describe('Console errors, page errors, failed requests, navigations and dialogs kept per run, of each kind; the rest are counted by message'),
    firstParty: z
      .array(z.string().min(1))
      .optional()
      .describe("Hosts that belong to the audited site (a host covers its subdomains); default: the base URL's site. Failed requests elsewhere are third-party: info, outside the score"),
    allowedOrigins: z
      .array(z.string().min(1).superRefine((entry, ctx) => {
        const problem = allowedOriginProblem(entry);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }))
      .optional()
      .describe(
        "Origins (https://shop.example.com) or host patterns (shop.example.com, *.example.com, optionally with :port) the journeys' pages may reach besides the base URL's origin, which always may. When set, every other request is blocked and listed on the scorecard, so a journey on a live site cannot reach a real payment provider or analytics by accident. Unset: pages may reach anything",
      ),
    testTag: z
      .string()
      .max(100)
      .default(DEFAULT_TEST_TAG)
      .describe("What `{{testTag}}` writes before the run's uniqueId, to mark test orders on a live site (e.g. in an order's notes field)"),
    dialogs: z
      .enum(['accept', 'dismiss'])
      .default('accept')
      .describe('How the customer answers alert/confirm/prompt dialogs a step does not mention (accept = clicking OK)'),
    dismiss: Dismiss,
    consent: Consent,
    findings: z
      .record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected lower-case letters, digits and dashes'), FindingKind)
      .default({})
      .describe('Your own kinds of finding for `check` steps, e.g. { "no-returns-address": { title, severity, description } }'),
    screenshots: z.enum(SCREENSHOT_MODES).default('each'),
    downloads: z
      .object({
        maxBytes: z
          .number()
          .int()
          .positive()
          .default(DEFAULT_DOWNLOAD_MAX_BYTES)
          .describe('Documents the customer receives (downloads, PDFs shown in the browser) up to this size are copied into the report folder (downloads/) and linked from the scorecard; larger ones are recorded by name, type and size only'),
      })
      .strict()
      .prefault({})
      .describe('What is kept of the documents journeys receive (docs/downloads.md)'),
    trace: z
      .enum(TRACE_MODES)
      .default('off')
      .describe(
        'Keep a Playwright trace of each run (on), of the runs that hit a dead end or broke in the harness (on-failure), or none (off): traces/<run>.zip in the report folder, secrets redacted, linked from the scorecard (docs/traces.md)',
      ),
    out: z.string().default('reports').describe('Folder that receives one report folder per run'),
    failOn: Severity.default('major').describe('Exit 1 when a finding is at least this severe'),
    reporters: z.array(z.enum(REPORT_FORMATS)).default([...REPORT_FORMATS]),
    browser: z
      .object({
        executablePath: z.string().optional(),
        headless: z.boolean().default(true),
        viewport: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }).strict().default({ width: 1280, height: 800 }),
        connect: z
          .object({
            wsEndpoint: z
              .string()
              .superRefine((endpoint, ctx) => {
                // The message never repeats the value: an endpoint often carries a token.
                const problem = endpointProblem(endpoint);
                if (problem) ctx.addIssue({ code: 'custom', message: problem });
              })
              .optional()
              .describe(`The remote browser's address: a Playwright server's ws:// or wss:// endpoint, or for protocol cdp a Chromium's DevTools endpoint (ws://…/devtools/browser/…, or http://host:port). A token belongs in the environment or .env: write {{env.NAME}} where it goes (wss://grid.example.com?token={{env.GRID_TOKEN}}), or set the whole endpoint as ${BROWSER_WS_ENV}, which wins over this. Its query string and user info are never shown or written`),
            protocol: z
              .enum(['playwright', 'cdp'])
              .default('playwright')
              .describe('playwright: a Playwright browser server (`npx playwright run-server`, launchServer, Playwright grids); cdp: a Chromium over the DevTools protocol (Browserless, Selenium Grid 4, cloud grids), with less fidelity than a Playwright server'),
            headers: z.record(z.string(), z.string()).optional().describe('HTTP headers sent with the connection (an Authorization header a grid wants), values may use {{env.NAME}}; they are never shown'),
            timeoutMs: z.number().int().positive().default(30_000).describe('How long to try to reach the remote browser before the audit stops with an error, ms'),
          })
          .strict()
          .optional()
          .describe(`Run the audit's pages in a browser elsewhere instead of launching one: set here, or by ${BROWSER_WS_ENV} alone. executablePath, headless and --headed are then ignored; closing the audit disconnects and leaves the remote browser running. Timings and screenshots are still taken here, so the network between the two is part of every step's time`),
      })
      .strict()
      .default({ headless: true, viewport: { width: 1280, height: 800 } }),
    pageHealth: PageHealthConfig,
    history: HistoryConfig,
    /** Per rule id: `enabled`, `severity`, and the rule's thresholds. */
    rules: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
    // The channels' own sections (email, chat, phone), each declared by its channel (channels/index.ts).
    ...channelConfigs,
    /** Names of environment variables whose values are secrets, besides the ones that look like it. */
    secrets: z.array(z.string()).default([]),
  })
  .strict();
export type Config = z.infer<typeof Config>;
export type ConfigInput = z.input<typeof Config>;

