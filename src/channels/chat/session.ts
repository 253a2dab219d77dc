import type { Frame, Page } from 'playwright';
import type { ChannelRunSession, RunChannelContext } from '../channel.ts';
import type { ChatAuthor, ChatEvent, ChatLog, ChatMessage, ChatTurn } from '../../model/chat.ts';
import type { RunRecord } from '../../model/run-record.ts';
import { toLocator, type LocatorSpec } from '../web/locator.ts';
import { toPattern, type ChatProfile } from './profile.ts';

export const CHAT_CHANNEL = 'chat';

interface Seen {
  author: ChatAuthor;
  text: string;
  name?: string;
}

let bindingCount = 0;

/** Runs in the widget: reports each new message (author kind, shown name, text) through the binding. */
const OBSERVER = `function (binding, sel) {
  var kinds = ['customer', 'bot', 'agent', 'system'];
  var seen = 0;
  function read() {
    var items = document.querySelectorAll(sel.messages), out = [];
    for (var i = seen; i < items.length; i++) {
      var el = items[i], author = 'system';
      for (var k = 0; k < kinds.length; k++) if (el.matches(sel.authors[kinds[k]])) { author = kinds[k]; break; }
      var textEl = sel.text ? el.querySelector(sel.text) : null, nameEl = sel.authorName ? el.querySelector(sel.authorName) : null;
      var m = { author: author, text: ((textEl || el).textContent || '').trim() };
      var who = nameEl && (nameEl.textContent || '').trim();
      if (who) m.name = who;
      out.push(m);
    }
    seen = items.length;
    if (out.length) window[binding](out);
  }
  new MutationObserver(read).observe(document.body, { childList: true, subtree: true });
  read();
}`;

/** Reads a chat transcript out of what the profile's patterns recognise. */
export function recognise(messages: ChatMessage[], profile: ChatProfile): ChatEvent[] {
  const p = {
    queue: toPattern(profile.patterns.queuePosition),
    joined: toPattern(profile.patterns.agentJoined),
    left: profile.patterns.agentLeft ? toPattern(profile.patterns.agentLeft) : undefined,
    misunderstood: toPattern(profile.patterns.misunderstood),
    unavailable: toPattern(profile.patterns.unavailable),
    statesTime: toPattern(profile.patterns.statesTime),
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

/** One run's chat: opens the widget, types, watches the message list and keeps the transcript. */
export class ChatSession implements ChannelRunSession {
  readonly messages: ChatMessage[] = [];
  private sends: ChatSend[] = [];
  private openedAt?: number;
  private openedInStep?: number;
  private closedAtMs?: number;
  private frame?: Frame;
  private waiters = new Set<() => void>();
  /** expectReply looks at messages from here on: after the customer's last message and the last reply it matched. */
  replyFrom = 0;

  constructor(
    private ctx: RunChannelContext,
    readonly profile: ChatProfile,
  ) {
    // Bound before the chat opens, so opening it costs the customer nothing extra.
    this.binding = ctx.page.exposeBinding(this.bindingName, (_source, items: Seen[]) => this.take(items)).then(() => {}, () => {});
  }

  private binding: Promise<void>;
  private bindingName = `__msChat${++bindingCount}`;
  private lastAtMs = 0;

  get isOpen(): boolean {
    return this.openedAt !== undefined && this.closedAtMs === undefined;
  }

  /** ms since the chat opened. */
  sinceOpen(): number {
    return this.ctx.now() - (this.openedAt ?? this.ctx.now());
  }

  /** Where the widget's controls are: its iframe, or the page itself. */
  scope(): Page {
    const { page } = this.ctx;
    return (this.profile.iframe ? page.frameLocator(this.profile.iframe) : page) as unknown as Page;
  }

  locate(spec: LocatorSpec) {
    return toLocator(this.scope(), spec);
  }

  async open(timeoutMs: number): Promise<void> {
    const { page } = this.ctx;
    await toLocator(page, this.profile.launcher).click({ timeout: timeoutMs });
    this.openedAt = this.ctx.now();
    this.openedInStep = this.ctx.currentStep();
    this.closedAtMs = undefined;
    await this.locate(this.profile.input).waitFor({ state: 'visible', timeout: timeoutMs });
    if (this.profile.iframe) {
      const handle = await page.locator(this.profile.iframe).first().elementHandle({ timeout: timeoutMs });
      this.frame = (await handle?.contentFrame()) ?? undefined;
    } else this.frame = page.mainFrame();
    if (!this.frame) throw new Error(`the chat iframe (${this.profile.iframe}) has no document`);
    await this.watch(this.frame);
  }

  /** A MutationObserver in the widget reports each new message through a binding, timed on arrival. */
  private async watch(frame: Frame): Promise<void> {
    await this.binding;
    const p = this.profile;
    const sel = { messages: p.messages, text: p.text ?? null, authorName: p.authorName ?? null, authors: p.authors };
    // Plain source, not a compiled function: the page must not depend on the harness's build helpers.
    await frame.evaluate(`(${OBSERVER})(${JSON.stringify(this.bindingName)}, ${JSON.stringify(sel)})`);
  }

  private take(items: Seen[]): void {
    if (this.openedAt === undefined) return;
    // The run clock leaves out harness time (screenshots), so it can step back: keep the transcript in order.
    const atMs = (this.lastAtMs = Math.max(this.lastAtMs, this.sinceOpen()));
    const step = this.ctx.currentStep();
    for (const item of items) {
      this.messages.push({
        index: this.messages.length,
        author: item.author,
        ...(item.name && item.author !== 'customer' ? { name: item.name } : {}),
        text: item.text,
        atMs,
        ...(step !== undefined ? { stepIndex: step } : {}),
      });
    }
    for (const wake of [...this.waiters]) wake();
  }

  async say(text: string, timeoutMs: number): Promise<void> {
    const input = this.locate(this.profile.input);
    await input.fill(text, { timeout: timeoutMs });
    this.replyFrom = this.sentFrom = this.messages.length;
    if (this.profile.send) await this.locate(this.profile.send).click({ timeout: timeoutMs });
    else await input.press('Enter', { timeout: timeoutMs });
    // Sent when the click lands (Playwright returns right after dispatching it), not when it began.
    this.sends.push({ atMs: this.sinceOpen(), ...(this.ctx.currentStep() !== undefined ? { stepIndex: this.ctx.currentStep() } : {}) });
  }

  /**
   * The journey found the answer it waited for. expectReply only looks after the last send, so the
   * first answer found since that send is its reply.
   */
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

  answered(message: ChatMessage): void {
    const last = this.sends.at(-1);
    if (last && last.answerIndex === undefined) last.answerIndex = message.index;
  }

  async close(timeoutMs: number): Promise<void> {
    if (this.profile.close) await this.locate(this.profile.close).click({ timeout: timeoutMs });
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

  finish(): Partial<RunRecord> {
    for (const wake of [...this.waiters]) wake();
    if (this.openedAt === undefined) return {};
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
    return { chat: log };
  }
}
