import type { Frame, Page } from 'playwright';
import type { ChannelRunSession, RunChannelContext } from '../channel.ts';
import type { ChatAuthor, ChatEvent, ChatLog, ChatMessage, ChatTurn } from './record.ts';
import type { RunRecord } from '../../model/run-record.ts';
import { toLocator, type LocatorSpec } from '../web/locator.ts';
import type { ChatProfile } from './profile.ts';
import { textPattern } from '../text.ts';
import { installRecorder, type RecorderReport, type SeenMessage } from './recorder.ts';
import { RestoredMessages, type Arrival } from './restored.ts';
import { chainLocator, findWidgetFrame, frameChain, framesOutOfReach } from './widget-frame.ts';

export const CHAT_CHANNEL = 'chat';

let bindingCount = 0;

/** How long after a page load the driver looks for the widget to come back (restored from the last page). */
const REWATCH_MS = 10_000;
/** A new page's first messages repeating the transcript are held until this quiet. */
const RESTORE_QUIET_MS = 1000;

/** Reads a chat transcript out of what the profile's patterns recognise. */
export function recognise(messages: ChatMessage[], profile: ChatProfile): ChatEvent[] {
  const p = {
    queue: textPattern(profile.patterns.queuePosition),
    joined: textPattern(profile.patterns.agentJoined),
    left: profile.patterns.agentLeft ? textPattern(profile.patterns.agentLeft) : undefined,
    misunderstood: textPattern(profile.patterns.misunderstood),
    unavailable: textPattern(profile.patterns.unavailable),
    statesTime: textPattern(profile.patterns.statesTime),
  };
  const events: ChatEvent[] = [];
  let current: string | undefined;
  let lastAgent: string | undefined;
  const at = (m: ChatMessage) => ({ messageIndex: m.index, atMs: m.atMs, ...(m.stepIndex !== undefined ? { stepIndex: m.stepIndex } : {}) });
  const join = (m: ChatMessage, agent: string) => {
    events.push({ kind: 'agent-joined', ...at(m), agent });
    if (lastAgent !== undefined && lastAgent !== agent) events.push({ kind: 'transfer', ...at(m), agent, from: lastAgent });
    current = lastAgent = agent;
  };
  for (const m of messages) {
    if (m.author === 'customer') continue;
    if (m.author !== 'agent') {
      const q = p.queue.exec(m.text);
      if (q) {
        const position = Number(q.slice(1).find((g) => g !== undefined && /^\d+$/.test(g)) ?? NaN);
        events.push({ kind: 'queue', ...at(m), ...(Number.isFinite(position) ? { position } : {}) });
      }
      const j = p.joined.exec(m.text);
      if (j) join(m, (j.groups?.name ?? j[1] ?? 'agent').trim());
      else if (p.left?.test(m.text)) current = undefined;
      if (p.unavailable.test(m.text)) events.push({ kind: 'unavailable', ...at(m), statesTime: p.statesTime.test(m.text) });
    }
    if (m.author === 'bot' && p.misunderstood.test(m.text)) events.push({ kind: 'misunderstood', ...at(m) });
    if (m.author === 'agent') {
      const name = m.name ?? lastAgent ?? 'agent';
      if (current === undefined || (m.name !== undefined && m.name !== current)) join(m, name);
    }
  }
  return events;
}

/** A customer's send; `answerIndex` is the reply the journey waited for (chat.expectReply with `matches`). */
export interface ChatSend {
  atMs: number;
  stepIndex?: number;
  answerIndex?: number;
  /** The journey's budget for the answer (chat.expectReply `within`), ms. */
  budgetMs?: number;
}

/**
 * Pairs each customer message with the send that made it and its reply: the one the journey said
 * it was waiting for when it said so, else the next bot or agent message. A greeting or "one
 * moment" that lands first is no answer to what the customer asked.
 */
export function turnsOf(messages: ChatMessage[], sends: ChatSend[], endedAtMs: number): ChatTurn[] {
  const turns: ChatTurn[] = [];
  let n = 0;
  for (const m of messages) {
    if (m.author !== 'customer') continue;
    const send = sends[n];
    const sentAtMs = send ? Math.min(send.atMs, m.atMs) : m.atMs;
    const stepIndex = send?.stepIndex ?? m.stepIndex;
    const reply =
      (send?.answerIndex !== undefined ? messages[send.answerIndex] : undefined) ??
      messages.find((r) => r.index > m.index && (r.author === 'bot' || r.author === 'agent'));
    turns.push({
      turn: ++n,
      messageIndex: m.index,
      sentAtMs,
      ...(stepIndex !== undefined ? { stepIndex } : {}),
      ...(reply ? { replyIndex: reply.index, replyMs: Math.max(0, reply.atMs - sentAtMs) } : {}),
      ...(send?.budgetMs !== undefined ? { budgetMs: send.budgetMs } : {}),
      waitedMs: Math.max(0, (reply ? reply.atMs : endedAtMs) - sentAtMs),
    });
  }
  return turns;
}

/** When a message arrived: ms since the chat opened, and the step. */
interface ArrivedAt {
  atMs: number;
  stepIndex?: number;
}

const AUTHORS: ChatAuthor[] = ['customer', 'bot', 'agent', 'system'];

/** A recorder's report as the page sent it: the page is not trusted to send the right shape. */
function itemsOf(report: unknown): SeenMessage[] {
  const items = (report as RecorderReport | undefined)?.items;
  if (!Array.isArray(items)) return [];
  return items.flatMap((i: Partial<SeenMessage> | null) =>
    i && typeof i.text === 'string'
      ? [{ author: AUTHORS.includes(i.author as ChatAuthor) ? (i.author as ChatAuthor) : 'system', text: i.text, ...(typeof i.name === 'string' ? { name: i.name } : {}) }]
      : [],
  );
}

/**
 * One run's chat: opens the widget, types, watches the message list and keeps the transcript.
 * The widget may be in an iframe (nested ones too), in open shadow roots, or both; a recorder in
 * its frame reads the messages (see recorder.ts), and after a page load, while the chat is open,
 * the driver looks for the widget again and records only what the new page adds to it.
 */
export class ChatSession implements ChannelRunSession {
  readonly messages: ChatMessage[] = [];
  private sends: ChatSend[] = [];
  private openedAt?: number;
  private openedInStep?: number;
  private closedAtMs?: number;
  /** The widget's frame when no `iframe` chain says where it is (found by its message box). */
  private widget?: Frame;
  /** Frames a recorder was started in: a page load in one of them (or the page) starts another. */
  private watched = new Set<Frame>();
  private docCount = 0;
  private restored = new RestoredMessages<ArrivedAt>(() => this.messages);
  private quietTimer?: NodeJS.Timeout;
  private onNavigated?: (frame: Frame) => void;
  private rewatching?: Promise<void>;
  private rewatchAgain = false;
  private finished = false;
  private waiters = new Set<() => void>();
  /** expectReply looks at messages from here on: after the customer's last message and the last reply it matched. */
  replyFrom = 0;

  constructor(
    private ctx: RunChannelContext,
    readonly profile: ChatProfile,
  ) {
    this.chain = frameChain(profile);
    // Bound before the chat opens, so opening it costs the customer nothing extra.
    this.binding = ctx.page.exposeBinding(this.bindingName, (_source, report: unknown) => this.take(report)).then(() => {}, () => {});
  }

  private binding: Promise<void>;
  /** The profile's `iframe` chain, outermost first; empty when the widget is found by its message box. */
  private readonly chain: string[];
  private bindingName = `__msChat${++bindingCount}`;
  private lastAtMs = 0;

  get isOpen(): boolean {
    return this.openedAt !== undefined && this.closedAtMs === undefined;
  }

  /** ms since the chat opened. */
  sinceOpen(): number {
    return this.ctx.now() - (this.openedAt ?? this.ctx.now());
  }

  /** Where the widget's controls are: the `iframe` chain (followed anew on each use), or the frame that showed the message box. */
  private async scope(timeoutMs: number): Promise<Page> {
    const { page } = this.ctx;
    if (this.chain.length) return chainLocator(page, this.chain) as unknown as Page;
    if (!this.widget || this.widget.isDetached()) this.widget = await findWidgetFrame(page, this.profile, timeoutMs, true);
    return this.widget as unknown as Page;
  }

  private async locate(spec: LocatorSpec, timeoutMs: number) {
    return toLocator(await this.scope(timeoutMs), spec);
  }

  async open(timeoutMs: number): Promise<void> {
    const { page } = this.ctx;
    await toLocator(page, this.profile.launcher).click({ timeout: timeoutMs });
    this.openedAt = this.ctx.now();
    this.openedInStep = this.ctx.currentStep();
    this.closedAtMs = undefined;
    if (this.chain.length) await (await this.locate(this.profile.input, timeoutMs)).waitFor({ state: 'visible', timeout: timeoutMs });
    this.widget = await findWidgetFrame(page, this.profile, timeoutMs, true);
    await this.watch(this.widget);
    this.followPageLoads();
  }

  /**
   * A recorder in the widget's frame (it reads the same-origin frames inside it) and one in each
   * cross-origin frame inside it, which the page's script cannot read but Playwright can.
   */
  private async watch(frame: Frame): Promise<void> {
    await this.binding;
    for (const f of [frame, ...(await framesOutOfReach(frame))]) {
      await installRecorder(f, this.bindingName, this.profile, `${this.bindingName}.${++this.docCount}`);
      this.watched.add(f);
    }
  }

  /** While the chat is open, a page load in the page or the widget's frames brings a new document to record. */
  private followPageLoads(): void {
    if (this.onNavigated) return;
    const { page } = this.ctx;
    this.onNavigated = (frame: Frame) => {
      if (!this.isOpen || this.finished) return;
      for (let f: Frame | null = frame; f; f = f.parentFrame()) {
        if (f === page.mainFrame() || this.watched.has(f)) return this.rewatch();
      }
    };
    page.on('framenavigated', this.onNavigated);
  }

  /** Looks for the widget in the new document (in the background) and records it, if it came back. */
  private rewatch(): void {
    if (this.rewatching) {
      this.rewatchAgain = true;
      return;
    }
    const { page } = this.ctx;
    this.rewatching = (async () => {
      do {
        this.rewatchAgain = false;
        try {
          await page.waitForLoadState('domcontentloaded', { timeout: REWATCH_MS });
          const frame = await findWidgetFrame(page, this.profile, REWATCH_MS, false);
          if (this.finished) break;
          if (!this.chain.length) this.widget = frame;
          await this.watch(frame);
        } catch {
          // The widget did not come back on this page (or the page moved on): nothing to record here.
        }
      } while (this.rewatchAgain && !this.finished);
      this.rewatching = undefined;
    })();
  }

  private take(report: unknown): void {
    if (this.openedAt === undefined || this.finished) return;
    const items = itemsOf(report);
    if (!items.length) return;
    // The run clock leaves out harness time (screenshots), so it can step back: keep the transcript in order.
    const atMs = (this.lastAtMs = Math.max(this.lastAtMs, this.sinceOpen()));
    const step = this.ctx.currentStep();
    const at: ArrivedAt = { atMs, ...(step !== undefined ? { stepIndex: step } : {}) };
    const doc = String((report as RecorderReport).doc);
    this.record(this.restored.take(doc, items.map((item) => ({ item, at }))));
    clearTimeout(this.quietTimer);
    if (this.restored.checking) this.quietTimer = setTimeout(() => this.record(this.restored.endAll()), RESTORE_QUIET_MS).unref();
  }

  private record(arrivals: Arrival<ArrivedAt>[]): void {
    for (const { item, at } of arrivals) {
      const previous = this.messages.at(-1)?.atMs ?? 0;
      this.messages.push({
        index: this.messages.length,
        author: item.author,
        ...(item.name && item.author !== 'customer' ? { name: item.name } : {}),
        text: item.text,
        // A message held to see whether it was restored keeps its arrival, in transcript order.
        atMs: Math.max(previous, at.atMs),
        ...(at.stepIndex !== undefined ? { stepIndex: at.stepIndex } : {}),
      });
    }
    if (arrivals.length) for (const wake of [...this.waiters]) wake();
  }

  async say(text: string, timeoutMs: number): Promise<void> {
    const input = await this.locate(this.profile.input, timeoutMs);
    await input.fill(text, { timeout: timeoutMs });
    // What a new page showed before the customer wrote is settled: restored or new.
    this.record(this.restored.endAll());
    this.replyFrom = this.sentFrom = this.messages.length;
    if (this.profile.send) await (await this.locate(this.profile.send, timeoutMs)).click({ timeout: timeoutMs });
    else await input.press('Enter', { timeout: timeoutMs });
    // Sent when the click lands (Playwright returns right after dispatching it), not when it began.
    this.sends.push({ atMs: this.sinceOpen(), ...(this.ctx.currentStep() !== undefined ? { stepIndex: this.ctx.currentStep() } : {}) });
  }

  /** Transcript index of the customer's last message (0 before any): answers come after it. */
  lastSendIndex(): number {
    return this.sentFrom;
  }

  private sentFrom = 0;

  /** The journey said how soon the answer to the last message should come (`within`): the turn's budget. */
  budgetLastTurn(ms: number): void {
    const last = this.sends.at(-1);
    if (last) last.budgetMs = ms;
  }

  /**
   * The journey found the answer it waited for. expectReply only looks after the last send, so the
   * first answer found since that send is its reply.
   */
  answered(message: ChatMessage): void {
    const last = this.sends.at(-1);
    if (last && last.answerIndex === undefined) last.answerIndex = message.index;
  }

  async close(timeoutMs: number): Promise<void> {
    if (this.profile.close) await (await this.locate(this.profile.close, timeoutMs)).click({ timeout: timeoutMs });
    this.closedAtMs = this.sinceOpen();
  }

  events(): ChatEvent[] {
    return recognise(this.messages, this.profile);
  }

  /** Waits up to `ms` until `find` returns something (checked on every new message). */
  async waitFor<T>(find: () => T | undefined, ms: number): Promise<T | undefined> {
    const now = find();
    if (now !== undefined) return now;
    return new Promise<T | undefined>((resolve) => {
      const done = (v: T | undefined) => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(v);
      };
      const wake = () => {
        const v = find();
        if (v !== undefined) done(v);
      };
      const timer = setTimeout(() => done(find()), Math.max(0, ms));
      this.waiters.add(wake);
    });
  }

  async finish(): Promise<ChatLog | undefined> {
    // The binding is set up on the page as the run starts; a run that ends at once (a phone call,
    // an early dead end) must let it settle before its page closes, or the driver fails on a page
    // that is gone.
    await this.binding;
    clearTimeout(this.quietTimer);
    this.record(this.restored.endAll());
    this.finished = true;
    if (this.onNavigated) this.ctx.page.off('framenavigated', this.onNavigated);
    for (const wake of [...this.waiters]) wake();
    if (this.openedAt === undefined) return undefined;
    const endedAtMs = this.closedAtMs ?? this.sinceOpen();
    const log: ChatLog = {
      openedAtMs: this.openedAt,
      ...(this.openedInStep !== undefined ? { openedInStep: this.openedInStep } : {}),
      ...(this.closedAtMs !== undefined ? { closedAtMs: this.closedAtMs } : {}),
      endedAtMs,
      messages: this.messages,
      turns: turnsOf(this.messages, this.sends, endedAtMs),
      events: this.events(),
    };
    return log;
  }
}
