import { z } from 'zod';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The phone channel's part of the config (`phone`): where the company's IVR answers, and how the tool plays the telephony provider. */
export const PhoneSettings = z
  .object({
    voiceUrl: z
      .string()
      .min(1)
      .optional()
      .describe("The company's voice webhook, the URL its phone number calls for TwiML (relative to baseURL, or absolute); `phone.call` without a URL calls it"),
    from: z.string().min(1).default('+15005550006').describe("The caller's number, sent as From and Caller (default: a test number that reaches no one)"),
    to: z.string().min(1).default('+15005550001').describe("The company's number the caller dials, sent as To and Called"),
    accountSid: z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'expected AC followed by 32 hex digits')
      .default(`AC${'0'.repeat(32)}`)
      .describe('The AccountSid sent with every request, for IVRs that check it'),
    authTokenEnv: z
      .string()
      .regex(ENV_NAME, 'expected an environment variable name such as TWILIO_AUTH_TOKEN')
      .default('TWILIO_AUTH_TOKEN')
      .describe('The environment variable (or .env entry) holding the auth token; when it is set, every request carries an X-Twilio-Signature made with it, as the provider signs them'),
    wordsPerMinute: z.number().positive().max(1000).default(150).describe('How fast the IVR speaks: a <Say> takes its words at this rate of the caller\'s time'),
    requestTimeoutMs: z
      .number()
      .int()
      .positive()
      .default(15_000)
      .describe('How long the provider waits for the webhook to answer, ms (the provider waits 15 s); past it the caller hears an error and the call ends'),
    maxRequests: z
      .number()
      .int()
      .positive()
      .default(200)
      .describe('Most webhook requests one call may make: past it the IVR is taken to be redirecting in a loop, and the call ends as an error'),
  })
  .strict();
export type PhoneSettings = z.infer<typeof PhoneSettings>;
