import { z } from 'zod';
import { Severity } from '../model/finding.ts';
import { Budgets } from '../model/run-record.ts';
import { ACME_CHAT_PROFILE, ChatProfile } from '../channels/chat/profile.ts';

/** A persona field: a plain value, or `{ value, secret: true }` for what must never be written out. */
export const PersonaField = z.union([
  z.string(),
  z.object({ value: z.string(), secret: z.boolean().default(false) }).strict(),
]);
export const Persona = z.record(z.string(), PersonaField).describe('Values journeys use as {{persona.<field>}}');

export const SCREENSHOT_MODES = ['each', 'failures', 'off'] as const;
export const REPORT_FORMATS = ['json', 'html', 'junit', 'markdown'] as const;

export const Config = z
  .object({
    baseURL: z.url().optional().describe('The site under audit; journeys\' paths are relative to it'),
    journeys: z.array(z.string()).default(['scenarios']).describe('Journey files or folders'),
    personas: z.record(z.string(), Persona).default({ default: {} }),
    /** Defaults for every journey; a journey's own budgets win. */
    budgets: Budgets.strict().default({ stepMs: 5000 }),
    concurrency: z.number().int().positive().max(100).default(4),
    stepTimeoutMs: z.number().int().positive().default(15_000),
    journeyTimeoutMs: z.number().int().positive().default(120_000),
    screenshots: z.enum(SCREENSHOT_MODES).default('each'),
    out: z.string().default('reports').describe('Folder that receives one report folder per run'),
    failOn: Severity.default('major').describe('Exit 1 when a finding is at least this severe'),
    reporters: z.array(z.enum(REPORT_FORMATS)).default([...REPORT_FORMATS]),
    browser: z
      .object({
        executablePath: z.string().optional(),
        headless: z.boolean().default(true),
        viewport: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }).strict().default({ width: 1280, height: 800 }),
      })
      .strict()
      .default({ headless: true, viewport: { width: 1280, height: 800 } }),
    /** Per rule id: `enabled`, `severity`, and the rule's thresholds. */
    rules: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
    /** The email channel: the audit's SMTP inbox (journeys see it as {{smtp.host}}, {{smtp.port}}, {{inbox.address}}). */
    email: z
      .object({
        host: z.string().default('127.0.0.1').describe('Where the inbox listens'),
        port: z.number().int().min(0).max(65535).default(0).describe('SMTP port of the inbox; 0 picks a free one'),
        relay: z
          .object({ host: z.string(), port: z.number().int().positive().max(65535) })
          .strict()
          .optional()
          .describe("The company's mail server, which receives the customer's replies"),
      })
      .strict()
      .default({ host: '127.0.0.1', port: 0 }),
    /** The chat channel: where the widget's parts are and how its messages read (default: the demo company's widget; see docs/chat.md). */
    chat: ChatProfile.default(ACME_CHAT_PROFILE),
    /** Names of environment variables whose values are secrets, besides the ones that look like it. */
    secrets: z.array(z.string()).default([]),
  })
  .strict();
export type Config = z.infer<typeof Config>;
export type ConfigInput = z.input<typeof Config>;

export const defineConfig = (config: ConfigInput): ConfigInput => config;
