import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { WaitFields } from '../../wait.ts';
import { gaveUpFailure, lineFailure, stoppedFailure, withoutLogin } from '../outcomes.ts';
import type { PhoneSession } from '../session.ts';
import { PHONE_CHANNEL } from '../record.ts';
import { Keys, keysOf } from './press.ts';

const Answer = z
  .object({
    when: z.string().min(1).describe('The prompt asks for it: text (case-insensitive) or /regex/flags, e.g. "/order number/i"'),
    press: Keys.optional().describe('Keys to press, e.g. "{{persona.order}}#"'),
    say: z.string().min(1).optional().describe('Words to say, at a menu that listens for speech'),
  })
  .strict()
  .refine((a) => (a.press === undefined) !== (a.say === undefined), { message: 'expected one of `press` or `say`' });

const Call = z
  .object({
    url: z.string().min(1).optional().describe("The voice webhook (relative to baseURL, or absolute); default: the config's phone.voiceUrl"),
    from: z.string().min(1).optional().describe("The caller's number (default: the config's phone.from)"),
    to: z.string().min(1).optional().describe("The company's number dialled (default: the config's phone.to)"),
    answers: z
      .array(Answer)
      .optional()
      .describe('What the customer answers whenever a menu asks for something they know, e.g. `{ when: "/order number/i", press: "{{persona.order}}#" }`'),
    patience: WaitFields.patience.describe(
      "How long the caller listens (welcome, announcements, the first menu read out) before giving up, on the call's clock, ms or a duration such as `2m` (default: the config's patienceMs)",
    ),
  })
  .strict();

const Args = z.union([z.string().min(1).describe('The voice webhook (relative to baseURL, or absolute)'), Call, z.null()]);
type Args = z.infer<typeof Args>;

const optionsOf = (a: Args): z.infer<typeof Call> => (typeof a === 'string' ? { url: a } : (a ?? {}));

export default defineAction({
  name: 'phone.call',
  summary:
    "Call the company: the tool plays the telephony provider and requests the voice webhook (TwiML) as it would, then the IVR plays until a menu waits for the customer, a person answers, a queue holds the call, or it ends. Write `phone.call: {}` for the config's phone.voiceUrl.",
  args: Args,
  describe: (a: Args) => {
    const o = optionsOf(a);
    return `phone.call${o.url ? ` ${withoutLogin(o.url)}` : ''}${o.answers?.length ? ` (${o.answers.length} answer${o.answers.length > 1 ? 's' : ''})` : ''}`;
  },
  async execute(ctx, a: Args) {
    const session = ctx.session<PhoneSession>(PHONE_CHANNEL);
    const o = optionsOf(a);
    const url = session.webhookUrl(o.url);
    if (!url) {
      throw new StepFailure(
        'action',
        o.url ? `phone.call: “${withoutLogin(o.url)}” is not a URL (a relative one needs the config's baseURL).` : 'phone.call needs the voice webhook: give its URL (`phone.call: /voice`) or set phone.voiceUrl in the config.',
      );
    }
    const answers = o.answers?.map((x) => ({ when: x.when, ...(x.press !== undefined ? { press: keysOf(x.press, 'phone.call answers') } : { say: x.say }) }));
    const call = await session.place({ url, ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}), ...(answers ? { answers } : {}) }, ctx.patienceMs);
    const failure = stoppedFailure(call) ?? lineFailure(call, 0) ?? gaveUpFailure(call, 0, 'Called the line');
    if (failure) throw failure;
  },
});
