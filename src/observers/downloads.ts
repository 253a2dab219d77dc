/**
 * Documents the customer receives (a returns label, an invoice): a download the browser saves,
 * or a file it shows in its own viewer instead of a page. The headless shell saves a PDF that
 * full Chromium shows in its viewer; both are the same outcome for the customer, so both become
 * one `DownloadRecord` on the step that brought them, with a copy in the report folder.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Download, Page, Response } from 'playwright';
import type { DownloadRecord } from '../model/run-record.ts';
import { formatMs } from '../model/duration.ts';
import { documentText, documentType } from './document-text.ts';

export interface DownloadSettings {
  /** The report folder: copies go to downloads/ inside it. */
  outDir: string;
  runId: string;
  /** Documents larger than this are recorded but not copied (config `downloads.maxBytes`). */
  maxBytes: number;
  /** A document holding one of these is recorded but never copied. */
  secrets: readonly string[];
  /** The customer's clock, ms. */
  now(): number;
  /** False while nothing is the customer's (cleanup). */
  recording(): boolean;
}

/** A document as a check reads it: its record, its bytes, and its text (PDF text extracted once). */
export interface ReceivedDocument {
  record: Omit<DownloadRecord, 'ms'>;
  bytes(): Buffer | undefined;
  text(): Promise<string | undefined>;
}

export interface DownloadWatch {
  /** Where the next document will be numbered from: documents after a mark are that step's. */
  mark(): number;
  /**
   * Waits (up to `ms`) for the documents started since `mark` to arrive or fail, and returns
   * them with the customer time from `stepStartMs` until each had arrived.
   */
  settle(mark: number, ms: number, stepStartMs: number): Promise<DownloadRecord[]>;
  /**
   * The run's latest document, once settled: waits up to `ms` for one in flight, a moment for one
   * the step since `since` (a mark) may still bring, and, with none at all yet, up to `ms` for one to start.
   */
  latest(ms: number, since?: number): Promise<ReceivedDocument | undefined>;
}

/** A navigation response the browser treats as a document rather than a page. */
const PAGE_TYPES = /^(text\/html|application\/xhtml\+xml|text\/plain|image\/|application\/json|text\/xml|application\/xml|text\/css|text\/javascript|application\/javascript)/i;
const isDocument = (r: Response): boolean => {
  const headers = r.headers();
  if (/^\s*attachment/i.test(headers['content-disposition'] ?? '')) return true;
  const type = headers['content-type'];
  return type !== undefined && !PAGE_TYPES.test(type);
};

/** The file name a Content-Disposition header suggests, else the address's last part. */
function suggestedName(r: Response): string {
  const disposition = r.headers()['content-disposition'] ?? '';
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)?''([^;]+)/.exec(disposition)?.[1];
  if (star) {
    try {
      return decodeURIComponent(star.trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition)?.[1];
  return plain?.trim() || decodeURIComponent(new URL(r.url()).pathname.split('/').pop() || 'download');
}

interface Entry {
  seq: number;
  record: Omit<DownloadRecord, 'ms'>;
  arrivedAt?: number;
  settled: Promise<void>;
  done: boolean;
  bytes?: Buffer;
  text?: Promise<string | undefined>;
}

/** How long a check gives a document the step asked for to start coming before it reads an earlier one, ms. */
const STEP_DOCUMENT_WAIT_MS = 2_000;
/** How long a new tab may take to answer before the step goes on without it, ms. */
const NEW_TAB_WAIT_MS = 5_000;
/** How often a wait looks again, ms: a document's events come from several places (a tab, a response, a download). */
const POLL_MS = 50;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

const slug = (s: string) => s.replace(/[^a-zA-Z0-9._-]+/g, '_').slice(0, 80);

export function watchDownloads(context: BrowserContext, settings: DownloadSettings): DownloadWatch {
  const entries: Entry[] = [];
  // Document responses not yet matched by a download, by URL (a viewer shows them instead).
  const documents = new Map<string, { response: Response; seq: number }>();
  let seq = 0;
  /** True once a document (or a response that will become one) started after `since`. */
  const broughtSince = (since: number) => entries.some((e) => e.seq > since) || [...documents.values()].some((d) => d.seq > since);

  /** Takes what arrived: its size and type, and its bytes unless it is too large to keep (then it is known by its size). */
  const keep = (entry: Entry, size: number, read: () => Buffer | Promise<Buffer>): Promise<void> | void => {
    entry.record.bytes = size;
    if (size === 0) {
      entry.record.failure ??= 'The file is empty (0 bytes).';
      entry.record.type ??= documentType(undefined, entry.record.name);
      return;
    }
    if (size > settings.maxBytes) {
      entry.record.notKept = `larger than downloads.maxBytes (${settings.maxBytes} bytes)`;
      entry.record.type ??= documentType(undefined, entry.record.name);
      return;
    }
    return (async () => {
      entry.bytes = await read();
      entry.record.type ??= documentType(entry.bytes, entry.record.name);
      // A file name holding a secret would carry it onto the disk: such a copy is just "document".
      const name = settings.secrets.some((s) => s && entry.record.name.includes(s)) ? 'document' : entry.record.name;
      entry.record.file = join('downloads', `${slug(settings.runId)}-${createHash('sha256').update(settings.runId).digest('hex').slice(0, 8)}-${entry.seq}-${slug(name)}`);
    })();
  };

  /** Copies a kept document into the report folder, unless it holds a secret (its text is read for that). */
  const copy = async (entry: Entry) => {
    if (!entry.record.file || !entry.bytes) return;
    const raw = entry.bytes.toString('latin1');
    const text = (await textOf(entry)) ?? '';
    if (settings.secrets.some((s) => s && (raw.includes(s) || entry.bytes!.toString('utf8').includes(s) || text.includes(s)))) {
      entry.record.notKept = 'it holds a secret';
      delete entry.record.file;
      return;
    }
    mkdirSync(join(settings.outDir, 'downloads'), { recursive: true });
    writeFileSync(join(settings.outDir, entry.record.file), entry.bytes);
  };

  const textOf = (entry: Entry): Promise<string | undefined> => {
    entry.text ??= entry.bytes && entry.bytes.length ? documentText(entry.bytes, entry.record.type) : Promise.resolve(undefined);
    return entry.text;
  };

  const add = (record: Omit<DownloadRecord, 'ms'>, arrive: (entry: Entry) => Promise<void>, at: number = ++seq): void => {
    const entry: Entry = { seq: at, record, done: false, settled: Promise.resolve() };
    entries.push(entry);
    entry.settled = arrive(entry)
      .catch((err: unknown) => {
        entry.record.failure ??= err instanceof Error ? err.message.split('\n')[0] : String(err);
      })
      .then(() => copy(entry))
      .catch(() => undefined)
      .finally(() => {
        entry.arrivedAt = settings.now();
        entry.done = true;
      });
  };

  const onDownload = (download: Download) => {
    if (!settings.recording()) return;
    const seen = documents.get(download.url());
    documents.delete(download.url());
    const headers = seen?.response.headers();
    add(
      {
        url: download.url(),
        name: download.suggestedFilename(),
        shown: 'download',
        ...(headers?.['content-type'] ? { type: headers['content-type'].split(';')[0].trim() } : {}),
        ...(seen ? { status: seen.response.status() } : {}),
      },
      async (entry) => {
        const failure = await download.failure();
        if (failure) {
          // Chromium cancels a download whose address answers an error, without saying which.
          entry.record.failure = `The download did not complete (the browser says: ${failure}).`;
          return;
        }
        const path = await download.path();
        await keep(entry, statSync(path).size, () => readFileSync(path));
      },
      seen?.seq,
    );
  };

  // Watched on the context: a new tab's first answer comes before the tab is there to watch.
  context.on('response', (response: Response) => {
    if (!settings.recording()) return;
    if (!response.request().isNavigationRequest() || !isDocument(response)) return;
    try {
      if (response.frame().parentFrame()) return; // a frame inside a page, not what the customer opened
    } catch {
      // A new tab's first page: its frame does not exist yet, and it is a tab's main frame.
    }
    documents.set(response.url(), { response, seq: ++seq });
  });

  // Tabs the run opened: a link opening a new tab is followed there.
  const tabs: { page: Page; seq: number }[] = [];
  const watchPage = (page: Page) => {
    page.on('download', onDownload);
    if (settings.recording()) tabs.push({ page, seq: ++seq });
  };
  for (const page of context.pages()) watchPage(page);
  context.on('page', watchPage);
  const shown = (url: string) => context.pages().some((p) => p.url() === url);

  /**
   * A document response no download took: shown in the browser's viewer (the page is at its
   * address), else failed (an error status, or the browser neither saved nor showed it).
   * Given a moment first: the download event follows its response.
   */
  const resolveDocuments = async (since: number, ms: number) => {
    const deadline = Date.now() + Math.min(ms, 1_000);
    while ([...documents.values()].some((d) => d.seq > since) && Date.now() < deadline) {
      const pendingViewer = [...documents.values()].some((d) => d.seq > since && shown(d.response.url()) && d.response.status() < 400);
      if (pendingViewer) break;
      await sleep(POLL_MS);
    }
    for (const [url, d] of [...documents]) {
      if (d.seq <= since) continue;
      documents.delete(url);
      const status = d.response.status();
      const type = d.response.headers()['content-type']?.split(';')[0].trim();
      const shownInViewer = status < 400 && shown(url);
      add(
        { url, name: suggestedName(d.response), shown: shownInViewer ? 'viewer' : 'download', status, ...(type ? { type } : {}) },
        async (entry) => {
          if (status >= 400) {
            entry.record.failure = `The address answered HTTP ${status}.`;
            return;
          }
          if (!shownInViewer) {
            entry.record.failure = 'The browser neither saved it nor showed it.';
            return;
          }
          // The viewer's response body is the viewer's own page: the document is fetched again, with the customer's cookies.
          const again = await context.request.get(url, { timeout: Math.max(ms, 1_000), failOnStatusCode: false });
          try {
            const body = await again.body();
            await keep(entry, body.length, () => body);
          } finally {
            await again.dispose();
          }
        },
        d.seq,
      );
    }
  };

  const settledSince = async (since: number, ms: number) => {
    const t0 = Date.now();
    // A tab opened since: the customer waits for it to show a page, or to bring a document.
    const opened = tabs.filter((t) => t.seq > since);
    const blank = (p: Page) => !p.isClosed() && (p.url() === '' || p.url() === 'about:blank');
    while (opened.some((t) => blank(t.page)) && !broughtSince(since) && Date.now() - t0 < Math.min(ms, NEW_TAB_WAIT_MS)) await sleep(POLL_MS);
    await resolveDocuments(since, Math.max(0, ms - (Date.now() - t0)));
    const inFlight = entries.filter((e) => e.seq > since && !e.done);
    const left = ms - (Date.now() - t0);
    if (inFlight.length) {
      await Promise.race([Promise.all(inFlight.map((e) => e.settled)), sleep(left)]);
      for (const e of inFlight) if (!e.done) e.record.failure ??= `It had not arrived after ${formatMs(ms)}.`;
    }
  };

  return {
    mark: () => seq,
    async settle(mark, ms, stepStartMs) {
      await settledSince(mark, ms);
      return entries
        .filter((e) => e.seq > mark)
        .sort((a, b) => a.seq - b.seq)
        .map((e) => ({ ...e.record, ms: Math.max(0, (e.arrivedAt ?? settings.now()) - stepStartMs) }));
    },
    async latest(ms, since = 0) {
      const t0 = Date.now();
      // What the step just asked for may still be on its way (a new tab opening): it comes before an
      // earlier step's document. With none at all yet, the customer waits their patience for one.
      const wait = entries.length || documents.size ? Math.min(ms, STEP_DOCUMENT_WAIT_MS) : ms;
      while (!broughtSince(since) && Date.now() - t0 < wait) await sleep(POLL_MS);
      await settledSince(0, Math.max(0, ms - (Date.now() - t0)));
      const last = [...entries].sort((a, b) => b.seq - a.seq).find((e) => e.done);
      if (!last) return undefined;
      return { record: last.record, bytes: () => last.bytes, text: () => textOf(last) };
    },
  };
}
