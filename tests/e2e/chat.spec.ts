// The chat knobs are the ground truth of the chat channel: with a knob on, its finding appears on
// the right chat journey and step, quoting the transcript; with none, no chat finding is major or worse.
// Every test runs on both of Acme's widget styles, with the same journeys and only the profile
// changed: the iframe widget, and (knob chat-shadow) a web component in nested open shadow roots
// that long-polls and keeps the conversation in sessionStorage.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { RunRecord } from '../../src/model/run-record.ts';
import { readRunRecords, RUNS_FILE } from '../../src/pipeline.ts';
import { auditAcme, key, pointsOf, type Point } from './helpers.ts';

const PATHS = ['scenarios/chat-return.journey.yaml', 'scenarios/chat-order.journey.yaml', 'scenarios/chat-person.journey.yaml'];
const CHAT_RULES = ['slow-first-reply', 'slow-reply', 'queue-wait', 'transfer', 'repeated-question', 'bot-loop', 'no-human-escalation', 'chat-unavailable'];
const CHAT_JOURNEYS = ['chat-return', 'chat-order', 'chat-person'];

const STYLES = [
  { style: 'iframe', knob: '', configFile: 'tests/e2e/fixtures/chat.config.ts' },
  { style: 'shadow DOM', knob: 'chat-shadow', configFile: 'tests/e2e/fixtures/chat-shadow.config.ts' },
];

const expected: Record<string, Array<Pick<Point, 'rule' | 'journey' | 'step'>>> = {
  'chat-slow-agent:8000': [{ rule: 'slow-reply', journey: 'chat-person', step: 'Tell the agent about the order' }],
  'chat-queue:5000': [{ rule: 'queue-wait', journey: 'chat-person', step: 'Wait for an agent' }],
  'chat-transfers:2': [
    { rule: 'transfer', journey: 'chat-person', step: 'Tell the agent about the order' },
  ],
  'chat-reasks-order': [{ rule: 'repeated-question', journey: 'chat-person', step: 'Tell the agent about the order' }],
  'chat-bot-loop': [{ rule: 'bot-loop', journey: 'chat-return', step: 'Ask how to return an item' }],
  'chat-no-human': [{ rule: 'no-human-escalation', journey: 'chat-person', step: 'Ask for a person' }],
  'chat-offline': CHAT_JOURNEYS.map((journey) => ({ rule: 'chat-unavailable', journey, step: 'Open the chat' })),
};

const runsOf = (dir: string): RunRecord[] => readRunRecords(join(dir, RUNS_FILE), RUNS_FILE);

for (const { style, knob: styleKnob, configFile } of STYLES) {
  test.describe(`${style} widget`, () => {
    const audit = (friction: string, paths = PATHS) => auditAcme([styleKnob, friction].filter(Boolean).join(','), { configFile, paths });

    test('no knob: the chat journeys complete, with no chat finding at major or above', async () => {
      const result = await audit('');
      expect(result.scorecard.summary.runs).toMatchObject({ total: 3, completed: 3, failed: 0, errored: 0 });
      const serious = pointsOf(result).filter((p) => CHAT_RULES.includes(p.rule) && (p.severity === 'critical' || p.severity === 'major'));
      expect(serious.map(key)).toEqual([]);
      // The transcript is the conversation, each message once, authors told apart.
      const person = runsOf(result.dir).find((r) => r.journeyId === 'chat-person');
      const said = person?.channels?.chat?.messages.map((m) => `${m.author}${m.name && m.author !== 'system' ? ` ${m.name}` : ''}: ${m.text}`) ?? [];
      expect(said.slice(0, 3)).toEqual([
        "bot Acme assistant: Hi! I'm Acme's assistant. Ask me about an order or a return, or ask for a person.",
        'customer: Hello, my order 10042 has not arrived. Can I talk to a person?',
        "bot Acme assistant: I'll put you through to a colleague.",
      ]);
      expect(said).toContain('system: Sam joined the chat.');
      expect(said.filter((line) => line.startsWith('agent Sam: '))).toHaveLength(2);
    });

    for (const [knob, wanted] of Object.entries(expected)) {
      test(`knob ${knob}: its chat findings appear where they should, quote the transcript, and no other chat finding`, async () => {
        const result = await audit(knob);
        const chat = pointsOf(result).filter((p) => CHAT_RULES.includes(p.rule));
        const keys = [...new Set(chat.map(key))];
        expect(keys.sort()).toEqual([...new Set(wanted.map(key))].sort());
        for (const p of result.scorecard.frictionPoints.filter((p) => CHAT_RULES.includes(p.ruleId))) {
          expect(p.evidence.excerpt?.length ?? 0, `${p.ruleId} quotes the transcript`).toBeGreaterThan(0);
        }
      });
    }
  });
}

test('shadow DOM widget: a chat kept open across page loads is recorded once, and goes on after each load', async () => {
  const result = await auditAcme('chat-shadow', { configFile: STYLES[1].configFile, paths: ['tests/e2e/fixtures/journeys-chat/chat-across-pages.journey.yaml'] });
  expect(result.scorecard.summary.runs).toMatchObject({ total: 1, completed: 1 });
  const [run] = runsOf(result.dir);
  const said = run.channels?.chat?.messages.map((m) => `${m.author}: ${m.text}`) ?? [];
  // "You ended the chat." may come after the run's end: the rest is the whole conversation.
  expect(said.slice(0, 7)).toEqual([
    "bot: Hi! I'm Acme's assistant. Ask me about an order or a return, or ask for a person.",
    'customer: Hi there',
    'bot: Hello! How can I help you today?',
    'customer: How do I return an item I bought last week?',
    'bot: You can return anything within 30 days of delivery. Start a return on our Returns page and we will email you a free label.',
    'customer: Hello again',
    'bot: Hello! How can I help you today?',
  ]);
  expect(said.slice(7).every((line) => line.startsWith('system: '))).toBe(true);
  // Each answer is timed from its question, in the step that asked it.
  expect(run.channels?.chat?.turns.map((t) => t.replyIndex)).toEqual([2, 4, 6]);
  // Step 0 opens the start page: "Ask how to return an item" is step 4.
  const steps = run.channels?.chat?.messages.map((m) => m.stepIndex);
  expect(steps?.slice(3, 5)).toEqual([4, 4]);
});
