/**
 * What `expect` and `check` ask of a document the customer received (`download: { name, type,
 * text }`): the run's latest one, whether the browser saved it or showed it in its viewer.
 */
import { z } from 'zod';
import type { ActionContext } from '../action.ts';
import { formatMs } from '../../model/duration.ts';
import { describeDownload } from '../../model/run-record.ts';
import { matchText } from '../text.ts';
import { MIME_BY_EXTENSION } from '../../observers/document-text.ts';

export const DocumentMatch = z
  .object({
    name: z.string().min(1).optional().describe('Its file name contains this (or matches /regex/)'),
    type: z
      .string()
      .min(1)
      .optional()
      .describe('Its type: a file kind such as pdf, csv, zip, or a MIME type such as application/pdf'),
    text: z
      .string()
      .min(1)
      .optional()
      .describe("Its text contains this (or matches /regex/): a PDF's text, a text file's content; e.g. \"{{order.number}}\" (see `remember`)"),
    minBytes: z.number().int().nonnegative().optional().describe('It holds at least this many bytes'),
  })
  .strict();
export type DocumentMatch = z.infer<typeof DocumentMatch>;

/** The schema field `expect` and `check` share. */
export const DocumentTargetField = {
  download: DocumentMatch.optional().describe(
    'The latest document the journey received (a download, or a file the browser showed in its viewer): its name, type, text or size. Waits up to the patience for one in flight',
  ),
};

/** `download name "/label/" type pdf text "{{order.number}}"` (written from the un-templated args). */
export function describeDocument(d: DocumentMatch): string {
  const parts = [
    d.name !== undefined ? `name "${d.name}"` : '',
    d.type !== undefined ? `type ${d.type}` : '',
    d.text !== undefined ? `text "${d.text}"` : '',
    d.minBytes !== undefined ? `≥ ${d.minBytes} bytes` : '',
  ].filter(Boolean);
  return `download${parts.length ? ` ${parts.join(' ')}` : ''}`;
}

/** `pdf` or `application/pdf` against the document's MIME type (or, without one, its name). */
function typeFits(want: string, type: string | undefined, name: string): boolean {
  const mime = (MIME_BY_EXTENSION[want.toLowerCase()] ?? want).toLowerCase();
  if (type) return type.toLowerCase() === mime || type.toLowerCase().endsWith(`/${want.toLowerCase()}`);
  return name.toLowerCase().endsWith(`.${want.toLowerCase()}`);
}

export interface DocumentVerdict {
  passed: boolean;
  /** In the customer's words. */
  failure?: string;
  /** What the document was instead: its name, type and size, and the start of its text. */
  instead?: string[];
  /** Set when the document never arrived: broken-download reports it, not the check. */
  reportedBy?: string;
  /** The document judged: its name and its copy in the report folder. */
  document?: { name: string; file?: string };
}

const TEXT_SHOWN = 300;

export async function judgeDocument(ctx: Pick<ActionContext, 'latestDocument'>, want: DocumentMatch, ms: number): Promise<DocumentVerdict> {
  const doc = await ctx.latestDocument(ms);
  if (!doc) return { passed: false, failure: `Expected a document (${describeDocument(want)}); none arrived within ${formatMs(ms)}.`, instead: ['No document: the journey has not received one.'] };
  const r = doc.record;
  const document = { name: r.name, ...(r.file ? { file: r.file } : {}) };
  const what = describeDownload(r);
  if (r.failure !== undefined) {
    return { passed: false, failure: `The document ${r.name} did not arrive: ${r.failure}`, instead: [what, r.failure], reportedBy: 'broken-download', document };
  }
  const problems: string[] = [];
  if (want.name !== undefined && !matchText(r.name, want.name)) problems.push(`its name is not "${want.name}"`);
  if (want.type !== undefined && !typeFits(want.type, r.type, r.name)) problems.push(`it is not ${want.type}`);
  if (want.minBytes !== undefined && (r.bytes ?? 0) < want.minBytes) problems.push(`it holds fewer than ${want.minBytes} bytes`);
  let text: string | undefined;
  if (want.text !== undefined) {
    text = await doc.text();
    if (text === undefined) problems.push(r.notKept ? `its text could not be read (${r.notKept})` : 'its text could not be read');
    else if (!matchText(text, want.text)) problems.push(`it does not say "${want.text}"`);
  }
  if (!problems.length) return { passed: true, document };
  const excerpt = text === undefined ? [] : [`Text: ${text.length > TEXT_SHOWN ? `${text.slice(0, TEXT_SHOWN - 1)}…` : text}`];
  return { passed: false, failure: `The document ${r.name} is not what the customer needed: ${problems.join('; ')}.`, instead: [`${what}: ${problems.join('; ')}`, ...excerpt], document };
}

/** `absent` turns round what is on the page; a document either came or did not. */
export function notWithDocument(v: { download?: unknown; absent?: unknown }, ctx: z.RefinementCtx): void {
  if (v.download !== undefined && v.absent !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['absent'], message: '`absent` does not go with `download`: a check that no document came is not supported' });
  }
}
