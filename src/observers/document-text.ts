/**
 * The text of a document the customer received, as a check reads it: a PDF's text (with unpdf,
 * PDF.js packaged for Node without native parts), a text file as it is; other types have none.
 */
import type { getDocumentProxy as GetDocumentProxy } from 'unpdf';

type Unpdf = { getDocumentProxy: typeof GetDocumentProxy; extractText: typeof import('unpdf').extractText };
let unpdf: Promise<Unpdf> | undefined;

/** Loaded on the first PDF: an audit without documents never pays for PDF.js. */
const loadUnpdf = (): Promise<Unpdf> => (unpdf ??= import('unpdf'));

/** The MIME type of a file kind, as journeys name them (`type: pdf`) and as file names end. */
export const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  csv: 'text/csv',
  zip: 'application/zip',
  txt: 'text/plain',
  ics: 'text/calendar',
  json: 'application/json',
  html: 'text/html',
};

/** A type from the first bytes, else from the name, when no response said (a download's headers are not always seen). */
export function documentType(bytes: Buffer | undefined, name: string): string | undefined {
  if (bytes?.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes?.subarray(0, 4).toString('latin1') === 'PK\x03\x04') return 'application/zip';
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return ext ? MIME_BY_EXTENSION[ext] : undefined;
}

const isPdf = (bytes: Buffer, type: string | undefined): boolean => type === 'application/pdf' || documentType(bytes, '') === 'application/pdf';

/** The document's text with white space folded, or undefined when it has none the tool can read (or is not a valid PDF). */
export async function documentText(bytes: Buffer, type: string | undefined): Promise<string | undefined> {
  if (bytes.length === 0) return undefined;
  if (isPdf(bytes, type)) {
    try {
      const { getDocumentProxy, extractText } = await loadUnpdf();
      // A copy: PDF.js takes the buffer over.
      const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
      const { text } = await extractText(pdf, { mergePages: true });
      return text.replace(/\s+/g, ' ').trim();
    } catch {
      return undefined;
    }
  }
  if (type === undefined || /^text\/|\/(json|xml|csv)/.test(type)) return bytes.toString('utf8').replace(/\s+/g, ' ').trim();
  return undefined;
}
