import type { RunChannelContext } from '../channel.ts';
import { PhoneCall, type CallAnswer } from './call.ts';
import type { PhoneLog } from './record.ts';
import type { PhoneSettings } from './settings.ts';

/** What `phone.call` may set for one call; the rest comes from the config's `phone` section. */
export interface PlaceCall {
  url?: string;
  from?: string;
  to?: string;
  answers?: CallAnswer[];
}

/** One run's calls: the caller places them one at a time, and the latest is the one the actions act on. */
export class PhoneSession {
  readonly calls: PhoneCall[] = [];

  constructor(
    private readonly ctx: RunChannelContext,
    readonly settings: PhoneSettings,
    private readonly baseURL: string | undefined,
    private readonly authToken: string | undefined,
  ) {}

  /** The call the journey is on (the last placed), if any. */
  get current(): PhoneCall | undefined {
    return this.calls.at(-1);
  }

  /** The webhook a call goes to: the given URL or the config's voiceUrl, made absolute against baseURL; undefined when there is none. */
  webhookUrl(url?: string): string | undefined {
    const u = url ?? this.settings.voiceUrl;
    if (!u) return undefined;
    try {
      return new URL(u, this.baseURL).href;
    } catch {
      return undefined;
    }
  }

  /**
   * Places a call (hanging up the one still going: a caller has one line) and plays it to its
   * first stopping point, within the caller's patience (ms on the call's clock).
   */
  async place(opts: PlaceCall & { url: string }, patienceMs = Infinity): Promise<PhoneCall> {
    this.current?.hangup();
    const call = new PhoneCall({
      url: opts.url,
      from: opts.from ?? this.settings.from,
      to: opts.to ?? this.settings.to,
      accountSid: this.settings.accountSid,
      ...(this.authToken ? { authToken: this.authToken } : {}),
      wordsPerMinute: this.settings.wordsPerMinute,
      requestTimeoutMs: this.settings.requestTimeoutMs,
      maxRequests: this.settings.maxRequests,
      ...(opts.answers?.length ? { answers: opts.answers } : {}),
      now: () => this.ctx.now(),
      currentStep: () => this.ctx.currentStep(),
      customerTime: (ms) => this.ctx.customerTime(ms),
      signal: this.ctx.signal,
    });
    this.calls.push(call);
    await call.place(patienceMs);
    return call;
  }

  /** Every call placed in the run; nothing when none was. */
  finish(): PhoneLog | undefined {
    return this.calls.length ? { calls: this.calls.map((c) => c.record()) } : undefined;
  }
}
