import { z } from 'zod';
import { defineRule } from '../../../friction/rule.ts';
import { quote, wasUnavailable } from './chat-format.ts';
import { regexString, stepRef } from '../../../friction/rules/format.ts';

export default defineRule({
  id: 'no-human-escalation',
  title: 'No way to reach a person',
  description:
    'The customer asked the chat for a person and no agent ever joined. Being kept from a person is among the most resented things in customer service.',
  severity: 'major',
  options: z.strictObject({
    askPattern: regexString
      .default('\\b(person|human|agent|someone|somebody|representative|real people|colleague)\\b')
      .describe('A customer message matching this (case-insensitive) asks for a person'),
  }),
  evaluate(run, { options }) {
    const log = run.channels?.chat;
    if (!log || wasUnavailable(run)) return [];
    const asks = new RegExp(options.askPattern, 'i');
    const ask = log.messages.find((m) => m.author === 'customer' && asks.test(m.text));
    if (!ask) return [];
    if (log.events.some((e) => e.kind === 'agent-joined' && e.messageIndex > ask.index)) return [];
    const answers = log.messages.filter((m) => m.index > ask.index && m.author !== 'customer').slice(0, 3);
    const { screenshot: _s, ...step } = stepRef(run, ask.stepIndex);
    return [
      {
        ...step,
        message: 'The customer asked the chat for a person, and no one ever joined.',
        evidence: { excerpt: quote(log, [ask.index, ...answers.map((m) => m.index)]) },
      },
    ];
  },
});
