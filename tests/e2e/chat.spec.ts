// The chat knobs are the ground truth of the chat channel: with a knob on, its finding appears on
// the right chat journey and step, quoting the transcript; with none, no chat finding is major or worse.
import { expect, test } from '@playwright/test';
import { auditAcme, key, pointsOf, type Point } from './helpers.ts';

const CHAT_CONFIG = 'tests/e2e/fixtures/chat.config.ts';
const PATHS = ['scenarios/chat-return.journey.yaml', 'scenarios/chat-order.journey.yaml', 'scenarios/chat-person.journey.yaml'];
const CHAT_RULES = ['slow-first-reply', 'slow-reply', 'queue-wait', 'transfer', 'repeated-question', 'bot-loop', 'no-human-escalation', 'chat-unavailable'];
const CHAT_JOURNEYS = ['chat-return', 'chat-order', 'chat-person'];

const audit = (friction: string) => auditAcme(friction, { configFile: CHAT_CONFIG, paths: PATHS });

test('no knob: the chat journeys complete, with no chat finding at major or above', async () => {
  const result = await audit('');
  expect(result.scorecard.summary.runs).toMatchObject({ total: 3, completed: 3, failed: 0, errored: 0 });
  const serious = pointsOf(result).filter((p) => CHAT_RULES.includes(p.rule) && (p.severity === 'critical' || p.severity === 'major'));
  expect(serious.map(key)).toEqual([]);
});

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
