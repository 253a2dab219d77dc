// Acme's PDFs over real HTTP, as a customer gets them: an order placed through the real forms
// gives an invoice (a download), a return booked through the return form gives a label (shown
// inline), and the email's label link opens it in a fresh browser session. Each document knob
// (label-404, label-wrong-order, invoice-empty) changes exactly its document. The PDFs are read
// with unpdf, the same text extraction a journey uses.
import { expect, test } from '@playwright/test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { extractText, getDocumentProxy } from 'unpdf';
import { formatFriction, parseFriction, validKnobs } from '../../fixtures/acme/friction.ts';
import { startAcme, type Acme } from '../../fixtures/acme/server.ts';

/** A mail server that keeps what Acme sends, parsed. */
async function startSink(): Promise<{ host: string; port: number; mails: ParsedMail[]; close(): Promise<void> }> {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((m) => (mails.push(m), callback()), callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { host: '127.0.0.1', port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Acme with these knobs; with `mail`, sending its emails to a sink the test reads. */
async function withAcme(friction: string, run: (acme: Acme, mails: ParsedMail[]) => Promise<void>, opts: { mail?: boolean } = {}): Promise<void> {
  const sink = opts.mail ? await startSink() : undefined;
  const acme = await startAcme({ friction, ...(sink ? { smtp: { host: sink.host, port: sink.port } } : {}) });
  try {
    await run(acme, sink?.mails ?? []);
  } finally {
    await acme.close();
    await sink?.close();
  }
}

interface Answer {
  status: number;
  headers: Headers;
  body: Buffer;
  text: string;
}

/** One customer: a browser's cookie jar (Acme's session cookie), following no redirects. */
class Customer {
  private cookie = '';
  constructor(private acme: Acme) {}

  async get(path: string): Promise<Answer> {
    return this.send(path, { method: 'GET' });
  }

  async post(path: string, fields: Record<string, string>): Promise<Answer> {
    return this.send(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  }

  private async send(path: string, init: RequestInit): Promise<Answer> {
    const url = path.startsWith('http') ? path : `${this.acme.url}${path}`;
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(this.cookie ? { cookie: this.cookie } : {}) } });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0];
    const body = Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, body, text: body.toString('utf8') };
  }
}

const CUSTOMER = { name: 'Jo Tester', email: 'jo@example.com', address: '12 Elm Road', city: 'Shelbyville', postcode: '40123' };

/** Espresso machine, standard shipping, the test card: the order number, from the redirect. */
async function placeOrder(c: Customer): Promise<string> {
  expect((await c.post('/cart/add', { slug: 'espresso-machine', quantity: '1' })).status).toBe(303);
  const placed = await c.post('/checkout', { ...CUSTOMER, shipping: 'standard', card: '4242 4242 4242 4242' });
  expect(placed.status).toBe(303);
  const number = /^\/orders\/(A\d+)$/.exec(placed.headers.get('location') ?? '')?.[1];
  expect(number, `redirect to the order page, got ${placed.headers.get('location')}`).toBeTruthy();
  return number!;
}

/** The return form: the espresso machine, dropped off at a parcel shop. Returns the "Your return label" page. */
async function bookReturn(c: Customer, number: string): Promise<{ id: string; page: string }> {
  expect((await c.get(`/returns/${number}`)).status).toBe(200);
  const booked = await c.post(`/returns/${number}`, { item: 'Espresso Machine', reason: 'Changed my mind', method: 'dropoff' });
  expect(booked.status).toBe(303);
  const location = booked.headers.get('location') ?? '';
  const id = /^\/returns\/r\/(RMA-\d+)$/.exec(location)?.[1];
  expect(id, `redirect to the label page, got ${location}`).toBeTruthy();
  const page = await c.get(location);
  expect(page.status).toBe(200);
  expect(page.text).toContain('<h1>Your return label</h1>');
  return { id: id!, page: page.text };
}

/** The href of the link with this text on an HTML page. */
function linkTo(html: string, text: string): string | undefined {
  for (const m of html.matchAll(/<a\b[^>]*\bhref="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)) if (m[2].trim() === text) return m[1].replace(/&amp;/g, '&');
  return undefined;
}

/** A valid PDF: its header, its page count and its text (unpdf, as the tool reads it). */
/** A small, valid one-page PDF served as `disposition`, with a true length: its text. */
async function servedPdf(res: { status: number; headers: Headers; body: Buffer }, disposition: string): Promise<string> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  expect(res.headers.get('content-disposition')).toBe(disposition);
  expect(Number(res.headers.get('content-length'))).toBe(res.body.length);
  expect(res.body.length).toBeLessThan(4096);
  const { pages, text } = await readPdf(res.body);
  expect(pages).toBe(1);
  return text;
}

async function readPdf(body: Buffer): Promise<{ pages: number; text: string }> {
  expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const pdf = await getDocumentProxy(new Uint8Array(body), { verbosity: 0 });
  const { totalPages, text } = await extractText(pdf, { mergePages: true });
  return { pages: totalPages, text: text.replace(/\s+/g, ' ') };
}

/** The label link from the "Your return label for order …" email (waits for it: mail goes out in the background). */
async function labelLinkFromEmail(mails: ParsedMail[], number: string): Promise<string> {
  const subject = `Your return label for order ${number}`;
  await expect.poll(() => mails.some((m) => m.subject === subject), { timeout: 10_000 }).toBe(true);
  const mail = mails.find((m) => m.subject === subject)!;
  const href = linkTo(String(mail.html), 'Download your return label');
  expect(href, 'the email links the label').toBeTruthy();
  return href!;
}

test('the invoice: linked from the order page, a one-page PDF download naming the order and the total the page shows', async () => {
  await withAcme('', async (acme) => {
    const jo = new Customer(acme);
    const number = await placeOrder(jo);
    const page = await jo.get(`/orders/${number}`);
    expect(page.text).toContain('<h1>Thank you for your order</h1>');
    const href = linkTo(page.text, 'Download invoice (PDF)');
    expect(href).toBe(`/orders/${number}/invoice.pdf`);
    const total = /<th scope="row" colspan="2">Total<\/th><td>([^<]+)<\/td>/.exec(page.text)?.[1];
    expect(total).toBe('$253.95');

    const invoice = await jo.get(href!);
    const text = await servedPdf(invoice, `attachment; filename="invoice-${number}.pdf"`);
    expect(text).toContain(`Invoice for order ${number}`);
    expect(text).toContain('Bill to: Jo Tester, 12 Elm Road, 40123 Shelbyville');
    expect(text).toContain('1 x Espresso Machine: $249.00');
    expect(text).toContain('$4.95');
    expect(text).toContain(`Total: ${total}`);

    // Same rule as the order page: another customer gets the 404 page, not the PDF.
    const other = await new Customer(acme).get(href!);
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toContain('text/html');
  });
});

test('the return label: a one-page PDF shown inline, naming the return and the order; the email link opens it in a fresh session, nothing without the key', async () => {
  await withAcme('', async (acme, mails) => {
    const jo = new Customer(acme);
    const number = await placeOrder(jo);
    const { id, page } = await bookReturn(jo, number);
    const href = linkTo(page, 'Download the return label');
    expect(href).toBe(`/returns/r/${id}/label`);

    const label = await jo.get(href!);
    const text = await servedPdf(label, `inline; filename="return-label-${id}.pdf"`);
    expect(text).toContain('Return label');
    expect(text).toContain(`Return ${id} for order ${number}`);
    expect(text).toContain('From: Jo Tester, 12 Elm Road, 40123 Shelbyville');
    expect(text).toContain('To: Acme Returns, 1 Main Street, Springfield');
    expect(text).toContain('Espresso Machine');
    expect(text).toContain('Drop off at a parcel shop');
    expect(text).toContain('Attach this label to your parcel');

    // The email's link, opened in a browser that never saw Acme: the key opens the label.
    const link = await labelLinkFromEmail(mails, number);
    expect(link).toMatch(new RegExp(`/returns/r/${id}/label\\?key=[0-9a-f]+$`));
    const fresh = await new Customer(acme).get(link);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('content-type')).toBe('application/pdf');
    expect((await readPdf(fresh.body)).text).toContain(`Return ${id} for order ${number}`);
    // Without the key, or with a wrong one, a stranger gets Acme's 404 page.
    for (const url of [link.replace(/\?key=.*$/, ''), link.replace(/key=[0-9a-f]+/, 'key=0123456789abcdef01234567')]) {
      const stranger = await new Customer(acme).get(url);
      expect(stranger.status, url).toBe(404);
      expect(stranger.headers.get('content-type')).toContain('text/html');
    }
  }, { mail: true });
});

test('label-404: the label link answers the 404 page, and the email still links to it; the invoice is unchanged', async () => {
  await withAcme('label-404', async (acme, mails) => {
    const jo = new Customer(acme);
    const number = await placeOrder(jo);
    const { page } = await bookReturn(jo, number);
    for (const href of [linkTo(page, 'Download the return label')!, await labelLinkFromEmail(mails, number)]) {
      const label = await jo.get(href);
      expect(label.status, href).toBe(404);
      expect(label.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(label.text).toContain('<h1>Page not found</h1>');
      expect(label.text).toContain('We could not find that return label.');
    }
    const invoice = await jo.get(`/orders/${number}/invoice.pdf`);
    expect((await readPdf(invoice.body)).text).toContain(`Invoice for order ${number}`);
  }, { mail: true });
});

test('label-wrong-order: the label names another order, and never this one', async () => {
  await withAcme('label-wrong-order', async (acme) => {
    const jo = new Customer(acme);
    const number = await placeOrder(jo);
    const { id, page } = await bookReturn(jo, number);
    const label = await jo.get(linkTo(page, 'Download the return label')!);
    expect(label.status).toBe(200);
    expect(label.headers.get('content-type')).toBe('application/pdf');
    const { text } = await readPdf(label.body);
    const named = [...text.matchAll(/\bA\d{4}\b/g)].map((m) => m[0]);
    expect(named.length).toBeGreaterThan(0);
    expect(named).not.toContain(number);
    expect(text).toContain(`Return ${id} for order A1000`);
    // The page around it still tells the truth: only the PDF is wrong.
    expect(page).toContain(`Return ${id} for order ${number} is booked.`);
  });
});

test('invoice-empty: the invoice answers 200 with its headers and no bytes; the label is unchanged', async () => {
  await withAcme('invoice-empty', async (acme) => {
    const jo = new Customer(acme);
    const number = await placeOrder(jo);
    const invoice = await jo.get(`/orders/${number}/invoice.pdf`);
    expect(invoice.status).toBe(200);
    expect(invoice.headers.get('content-type')).toBe('application/pdf');
    expect(invoice.headers.get('content-disposition')).toBe(`attachment; filename="invoice-${number}.pdf"`);
    expect(invoice.headers.get('content-length')).toBe('0');
    expect(invoice.body.length).toBe(0);
    const { page } = await bookReturn(jo, number);
    const label = await jo.get(linkTo(page, 'Download the return label')!);
    expect((await readPdf(label.body)).text).toContain(`for order ${number}`);
  });
});

test('the document knobs parse, print back, take no value and are listed', () => {
  const f = parseFriction('label-404,label-wrong-order,invoice-empty');
  expect(f).toEqual({ ...parseFriction('none'), label404: true, labelWrongOrder: true, invoiceEmpty: true });
  expect(formatFriction(f)).toBe('label-404,label-wrong-order,invoice-empty');
  expect(parseFriction(formatFriction(f))).toEqual(f);
  expect(parseFriction('none')).toMatchObject({ label404: false, labelWrongOrder: false, invoiceEmpty: false });
  expect(() => parseFriction('invoice-empty:yes')).toThrow(/takes no value/);
  expect(validKnobs()).toMatch(/label-404, label-wrong-order, invoice-empty/);
});
