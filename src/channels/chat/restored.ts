import type { SeenMessage } from './recorder.ts';

/** A message as a recorder reported it, with when it arrived (kept until it is recorded). */
export interface Arrival<At> {
  item: SeenMessage;
  at: At;
}

interface Check<At> {
  /** The transcript when the document first reported. */
  before: SeenMessage[];
  /** Where in `before` the document's messages may have started repeating it. */
  candidates: number[];
  held: Arrival<At>[];
  /** How many held messages already repeat the end of `before`: a restore, whatever follows. */
  restored: number;
}

const same = (a: SeenMessage, b: SeenMessage) => a.author === b.author && a.text === b.text && a.name === b.name;

/**
 * A widget that keeps its conversation across page loads (in sessionStorage, say) shows it again
 * in each new document, and those messages are in the transcript already. A new document's first
 * messages are held while they repeat the transcript in order; once they reach its end they were
 * restored, and are dropped. The first message that does not fit, the customer writing, a quiet
 * moment or the end of the run ends the check: what was held and is no restore is recorded, with
 * the time it arrived. The first document of a chat has nothing to repeat and is never held.
 */
export class RestoredMessages<At> {
  /** Per recorder: its check, or null once checked (or when there was nothing to check). */
  private docs = new Map<string, Check<At> | null>();

  constructor(private transcript: () => SeenMessage[]) {}

  /** Whether some document's first messages are held. */
  get checking(): boolean {
    return [...this.docs.values()].some((c) => c !== null);
  }

  /** The messages of a report that are new, in order (perhaps with ones held before). */
  take(doc: string, arrivals: Arrival<At>[]): Arrival<At>[] {
    return arrivals.flatMap((a) => this.one(doc, a));
  }

  private one(doc: string, a: Arrival<At>): Arrival<At>[] {
    let check = this.docs.get(doc);
    if (check === undefined) {
      const before = this.transcript().map(({ author, text, name }) => ({ author, text, ...(name !== undefined ? { name } : {}) }));
      check = before.length ? { before, candidates: before.map((_, i) => i), held: [], restored: 0 } : null;
      this.docs.set(doc, check);
    }
    if (check === null) return [a];
    const c = check;
    const i = c.held.length;
    const live = c.candidates.filter((p) => p + i < c.before.length && same(c.before[p + i], a.item));
    if (!live.length) return [...this.end(doc), a];
    c.candidates = live;
    c.held.push(a);
    const n = c.held.length;
    if (live.some((p) => p + n === c.before.length)) c.restored = n;
    // Every way of reading it has reached the end of the transcript: all of it was restored.
    return live.every((p) => p + n === c.before.length) ? this.end(doc) : [];
  }

  /** Ends a document's check; returns the held messages that are no restore. */
  private end(doc: string): Arrival<At>[] {
    const check = this.docs.get(doc);
    this.docs.set(doc, null);
    return check ? check.held.slice(check.restored) : [];
  }

  /** Ends every check (the customer writes, it went quiet, the run ends): the held messages that are new. */
  endAll(): Arrival<At>[] {
    return [...this.docs.keys()].flatMap((doc) => this.end(doc));
  }
}
