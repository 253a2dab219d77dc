// A widget that keeps its conversation across page loads shows it again on the next page: those
// messages are in the transcript already and must not be recorded twice; new ones must be.
import { expect, test } from '@playwright/test';
import type { SeenMessage } from '../../src/channels/chat/recorder.ts';
import { RestoredMessages } from '../../src/channels/chat/restored.ts';

const bot = (text: string): SeenMessage => ({ author: 'bot', text, name: 'Bot' });
const me = (text: string): SeenMessage => ({ author: 'customer', text });

/** A transcript fed by reports from documents, as the chat session keeps it. */
function recorder() {
  const transcript: SeenMessage[] = [];
  const restored = new RestoredMessages<number>(() => transcript);
  let clock = 0;
  const keep = (arrivals: Array<{ item: SeenMessage }>) => transcript.push(...arrivals.map((a) => a.item));
  return {
    transcript,
    report: (doc: string, ...items: SeenMessage[]) => keep(restored.take(doc, items.map((item) => ({ item, at: ++clock })))),
    endAll: () => keep(restored.endAll()),
    get checking() {
      return restored.checking;
    },
  };
}

const CHAT = [bot('Hi!'), me('Where is my order?'), bot('It ships today.')];

test("a chat's first page is recorded as it comes", () => {
  const r = recorder();
  r.report('page1', ...CHAT);
  expect(r.transcript).toEqual(CHAT);
  expect(r.checking).toBe(false);
});

test('the whole conversation shown again on the next page is not recorded twice; what follows is', () => {
  const r = recorder();
  r.report('page1', ...CHAT);
  r.report('page2', CHAT[0]);
  r.report('page2', CHAT[1], CHAT[2]);
  expect(r.checking).toBe(false);
  r.report('page2', me('Thanks'));
  expect(r.transcript).toEqual([...CHAT, me('Thanks')]);
});

test('a widget that shows only the last messages again, then a new one in the same report', () => {
  const r = recorder();
  r.report('page1', ...CHAT);
  r.report('page2', CHAT[1], CHAT[2], bot('Anything else?'));
  expect(r.transcript).toEqual([...CHAT, bot('Anything else?')]);
});

test('a new conversation that begins like the old one is recorded once the customer writes (or it goes quiet)', () => {
  const r = recorder();
  r.report('page1', ...CHAT);
  r.report('page2', bot('Hi!'));
  expect(r.transcript).toEqual(CHAT);
  expect(r.checking).toBe(true);
  r.endAll();
  expect(r.transcript).toEqual([...CHAT, bot('Hi!')]);
});

test('a repeating conversation: the longest repeat that reaches the end is the restore', () => {
  const r = recorder();
  const loop = [bot("Sorry, I didn't get that."), me('Returns?'), bot("Sorry, I didn't get that."), me('Returns?')];
  r.report('page1', ...loop);
  r.report('page2', loop[0], loop[1]);
  expect(r.checking).toBe(true);
  // Two more that fit: the page showed all four again.
  r.report('page2', loop[2], loop[3]);
  expect(r.transcript).toEqual(loop);
  // Another page shows the last two again, then something new.
  r.report('page3', loop[2], loop[3], bot('A person will help you.'));
  expect(r.transcript).toEqual([...loop, bot('A person will help you.')]);
});

test('a message that does not fit the transcript ends the check: held ones past the last full repeat are new', () => {
  const r = recorder();
  r.report('page1', bot('A'), bot('B'), bot('A'));
  // "A" fits at the end (a restore of one) and at the start; "C" fits neither: the first "A" was a restore.
  r.report('page2', bot('A'), bot('C'));
  expect(r.transcript).toEqual([bot('A'), bot('B'), bot('A'), bot('C')]);
});
