// The phone analysis and rules on hand-made call records: what the analysis makes of a call, and the finding each rule makes.
import { expect, test } from '@playwright/test';
import { analysePhone, phoneAnalysisOptions, phoneLogOf, quoteCall, type PhoneAnalysis } from '../../src/channels/phone/analysis.ts';
import type { CallEvent, CallRecord, PhoneLog } from '../../src/channels/phone/record.ts';
import { CallRecord as CallRecordSchema } from '../../src/channels/phone/record.ts';
import { phone } from '../../src/channels/phone/definition.ts';

const phoneRules = phone.rules;
import { Evidence, type Severity } from '../../src/model/finding.ts';
import type { RunRecord } from '../../src/model/run-record.ts';
import { makeRun, makeSteps } from './fixtures/records.ts';

const MS_PER_WORD = 400; // 150 words a minute
const PERSON_A = '+442079460001';
const PERSON_B = '+442079460002';

/** Writes a call the way the driver records it: each event starts when the one before ended. */
class Call {
  t = 0;
  step = 1;
  events: CallEvent[] = [];
  private add(e: Omit<CallEvent, 'atMs' | 'stepIndex'>, advance = e.durationMs ?? 0) {
    this.events.push({ atMs: this.t, stepIndex: this.step, ...e });
    this.t += advance;
    return this;
  }
  inStep(step: number) {
    this.step = step;
    return this;
  }
  wait(ms: number) {
    this.t += ms;
    return this;
  }
  say(text: string, loop = 1) {
    return this.add({ kind: 'say', text, durationMs: text.split(/\s+/).filter(Boolean).length * MS_PER_WORD * loop });
  }
  play(ms: number, url = 'https://ivr.test/audio/hold.mp3') {
    return this.add({ kind: 'play', url, durationMs: ms });
  }
  pause(ms: number) {
    return this.add({ kind: 'pause', durationMs: ms });
  }
  menu(key: string, finishOnKey?: string) {
    return this.add({ kind: 'menu', menu: { input: ['dtmf'], timeoutMs: 5000, action: `https://ivr.test/${key}`, key, ...(finishOnKey ? { finishOnKey } : {}) } }, 0);
  }
  press(keys: string) {
    return this.add({ kind: 'press', text: keys }, 500);
  }
  speech(words: string) {
    return this.add({ kind: 'speech', text: words }, 1000);
  }
  noInput(ms = 5000) {
    return this.add({ kind: 'no-input', durationMs: ms });
  }
  enqueue(name: string) {
    return this.add({ kind: 'enqueue', text: name });
  }
  dequeue(result = 'leave') {
    return this.add({ kind: 'dequeue', text: result });
  }
  dial(target: string, person = true, kind: 'number' | 'client' | 'conference' | 'queue' = 'number') {
    return this.add({ kind: 'dial', handover: { kind, target, person } });
  }
  record() {
    return this.add({ kind: 'record' }, 10_000);
  }
  hangup(by: 'company' | 'caller') {
    return this.add({ kind: 'hangup', by });
  }
  redirect(url: string) {
    return this.add({ kind: 'redirect', url: `https://ivr.test${url}` });
  }
  reject(reason: string) {
    return this.add({ kind: 'reject', text: reason });
  }
  error(text: string) {
    return this.add({ kind: 'error', text });
  }
  done(ended: CallRecord['ended'] = 'company-hung-up'): CallRecord {
    return CallRecordSchema.parse({
      callSid: `CA${'0'.repeat(32)}`,
      url: 'https://ivr.test/voice',
      from: '+15005550006',
      to: '+18005550100',
      placedAtMs: 1000,
      placedInStep: 1,
      endedAtMs: this.t,
      ended,
      requests: 1,
      events: this.events,
    });
  }
}

const WELCOME = 'Welcome to Acme.';
const MAIN = 'For orders, press 1. For returns, press 2. To speak to someone, press 0.';

/** A run whose steps 0–4 exist, with its calls where the integrator puts them (`channels.phone`). */
function runWith(calls: CallRecord[], o: { journeyId?: string; persona?: string; steps?: RunRecord['steps'] } = {}): RunRecord {
  const run = makeRun({ steps: o.steps ?? makeSteps(5), ...(o.journeyId ? { journeyId: o.journeyId } : {}), ...(o.persona ? { persona: o.persona } : {}) });
  const log: PhoneLog = { calls };
  return { ...run, channels: { ...run.channels, phone: log } } as unknown as RunRecord;
}

type Config = Record<string, Record<string, unknown>>;

/** The options each phone rule (and repeated-question) runs with: its defaults overlaid with `config`. */
function optionsByRule(config: Config = {}): Record<string, Record<string, unknown>> {
  return {
    ...Object.fromEntries(phoneRules.map((r) => [r.id, r.options.parse(config[r.id] ?? {}) as Record<string, unknown>])),
    'repeated-question': { minEntryDigits: 3, ...config['repeated-question'] },
  };
}

function analysisOf(run: RunRecord, config: Config = {}): PhoneAnalysis {
  return analysePhone(phoneLogOf(run)!, phoneAnalysisOptions(optionsByRule(config)));
}

interface PhoneFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  stepIndex?: number;
  stepName?: string;
  cause?: string;
  evidence: Evidence;
}

/** Every phone rule over the run, the analysis computed once with the configured options, as the analyser does. */
function findings(run: RunRecord, config: Config = {}): PhoneFinding[] {
  const options = optionsByRule(config);
  const analysis = { phone: analysePhone(phoneLogOf(run)!, phoneAnalysisOptions(options)) };
  return phoneRules.flatMap((rule) =>
    rule.evaluate!(run, { options: options[rule.id], severity: rule.severity, analysis }).map((d) => {
      Evidence.parse(d.evidence);
      return { ruleId: rule.id, ...d, severity: d.severity ?? rule.severity };
    }),
  );
}
const ids = (fs: PhoneFinding[]) => fs.map((f) => `${f.ruleId}:${f.severity}`).sort();
const one = (fs: PhoneFinding[], ruleId: string) => {
  const matching = fs.filter((f) => f.ruleId === ruleId);
  expect(matching, ids(fs).join(', ')).toHaveLength(1);
  return matching[0];
};

/** Welcome, the main menu, returns (2), the returns queue for `queueMs`, then a person; `then` goes on from there. */
function queueCall(queueMs: number, then: (c: Call) => Call = (c) => c): CallRecord {
  const c = new Call().say(WELCOME).say(MAIN).menu('main').press('2').inStep(2).say('Please hold for the returns team.').enqueue('returns');
  for (let left = queueMs; left > 0; left -= 10_000) c.say('You are caller number 1.').play(Math.min(10_000, left) - MS_PER_WORD * 5);
  c.dequeue().inStep(3).dial(PERSON_A);
  return then(c).done('caller-hung-up');
}

test('the analysis of a healthy call: menus, the first option, the queue and the person', () => {
  const call = new Call()
    .say(`${WELCOME} Calls may be recorded for training. ${MAIN}`)
    .menu('main')
    .press('2')
    .say('For a refund, press 1. For a new label, press 2.')
    .menu('returns')
    .press('1')
    .inStep(2)
    .say('Please hold.')
    .enqueue('returns')
    .say('You are caller number 2.')
    .play(8000)
    .dequeue()
    .dial(PERSON_A)
    .hangup('caller')
    .done('caller-hung-up');
  const [a] = analysisOf(runWith([call])).calls;
  expect(a.menus.map((m) => [m.key, m.answer?.text, m.answer?.chose?.says, m.timedOut, m.heardBefore])).toEqual([
    ['main', '2', 'returns', false, 0],
    ['returns', '1', 'a refund', false, 0],
  ]);
  expect(a.menus[0].options.map((o) => o.key)).toEqual(['1', '2', '0']);
  // "Welcome to Acme. Calls may be recorded for training." is 9 words before "For orders, press 1." at 150 words a minute.
  expect(a.firstOptionAtMs).toBe(9 * MS_PER_WORD);
  expect(a.firstOption?.sentence).toBe('For orders, press 1.');
  expect(a.announcements).toEqual([]);
  const pressed = call.events[a.menus[1].answer!.eventIndex].atMs;
  expect(a.askedForPersonAtMs).toBe(pressed);
  expect(a.queues).toEqual([expect.objectContaining({ name: 'returns' })]);
  expect(a.queueMs).toBe(5 * MS_PER_WORD + 8000);
  expect(a.personAtMs).toBe(call.events.find((e) => e.kind === 'dial')!.atMs);
  expect(a.timeToPersonMs).toBe(a.personAtMs! - pressed);
  expect(a.goal).toMatchObject({ kind: 'queue', target: 'returns' });
  expect(a.menusToGoal).toBe(2);
  expect(a.personOffered).toBe(true);
  expect(a.handovers).toEqual([expect.objectContaining({ target: PERSON_A, person: true, transfer: false })]);
  expect(a.holds).toEqual([]);
  expect(a.loops).toEqual([]);
  expect(a.closed).toBeUndefined();
  expect(a.metrics).toEqual({
    menus: 2,
    listeningMs: call.events.filter((e, i) => e.kind === 'say' && i < 7).reduce((s, e) => s + e.durationMs!, 0),
    queueMs: a.queueMs,
    timeToPersonMs: a.timeToPersonMs,
    holdMs: 0,
    transfers: 0,
    endedBy: 'caller-hung-up',
  });
  expect(findings(runWith([call]))).toEqual([]);
});

test('the first option: after the announcements, at the speaking rate of a Say heard once', () => {
  const call = new Call()
    .say('Thank you for calling.', 2) // looped: twice as long, same words
    .play(6000, 'https://ivr.test/audio/offer.mp3')
    .say('Our new range is in store now. For orders, press 1.')
    .menu('main')
    .press('1')
    .done();
  const [a] = analysisOf(runWith([call])).calls;
  expect(a.firstOptionAtMs).toBe(4 * MS_PER_WORD * 2 + 6000 + 7 * MS_PER_WORD);
  expect(a.announcements).toEqual([0, 1]);
  // A request to key something in counts as the first thing the caller can act on.
  const entry = analysisOf(runWith([new Call().say('Hello. Please enter your order number.').menu('order', '#').press('10042#').done()])).calls[0];
  expect(entry.firstOptionAtMs).toBe(1 * MS_PER_WORD);
});

test('transcript lines for the evidence', () => {
  const call = new Call().say('For returns, press 2.').menu('main').press('2').noInput(5000).enqueue('returns').play(2000).dequeue().dial(PERSON_A).hangup('company').done();
  expect(quoteCall(call, [7, 0, 1, 2, 3, 4, 5, 6, 0, 99])).toEqual([
    '[0 ms] IVR: For returns, press 2.',
    "[1.6 s] the line waits for the caller's keys (up to 5 s)",
    '[1.6 s] caller pressed 2',
    '[2.1 s] caller pressed nothing for 5 s',
    '[7.1 s] caller put in the queue “returns”',
    '[7.1 s] recording hold.mp3 2 s',
    '[9.1 s] taken out of the queue',
    `[9.1 s] put through to a person (${PERSON_A})`,
  ]);
});

test('ivr-depth: menus answered before the goal, per menu path', () => {
  const deep = (levels: number, path = 'returns') => {
    const c = new Call().say(WELCOME);
    for (let i = 0; i < levels; i++) c.inStep(Math.min(i + 1, 4)).say(`For ${path}, press 2. For anything else, press 3.`).menu(`${path}-${i}`).press('2');
    return c.enqueue(path).dequeue().dial(PERSON_A).done();
  };
  expect(findings(runWith([deep(3)]))).toEqual([]);
  const f = one(findings(runWith([deep(4)])), 'ivr-depth');
  expect(f).toMatchObject({ severity: 'minor', stepIndex: 4, stepName: 'Step 5', message: 'The caller went through 4 menus before reaching the queue “returns”; the budget is 3.' });
  expect(f.evidence.metric).toEqual({ name: 'menus', value: 4, threshold: 3, unit: 'count' });
  expect(f.evidence.excerpt?.filter((l) => l.includes('caller pressed 2'))).toHaveLength(4);
  expect(f.evidence.excerpt?.at(-1)).toContain('put in the queue “returns”');
  expect(one(findings(runWith([deep(5)])), 'ivr-depth').severity).toBe('minor');
  expect(one(findings(runWith([deep(6)])), 'ivr-depth').severity).toBe('major');
  expect(findings(runWith([deep(4)]), { 'ivr-depth': { maxMenus: 5 } })).toEqual([]);
  // The same path met by two personas is one cause; another path is another.
  const cause = (run: RunRecord) => one(findings(run), 'ivr-depth').cause;
  expect(cause(runWith([deep(4)], { persona: 'bob' }))).toBe(cause(runWith([deep(4)], { journeyId: 'other' })));
  // The menu tree is the line's: deep paths to repairs and to returns are one cause.
  expect(cause(runWith([deep(4, 'repairs')]))).toBe(cause(runWith([deep(4)])));
  // With no queue or person, every menu of the call counts.
  const selfService = new Call().say('For orders, press 1.').menu('a').press('1').say('Enter your order number.').menu('b', '#').press('10042#').say('For status, press 1.').menu('c').press('1').say('For delivery, press 1.').menu('d').press('1').say('It ships tomorrow.').hangup('caller').done('caller-hung-up');
  expect(one(findings(runWith([selfService])), 'ivr-depth').message).toBe('The caller had to answer 4 menus in the call; the budget is 3.');
});

test('slow-to-person: from asking for a person to a person answering, the 80/20 budget', () => {
  expect(findings(runWith([queueCall(15_000)]))).toEqual([]);
  const f = one(findings(runWith([queueCall(30_000)])), 'slow-to-person');
  expect(f.severity).toBe('minor');
  expect(f.stepIndex).toBe(3);
  expect(f.message).toMatch(/^A person answered 3\d\.\d s after the caller asked for one \(30 s of it in the queue “returns”\); the budget is 20\.0 s\.$/);
  expect(f.evidence.metric).toMatchObject({ name: 'timeToPerson', threshold: 20_000, unit: 'ms' });
  expect(f.evidence.excerpt?.[0]).toMatch(/caller pressed 2$/);
  expect(f.evidence.excerpt?.at(-1)).toContain(`put through to a person (${PERSON_A})`);
  expect(one(findings(runWith([queueCall(70_000)])), 'slow-to-person').severity).toBe('major');
  expect(findings(runWith([queueCall(30_000)]), { 'slow-to-person': { budgetMs: 60_000 } })).toEqual([]);

  // The caller gave up in the queue.
  const gaveUp = new Call().say(MAIN).menu('main').press('0').enqueue('front desk').play(40_000).hangup('caller').done('caller-hung-up');
  const g = one(findings(runWith([gaveUp])), 'slow-to-person');
  expect(g.message).toBe('The caller waited 40.5 s for a person (40 s of it in the queue “front desk”) and no one answered before they hung up; the budget is 20.0 s.');

  // A journey's `within` on phone.expectPerson is the budget of that wait.
  const steps = makeSteps(5, (i) =>
    i === 3 ? { waits: [{ action: 'phone.expectPerson within 60000 ms', channel: 'phone', withinMs: 60_000, patienceMs: 120_000, tookMs: 31_000, outcome: 'in-time' }] } : {},
  );
  expect(findings(runWith([queueCall(30_000)], { steps }))).toEqual([]);
  // …also when the person answered in an earlier step and phone.expectPerson came after; a wait with no `within` keeps the rule's budget.
  const later = makeSteps(5, (i) => (i === 4 ? { waits: [{ action: 'phone.expectPerson within 60000 ms', channel: 'phone', withinMs: 60_000, patienceMs: 120_000, tookMs: 0, outcome: 'in-time' }] } : {}));
  expect(findings(runWith([queueCall(30_000)], { steps: later }))).toEqual([]);
  const noWithin = makeSteps(5, (i) => (i === 3 ? { waits: [{ action: 'phone.expectPerson', channel: 'phone', patienceMs: 120_000, tookMs: 31_000, outcome: 'in-time' }] } : {}));
  expect(ids(findings(runWith([queueCall(30_000)], { steps: noWithin })))).toEqual(['slow-to-person:minor']);

  // The same queue for two journeys is one cause.
  const cause = (run: RunRecord) => one(findings(run), 'slow-to-person').cause;
  expect(cause(runWith([queueCall(30_000)], { journeyId: 'returns' }))).toBe(cause(runWith([queueCall(50_000)], { journeyId: 'refund', persona: 'bob' })));
});

test('hold-wait: on hold after a person answered, in all; a queue before the person is not a hold', () => {
  const held = (...holds: number[]) => {
    const c = new Call().say(MAIN).menu('main').press('0').dial(PERSON_A).inStep(2).say('Please hold while I check.');
    holds.forEach((ms, i) => (i ? c.say('Thanks for holding.') : c).play(ms));
    return c.dial(PERSON_A).hangup('caller').done('caller-hung-up');
  };
  expect(findings(runWith([held(50_000)]))).toEqual([]);
  const [a] = analysisOf(runWith([held(40_000, 30_000)])).calls;
  expect(a.holds).toEqual([expect.objectContaining({ kind: 'music', heldBy: PERSON_A, durationMs: 40_000 + 3 * MS_PER_WORD + 30_000 })]);
  expect(a.handovers.filter((h) => h.transfer)).toEqual([]); // back to the same person: not a transfer
  const f = one(findings(runWith([held(90_000)])), 'hold-wait');
  expect(f).toMatchObject({ severity: 'minor', stepIndex: 2, message: `The caller was put on hold for 1 min 30 s after a person (${PERSON_A}) answered; the budget is 1 min.` });
  expect(f.evidence.metric).toMatchObject({ name: 'hold', threshold: 60_000, unit: 'ms' });
  expect(f.evidence.excerpt).toContain('[8.1 s] recording hold.mp3 1 min 30 s');
  expect(one(findings(runWith([held(200_000)])), 'hold-wait').severity).toBe('major');

  // Two holds, the second a queue: counted together.
  const twice = new Call().say(MAIN).menu('main').press('0').dial(PERSON_A).play(40_000).say('Let me look.').dial(PERSON_A).enqueue('hold').play(30_000).dequeue().dial(PERSON_A).done('caller-hung-up');
  const t = analysisOf(runWith([twice])).calls[0];
  expect(t.holds.map((h) => [h.kind, h.durationMs])).toEqual([
    ['music', 40_000],
    ['queue', 30_000],
  ]);
  expect(one(findings(runWith([twice])), 'hold-wait').message).toBe(`The caller was put on hold 2 times after a person (${PERSON_A}) answered, 1 min 10 s in all; the budget is 1 min.`);

  // A long queue before the first person is slow-to-person, never hold-wait.
  expect(ids(findings(runWith([queueCall(90_000)])))).toEqual(['slow-to-person:major']);
});

test('phone-transfer: one finding per call naming every hand-over after the first person', () => {
  const passed = (times: number) => {
    const c = new Call().say(MAIN).menu('main').press('0').dial(PERSON_A);
    for (let i = 0; i < times; i++) c.inStep(2 + i).say('Let me put you through to a colleague.').dial(`+44207946010${i}`);
    return c.hangup('caller').done('caller-hung-up');
  };
  expect(findings(runWith([passed(0)]))).toEqual([]);
  const f = one(findings(runWith([passed(1)])), 'phone-transfer');
  expect(f).toMatchObject({ severity: 'minor', stepIndex: 2, message: `After a person answered, the caller was passed on once: ${PERSON_A} → +442079460100.` });
  expect(f.evidence.metric).toEqual({ name: 'transfers', value: 1, threshold: 0, unit: 'count' });
  expect(f.evidence.excerpt).toEqual([
    `[6.1 s] put through to a person (${PERSON_A})`,
    '[6.1 s] IVR: Let me put you through to a colleague.',
    '[9.3 s] put through to a person (+442079460100)',
  ]);
  const two = findings(runWith([passed(2)]));
  expect(ids(two)).toEqual(['phone-transfer:major']);
  expect(two[0].message).toBe(`After a person answered, the caller was passed on 2 times: ${PERSON_A} → +442079460100 → +442079460101.`);
  expect(two[0].evidence.metric).toEqual({ name: 'transfers', value: 2, threshold: 0, unit: 'count' });
  expect(analysisOf(runWith([passed(2)])).calls[0].metrics.transfers).toBe(2);
  expect(ids(findings(runWith([passed(2)]), { 'phone-transfer': { majorFrom: 3 } }))).toEqual(['phone-transfer:minor']);
  // Being passed around is the line's: one cause across journeys.
  expect(findings(runWith([passed(1)]))[0].cause).toBe(findings(runWith([passed(2)], { journeyId: 'other' }))[0].cause);
});

test('ivr-loop: sent back to a menu the caller answered, or the answer rejected; silence is no loop', () => {
  const back = new Call().say(MAIN).menu('main').press('2').inStep(2).say('Returns are handled online.').say(MAIN).menu('main').press('2').say(MAIN).menu('main').hangup('caller').done('caller-hung-up');
  const [a] = analysisOf(runWith([back])).calls;
  expect(a.menus.map((m) => m.heardBefore)).toEqual([0, 1, 2]);
  expect(a.loops).toEqual([expect.objectContaining({ key: 'main', menus: [0, 1, 2], timesHeard: 3, invalidEvents: [] })]);
  expect(a.menusToGoal).toBe(1);
  const f = one(findings(runWith([back])), 'ivr-loop');
  expect(f).toMatchObject({ severity: 'major', stepIndex: 2, message: 'The caller was sent back to the same menu (“For orders, press 1.”) and heard it 3 times.' });
  expect(f.evidence.metric).toEqual({ name: 'timesHeard', value: 3, threshold: 2, unit: 'count' });
  expect(findings(runWith([back]), { 'ivr-loop': { sameMenuTimes: 4 } })).toEqual([]);

  const rejected = new Call().say(MAIN).menu('main').press('2').say('Sorry, that is not a valid option.').say(MAIN).menu('main').press('0').dial(PERSON_A).done('caller-hung-up');
  const r = one(findings(runWith([rejected])), 'ivr-loop');
  expect(r.message).toBe('The line rejected what the caller pressed 2 at the menu “For orders, press 1.” (“Sorry, that is not a valid option.”) and played the menu 2 times.');
  expect(r.evidence.excerpt).toContain('[6.1 s] IVR: Sorry, that is not a valid option.');
  // Rejected with no menu repeated: still a loop, without a count.
  const entry = new Call().say('Please enter your order number.').menu('order', '#').press('99#').say("Sorry, we didn't recognise that number. Goodbye.").hangup('company').done();
  const e = one(findings(runWith([entry])), 'ivr-loop');
  expect(e.message).toBe('The line rejected what the caller pressed 99# at the menu “Please enter your order number.”: “Sorry, we didn\'t recognise that number.”');
  expect(e.evidence.metric).toBeUndefined();

  // The menu played again because the caller said nothing: not the line's loop.
  const silent = new Call().say(MAIN).menu('main').noInput().say("Sorry, I didn't get that.").say(MAIN).menu('main').noInput().say('Connecting you to an advisor.').dial(PERSON_A).done('caller-hung-up');
  expect(analysisOf(runWith([silent])).calls[0].loops).toEqual([]);
  expect(findings(runWith([silent]))).toEqual([]);
});

test('no-person-option: no way to a person offered, or asked and cut off', () => {
  const noOffer = new Call().say('For orders, press 1. For returns, press 2.').menu('main').press('1').say('Visit acme.test to track your order. Goodbye.').hangup('company').done();
  const f = one(findings(runWith([noOffer])), 'no-person-option');
  expect(f).toMatchObject({ severity: 'major', stepIndex: 1, message: 'Nothing the caller heard offered a way to reach a person (1 menu), and the call reached no one.' });
  expect(f.evidence.excerpt).toEqual(['[0 ms] IVR: For orders, press 1. For returns, press 2.', '[6.5 s] the line ended the call']);
  // Offered, not taken: the caller was not kept from a person.
  expect(findings(runWith([new Call().say(MAIN).menu('main').press('1').say('Goodbye.').hangup('company').done()]))).toEqual([]);
  // Offered, taken, and the line ended the call with a voicemail.
  const cutOff = new Call().say(MAIN).menu('main').press('0').say('All our advisors are busy. Please leave a message after the tone.').record().hangup('company').done();
  const c = one(findings(runWith([cutOff])), 'no-person-option');
  expect(c.message).toBe('The caller asked for a person and the line ended the call without putting them through (it only took a message).');
  expect(c.cause).not.toBe(f.cause);
  // A custom pattern for what offers a person.
  expect(findings(runWith([noOffer]), { 'no-person-option': { personPattern: 'for returns' } })).toEqual([]);
  // A broken line is not a missing option.
  expect(findings(runWith([new Call().error('HTTP 500 from https://ivr.test/voice').done('error')]))).toEqual([]);
  expect(findings(runWith([new Call().reject('busy').done('rejected')]))).toEqual([]);
});

test('phone-closed-no-hours: closed, hung up, and no word of when it opens', () => {
  const closedCall = (text: string) => new Call().say(text).hangup('company').done();
  const f = one(findings(runWith([closedCall('Thank you for calling Acme. We are currently closed. Goodbye.')])), 'phone-closed-no-hours');
  expect(f).toMatchObject({ severity: 'major', stepIndex: 1, message: 'The line said it was closed (“We are currently closed.”) and hung up without saying when it opens.' });
  expect(f.evidence.excerpt).toEqual(['[0 ms] IVR: Thank you for calling Acme. We are currently closed. Goodbye.', '[4 s] the line ended the call']);
  const [a] = analysisOf(runWith([closedCall('We are closed. Goodbye.')])).calls;
  expect(a.closed).toMatchObject({ text: 'We are closed.', statesHours: false, hungUp: true });
  for (const hours of ['We are closed. We open again at 8 am.', 'Our lines are closed. Our opening hours are Monday to Friday.', 'We are currently closed and open tomorrow at 9:00.']) {
    expect(findings(runWith([closedCall(hours)])), hours).toEqual([]);
    expect(analysisOf(runWith([closedCall(hours)])).calls[0].closed?.statesHours).toBe(true);
  }
  // Closed, but the line goes on to a menu: the caller is not hung up on.
  expect(findings(runWith([new Call().say(`We are currently closed. ${MAIN}`).menu('main').press('1').hangup('caller').done('caller-hung-up')]))).toEqual([]);
  // The patterns are the rule's options, and the analysis reads them.
  const german = closedCall('Wir haben geschlossen. Auf Wiederhören.');
  expect(ids(findings(runWith([german])))).toEqual(['no-person-option:major']); // not heard as a closed notice
  expect(ids(findings(runWith([german]), { 'phone-closed-no-hours': { closedPattern: 'geschlossen' } }))).toEqual(['phone-closed-no-hours:major']);
  // One line: the same cause for every journey that meets it.
  const cause = (run: RunRecord) => one(findings(run), 'phone-closed-no-hours').cause;
  expect(cause(runWith([closedCall('We are closed.')], { journeyId: 'a' }))).toBe(cause(runWith([closedCall('We are closed.')], { journeyId: 'b', persona: 'bob' })));
});

test('long-prompt: announcements before the first option', () => {
  const intro = (seconds: number) => new Call().say(WELCOME).play(seconds * 1000 - 3 * MS_PER_WORD, 'https://ivr.test/audio/intro.wav').say(MAIN).menu('main').press('1').hangup('caller').done('caller-hung-up');
  expect(findings(runWith([intro(14)]))).toEqual([]);
  const f = one(findings(runWith([intro(20)])), 'long-prompt');
  expect(f).toMatchObject({ severity: 'minor', stepIndex: 1, message: 'Callers listened to 20.0 s of announcements before the first option (“For orders, press 1.”); the budget is 15.0 s.' });
  expect(f.evidence.metric).toEqual({ name: 'firstOption', value: 20_000, threshold: 15_000, unit: 'ms' });
  expect(f.evidence.excerpt).toEqual(['[0 ms] IVR: Welcome to Acme.', '[1.2 s] recording intro.wav 18.8 s', `[20 s] IVR: ${MAIN}`]);
  expect(one(findings(runWith([intro(31)])), 'long-prompt').severity).toBe('major');
  expect(findings(runWith([intro(20)]), { 'long-prompt': { budgetMs: 25_000 } })).toEqual([]);
});

test('repeated entries: the same number keyed in again at another menu, for repeated-question', () => {
  const twice = new Call()
    .say('Please enter your order number, then press hash.')
    .menu('order', '#')
    .press('10042#')
    .say('Connecting you to returns.')
    .dial(PERSON_A)
    .inStep(3)
    .say('Welcome to returns. Please key in your order number followed by hash.')
    .menu('returns-order', '#')
    .press('10042#')
    .done('caller-hung-up');
  const analysis = analysisOf(runWith([twice]));
  expect(analysis.calls[0].repeats).toEqual([
    {
      stepIndex: 3,
      atMs: twice.events[7].atMs,
      entry: '10042',
      firstStepIndex: 1,
      prompt: 'Please key in your order number followed by hash.',
      message: 'The phone line asked the caller to key in 10042 again (“Please key in your order number followed by hash.”), after they had keyed it in at “Please enter your order number, then press hash.”',
      excerpt: [
        '[0 ms] IVR: Please enter your order number, then press hash.',
        '[3.2 s] caller pressed 10042#',
        '[5.3 s] IVR: Welcome to returns. Please key in your order number followed by hash.',
        '[10.1 s] caller pressed 10042#',
      ],
      metric: 'phoneRepeats',
      cause: '+18005550100 ivr.test/voice | please key in your order number followed by hash.',
    },
  ]);
  expect(analysis.repeats).toEqual(analysis.calls[0].repeats);
  // repeated-question's own option: a longer minimum makes it no entry.
  expect(analysisOf(runWith([twice]), { 'repeated-question': { minEntryDigits: 6 } }).repeats).toEqual([]);
  // Menu choices are not entries; keying in again after "not valid" is a loop, not a repeat.
  const again = new Call().say('To speak to someone, stay on the line. Enter your order number.').menu('order', '#').press('10042#').say('That is not a valid order number.').say('Enter your order number.').menu('order', '#').press('10042#').done('caller-hung-up');
  expect(analysisOf(runWith([again])).repeats).toEqual([]);
  expect(ids(findings(runWith([again])))).toEqual(['ivr-loop:major']);
});

test('phoneAnalysisOptions: each pattern from the rule that judges it, else the defaults', () => {
  const o = phoneAnalysisOptions({});
  expect(o.minEntryDigits).toBe(3);
  expect(o.personPattern.test('To speak to an advisor, press 0.')).toBe(true);
  expect(o.personPattern.test('For an operator, press 0.')).toBe(true);
  expect(o.closedPattern.test('You are calling outside our opening hours.')).toBe(true);
  expect(o.closedPattern.test('Your case is closed.')).toBe(false);
  expect(o.hoursPattern.test('We open at 8am on Monday.')).toBe(true);
  expect(o.invalidPattern.test("Sorry, I didn't catch that.")).toBe(true);
  const custom = phoneAnalysisOptions({ 'no-person-option': { personPattern: 'mensch' }, 'ivr-loop': { invalidPattern: 'ungültig' }, 'repeated-question': { minEntryDigits: 5 } });
  expect([custom.personPattern.source, custom.invalidPattern.source, custom.minEntryDigits]).toEqual(['mensch', 'ungültig', 5]);
  expect(custom.personPattern.flags).toContain('i');
});

// The demo company's phone line (fixtures/acme/phone) as the driver records it: a <Gather>'s menu
// event before its prompts, redirects, agents as <Client>s. Each knob gives exactly its one phone rule.
const ACME = {
  welcome: 'Thank you for calling Acme. Our lines are open 8 am to 8 pm, Monday to Saturday.',
  announcements: [
    'Please note that calls to Acme may be recorded and monitored for training and quality purposes.',
    'Did you know that you can find answers to most questions on our new website? Visit acme.example/help to track an order, start a return or book a repair, at any time of day or night.',
    'Our lines are open from 8 am to 8 pm, Monday to Saturday, and closed on Sundays and public holidays.',
    'To learn how we collect, use and protect your personal data, please read the privacy notice on our website.',
    'This month, members of Acme Rewards save 10 percent on all coffee machines and grinders. Ask a member of our team for details.',
  ],
  main: ['For orders, press 1.', 'For returns, press 2.', 'For warranty claims, press 3.', 'For repairs, press 4.'],
  someone: 'To speak to someone, press 0.',
  deep: [
    ['orders-returns', 'For returns of an online order, press 1.', 'For returns of an item bought in a store, press 2.', 'For orders on their way, press 3.'],
    ['returns-what', 'For returns of espresso machines, press 1.', 'For returns of grinders, press 2.', 'For returns of milk frothers and accessories, press 3.'],
    ['returns-when', 'For returns within 30 days of delivery, press 1.', 'For returns after 30 days, press 2.'],
  ],
  askOrder: 'Please enter your order number, followed by the hash key.',
  notValid: 'Sorry, that is not a valid order number.',
  notUnderstood: "Sorry, I didn't get that.",
};

interface Knobs {
  deep?: boolean;
  noPerson?: boolean;
  loop?: boolean;
  closed?: boolean;
  longPrompt?: boolean;
  reasks?: boolean;
  queueMs?: number;
  holdMs?: number;
  transfers?: number;
}

/** A returns journey's call to Acme's line with these knobs: press 2 (or the deep path), key in 10042#, queue, agent. */
function acmeCall(k: Knobs = {}): CallRecord {
  const c = new Call();
  const gather = (key: string, ...prompts: string[]) => {
    c.menu(key, key.startsWith('/phone/order') || key.startsWith('/phone/connect') ? '#' : undefined);
    for (const p of prompts) c.say(p);
    return c;
  };
  if (k.closed) return c.say('Our offices are currently closed. Please call again later. Goodbye.').hangup('company').done();
  c.say(ACME.welcome);
  for (const a of k.longPrompt ? ACME.announcements : []) c.say(a);
  gather('/phone/choose?at=main', ...ACME.main, ...(k.noPerson ? [] : [ACME.someone]));
  if (k.deep) {
    c.press('1').redirect('/phone/menu?at=orders-returns');
    for (const [id, ...options] of ACME.deep) gather(`/phone/choose?at=${id}`, ...options, 'If you are not sure, stay on the line.').press('1').redirect(id === 'returns-when' ? '/phone/department?dept=returns' : '/phone/menu');
  } else c.press('2').redirect('/phone/department?dept=returns');
  c.inStep(2);
  gather('/phone/order-number?dept=returns', ACME.askOrder).press('10042#');
  if (k.loop) {
    for (let i = 0; i < 3; i++) c.say(ACME.notValid).menu('/phone/order-number?dept=returns', '#').say(ACME.askOrder).press('10042#');
    c.say(ACME.notValid).menu('/phone/order-number?dept=returns', '#').say(ACME.askOrder).noInput().say(ACME.notUnderstood).redirect('/phone/department?dept=returns');
    return gather('/phone/order-number?dept=returns', ACME.askOrder).noInput().hangup('caller').done('caller-hung-up');
  }
  if (k.noPerson) return c.say('Please visit acme.example/help. Goodbye.').hangup('company').done();
  c.say('Thank you. Please hold while we connect you to our returns team.').enqueue('returns');
  const queueMs = k.queueMs ?? 1000;
  for (let left = queueMs; left > 0; ) {
    c.say(`You are number ${Math.min(9, Math.ceil(left / 15_000))} in the queue.`);
    left -= 2800;
    if (left > 3000) {
      c.play(15_000, '/phone/hold-music.wav');
      left -= 15_000;
    }
  }
  c.dequeue('leave');
  if (k.reasks) gather('/phone/connect?dept=returns', ACME.askOrder).press('10042#');
  c.inStep(3).dial('sam', true, 'client');
  if (k.holdMs) c.say('Let me check that for you, please hold.').play(k.holdMs, '/phone/hold-music.wav').say('Thank you for holding.');
  const colleagues = ['our returns specialists', 'a senior colleague', 'our customer care team'];
  for (let n = 0; n < (k.transfers ?? 0); n++) c.say(`I'll transfer you to ${colleagues[n]}.`).dial(['priya', 'tom', 'lena'][n], true, 'client');
  return c.say('Your returns request is in hand, and we will email you the details. Thank you for calling Acme. Goodbye.').hangup('company').done();
}

const KNOBS: Record<string, { call: CallRecord; finds: string[] }> = {
  'no knob': { call: acmeCall(), finds: [] },
  'ivr-deep': { call: acmeCall({ deep: true }), finds: ['ivr-depth:minor'] },
  'ivr-queue': { call: acmeCall({ queueMs: 45_000 }), finds: ['slow-to-person:minor'] },
  'ivr-hold': { call: acmeCall({ holdMs: 70_000 }), finds: ['hold-wait:minor'] },
  'ivr-transfers': { call: acmeCall({ transfers: 2 }), finds: ['phone-transfer:major'] },
  'ivr-no-person': { call: acmeCall({ noPerson: true }), finds: ['no-person-option:major'] },
  'ivr-loop': { call: acmeCall({ loop: true }), finds: ['ivr-loop:major'] },
  'ivr-closed': { call: acmeCall({ closed: true }), finds: ['phone-closed-no-hours:major'] },
  'ivr-long-prompt': { call: acmeCall({ longPrompt: true }), finds: ['long-prompt:major'] },
  'ivr-reasks-order': { call: acmeCall({ reasks: true }), finds: [] }, // repeated-question's, not a phone rule's
};

for (const [knob, { call, finds }] of Object.entries(KNOBS)) {
  test(`Acme's line with ${knob}: exactly ${finds.join(', ') || 'no phone finding'}`, () => {
    expect(ids(findings(runWith([call])))).toEqual(finds);
    expect(analysisOf(runWith([call])).repeats).toHaveLength(knob === 'ivr-reasks-order' ? 1 : 0);
  });
}

test("what the analysis makes of Acme's line: the person offered, the hours, the queue, the agents", () => {
  const [a] = analysisOf(runWith([acmeCall()])).calls;
  expect(a.menus.map((m) => [m.answer?.text, m.answer?.chose?.says])).toEqual([
    ['2', 'returns'],
    ['10042#', undefined],
  ]);
  // The menu's prompts come after its menu event: the prompt is still what was heard before the answer.
  expect(a.menus[0].options.map((o) => o.key)).toEqual(['1', '2', '3', '4', '0']);
  expect(a.firstOptionAtMs).toBe(17 * MS_PER_WORD);
  expect(a.personOffered).toBe(true);
  expect(a.goal).toMatchObject({ kind: 'queue', target: 'returns' });
  expect(a.handovers).toEqual([expect.objectContaining({ kind: 'client', target: 'sam', person: true, transfer: false })]);
  expect(a.metrics).toMatchObject({ menus: 2, queueMs: 2800, holdMs: 0, transfers: 0, endedBy: 'company-hung-up' });
  const transfers = analysisOf(runWith([acmeCall({ transfers: 2 })])).calls[0].handovers.filter((h) => h.transfer);
  expect(transfers.map((h) => [h.from, h.target])).toEqual([
    ['sam', 'priya'],
    ['priya', 'tom'],
  ]);
  const reasked = analysisOf(runWith([acmeCall({ reasks: true })])).repeats[0];
  expect(reasked).toMatchObject({ entry: '10042', stepIndex: 2, firstStepIndex: 2, prompt: ACME.askOrder });
  expect(reasked.message).toBe(`The phone line asked the caller to key in 10042 again at the same question (“${ACME.askOrder}”) later in the call.`);
});

test('every finding is on a step of the run, and a run without calls has none', () => {
  for (const { call } of Object.values(KNOBS)) for (const f of findings(runWith([call]))) expect(f.stepName).toMatch(/^Step \d$/);
  const run = makeRun();
  expect(phoneLogOf(run)).toBeUndefined();
  for (const rule of phoneRules) expect(rule.evaluate!(run, { options: rule.options.parse({}), severity: rule.severity, analysis: {} })).toEqual([]);
  expect(phoneRules.map((r) => r.id)).toEqual(['ivr-depth', 'slow-to-person', 'hold-wait', 'phone-transfer', 'ivr-loop', 'no-person-option', 'phone-closed-no-hours', 'long-prompt', 'slow-prompt']);
});

test('slow-prompt: what the journey waited to hear came after its within; on time, or without within, no finding', () => {
  const run = (waits: RunRecord['steps'][number]['waits']) => {
    const r = runWith([new Call().say(MAIN).menu('main').done()]);
    r.steps[1] = { ...r.steps[1], waits };
    return r;
  };
  const late = { action: 'phone.expectPrompt "/press/i" within 30000 ms', channel: 'phone', withinMs: 30_000, patienceMs: 60_000, tookMs: 40_000, outcome: 'late' as const };
  const f = one(findings(run([late])), 'slow-prompt');
  expect(f).toMatchObject({ severity: 'minor', stepIndex: 1 });
  expect(f.message).toMatch(/listened 40(\.0)? s before hearing what should come within 30(\.0)? s/);
  expect(f.evidence.metric).toEqual({ name: 'promptWait', value: 40_000, threshold: 30_000, unit: 'ms' });
  expect(ids(findings(run([{ ...late, tookMs: 46_000 + 50_000 }])))).toEqual(['slow-prompt:major']);
  expect(findings(run([{ ...late, tookMs: 20_000, outcome: 'in-time' }]))).toEqual([]);
  // expectPerson's own wait is slow-to-person's to judge, not this rule's.
  expect(findings(run([{ ...late, action: 'phone.expectPerson within 30000 ms' }])).filter((x) => x.ruleId === 'slow-prompt')).toEqual([]);
});
