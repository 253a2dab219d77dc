import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page, type Response } from '@playwright/test';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import {
  DEFAULT_LATE_CONFIRMATION_MS,
  DEFAULT_SLOW_CHECKOUT_MS,
  formatFriction,
  FrictionError,
  parseFriction,
  PERSONA_SLOW_MS,
  toFriction,
} from '../../fixtures/acme/friction.ts';
import { startAcme, type Acme } from '../../fixtures/acme/server.ts';
import { useAcme } from './helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHIPPING = ['Standard shipping', 'Express shipping', 'Store pickup'] as const;
type ShippingLabel = (typeof SHIPPING)[number];


const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

const isPost = (path: string) => (r: Response) => r.request().method() === 'POST' && new URL(r.url()).pathname === path;

async function addToCart(page: Page, base: string, product = 'Espresso Machine'): Promise<void> {
  await page.goto(`${base}/`);
  await nav(page).getByRole('link', { name: 'Shop', exact: true }).click();
  await page.getByRole('link', { name: product }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(product);
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByRole('cell', { name: product, exact: true })).toBeVisible();
}

async function fillCheckout(page: Page, shipping: ShippingLabel, card = '4242 4242 4242 4242'): Promise<void> {
  await page.getByRole('link', { name: 'Checkout' }).click();
  await page.getByLabel('Full name').fill('Ada Lovelace');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Address').fill('12 Analytical Street');
  await page.getByLabel('City').fill('London');
  await page.getByLabel('Postcode').fill('N1 9GU');
  await page.getByRole('group', { name: 'Shipping method' }).getByLabel(shipping).check();
  await page.getByLabel('Card number').fill(card);
}

/** Click "Place order" and return the POST /checkout response. */
async function placeOrder(page: Page): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse(isPost('/checkout')),
    page.getByRole('button', { name: 'Place order' }).click(),
  ]);
  return response;
}

/** Order from the home page to the confirmation; returns the order number. */
async function orderOnce(page: Page, base: string, shipping: ShippingLabel = 'Standard shipping'): Promise<string> {
  await addToCart(page, base);
  await fillCheckout(page, shipping);
  expect((await placeOrder(page)).status()).toBe(303);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your order');
  const text = await page.getByText(/^Order number A\d+$/).textContent();
  return text!.replace('Order number ', '');
}

test.describe('Acme without friction', () => {
  const acme = useAcme();

  for (const shipping of SHIPPING) {
    test(`orders the espresso machine with ${shipping}`, async ({ page }) => {
      const number = await orderOnce(page, acme().url, shipping);
      expect(number).toMatch(/^A1\d{3}$/);
      await expect(page).toHaveURL(new RegExp(`/orders/${number}$`));
      await expect(page.getByText(shipping)).toBeVisible();
      await expect(page.getByRole('button', { name: 'Cancel order' })).toBeVisible();
      await nav(page).getByRole('link', { name: 'Cart', exact: true }).click();
      await expect(page.getByText('Your cart is empty.')).toBeVisible();
      await nav(page).getByRole('link', { name: 'My orders' }).click();
      await expect(page.getByRole('row', { name: new RegExp(`${number}.*Placed`) })).toBeVisible();
    });
  }

  test('order numbers count up from A1001 on a fresh server', async ({ browser }) => {
    const fresh = await startAcme();
    const page = await browser.newPage();
    try {
      expect(await orderOnce(page, fresh.url)).toBe('A1001');
      expect(await orderOnce(page, fresh.url, 'Store pickup')).toBe('A1002');
    } finally {
      await page.close();
      await fresh.close();
    }
  });

  test('cancels the order right after submitting it', async ({ page }) => {
    const number = await orderOnce(page, acme().url);
    const [cancel] = await Promise.all([
      page.waitForResponse(isPost(`/orders/${number}/cancel`)),
      page.getByRole('button', { name: 'Cancel order' }).click(),
    ]);
    expect(cancel.status()).toBe(303);
    await expect(page.getByRole('status')).toHaveText(`Order ${number} has been cancelled.`);
    await expect(page.getByRole('button', { name: 'Cancel order' })).toHaveCount(0);
    await nav(page).getByRole('link', { name: 'My orders' }).click();
    await expect(page.getByRole('row', { name: new RegExp(`${number}.*Cancelled`) })).toBeVisible();
  });

  test('checkout validation re-renders the form with messages and keeps values', async ({ page }) => {
    await addToCart(page, acme().url);
    await fillCheckout(page, 'Express shipping', '4000 0000 0000 0002');
    await page.getByLabel('City').fill('');
    const response = await placeOrder(page);
    expect(response.status()).toBe(422);
    await expect(page.getByRole('alert')).toContainText('Enter your city.');
    await expect(page.getByRole('alert')).toContainText('Your card was declined');
    await expect(page.getByLabel('Full name')).toHaveValue('Ada Lovelace');
    await expect(page.getByLabel('Express shipping')).toBeChecked();
    await expect(page.getByLabel('Card number')).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabel('City').fill('London');
    await page.getByLabel('Card number').fill('4242424242424242');
    expect((await placeOrder(page)).status()).toBe(303);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your order');
  });

  test('another customer finds an order only with its number and email', async ({ page, browser }) => {
    const number = await orderOnce(page, acme().url);
    const other = await browser.newPage();
    try {
      const direct = await other.goto(`${acme().url}/orders/${number}`);
      expect(direct?.status()).toBe(404);
      await nav(other).getByRole('link', { name: 'My orders' }).click();
      await expect(other.getByText('You have no orders yet.')).toBeVisible();
      await other.getByLabel('Order number').fill(number);
      await other.getByLabel('Email').fill('nobody@example.com');
      await other.getByRole('button', { name: 'Find order' }).click();
      await expect(other.getByRole('alert')).toContainText('could not find an order');
      await other.getByLabel('Email').fill('ADA@example.com');
      await other.getByRole('button', { name: 'Find order' }).click();
      await expect(other.getByText(`Order number ${number}`)).toBeVisible();
    } finally {
      await other.close();
    }
  });

  test('contact page shows the email address and the promised response time', async ({ page }) => {
    await page.goto(acme().url);
    await nav(page).getByRole('link', { name: 'Contact' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contact us');
    await expect(page.getByRole('link', { name: 'support@acme.example' })).toHaveAttribute(
      'href',
      'mailto:support@acme.example',
    );
    await expect(page.getByText('We answer every email within 24 hours.')).toBeVisible();
    await expect(page.getByText('+1 555 0100')).toBeVisible();
    await expect(page.getByText('Mon–Fri 9:00–17:00')).toBeVisible();
    await page.getByLabel('Name').fill('Ada');
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Message').fill('Where is my order?');
    await page.getByRole('button', { name: 'Send message' }).click();
    await expect(page.getByText('Thanks, we received your message')).toBeVisible();
  });

  test('FAQ search finds "return" and escapes a script in the query', async ({ page }) => {
    await page.goto(acme().url);
    await nav(page).getByRole('link', { name: 'Help' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Help centre');
    await expect(page.getByRole('article')).toHaveCount(5);
    await page.getByLabel('Search the FAQ').fill('Return');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByRole('heading', { name: 'How do I return an item?' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'What warranty do you give?' })).toHaveCount(0);

    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const evil = '<script>alert(1)</script><b>bold</b>';
    await page.getByLabel('Search the FAQ').fill(evil);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByText(`No answers found for “${evil}”`)).toBeVisible();
    await expect(page.locator('main script, main b')).toHaveCount(0);
    await expect(page.getByLabel('Search the FAQ')).toHaveValue(evil);
    expect(dialogs).toBe(0);
  });

  test('unknown pages answer 404 with a link home; the favicon never 404s', async ({ page }) => {
    const response = await page.goto(`${acme().url}/no/such/page`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await page.getByRole('link', { name: 'Go to the home page' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Acme');
    expect((await page.request.get(`${acme().url}/favicon.ico`)).status()).toBeLessThan(400);
    expect((await page.request.get(`${acme().url}/favicon.svg`)).status()).toBe(200);
  });

  test('a full order flow has no console error, page error or HTTP error', async ({ page }) => {
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
    });
    page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));

    await page.goto(acme().url);
    await nav(page).getByRole('link', { name: 'Help' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Help centre');
    await nav(page).getByRole('link', { name: 'Contact' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contact us');
    await addToCart(page, acme().url, 'Coffee Grinder');
    await fillCheckout(page, 'Express shipping');
    const response = await placeOrder(page);
    expect(response.status()).toBe(303);
    const timing = response.request().timing();
    expect(timing.responseStart - timing.requestStart).toBeLessThan(500); // no knob, no wait
    await page.getByRole('button', { name: 'Cancel order' }).click();
    await expect(page.getByRole('status')).toContainText('has been cancelled');
    await nav(page).getByRole('link', { name: 'My orders' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('My orders');
    await page.waitForLoadState('load');
    expect(problems).toEqual([]);
  });
});

test.describe('knob slow-faq-search:600', () => {
  const acme = useAcme('slow-faq-search:600');

  test('a FAQ search answers at least 600 ms late; the help centre itself and other customers do not wait', async () => {
    const base = acme().url;
    const t0 = performance.now();
    expect((await fetch(`${base}/help`)).status).toBe(200);
    const browse = performance.now() - t0;
    const t1 = performance.now();
    const search = fetch(`${base}/help?q=return`);
    const other = await fetch(`${base}/`);
    const otherAt = performance.now() - t1;
    const res = await search;
    const searched = performance.now() - t1;
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/answers? for “return”/);
    expect(searched).toBeGreaterThanOrEqual(600);
    expect(browse).toBeLessThan(600);
    expect(other.status).toBe(200);
    expect(otherAt).toBeLessThan(searched);
  });
});

test.describe('knob slow-checkout:600', () => {
  const acme = useAcme('slow-checkout:600');

  test('placing the order takes at least 600 ms without blocking other customers', async ({ page }) => {
    await addToCart(page, acme().url);
    await fillCheckout(page, 'Standard shipping');
    expect((await fetch(`${acme().url}/help`)).status).toBe(200); // warm up Node's fetch
    const started = performance.now();
    const posted = page.waitForResponse(isPost('/checkout')).then((r) => ({ r, at: performance.now() }));
    const sent = page.waitForRequest((r) => r.method() === 'POST');
    // Not awaited yet: a click that submits a form waits until the next page starts loading.
    const clicked = page.getByRole('button', { name: 'Place order' }).click();
    await sent;
    const home = await fetch(`${acme().url}/`);
    const homeAt = performance.now();
    const { r, at } = await posted;
    await clicked;
    expect(home.status).toBe(200);
    expect(homeAt).toBeLessThan(at); // another customer was served while this one waited
    expect(r.status()).toBe(303);
    expect(at - started).toBeGreaterThanOrEqual(600);
    const timing = r.request().timing(); // as the browser saw it: request sent -> first byte
    expect(timing.responseStart - timing.requestStart).toBeGreaterThanOrEqual(600);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your order');
  });
});

test.describe('knob cancel-fails', () => {
  const acme = useAcme('cancel-fails');

  test('cancelling right after submit answers HTTP 500 and the order stays Placed', async ({ page }) => {
    const number = await orderOnce(page, acme().url);
    expect(number).toBe('A1001');
    const [cancel] = await Promise.all([
      page.waitForResponse(isPost(`/orders/${number}/cancel`)),
      page.getByRole('button', { name: 'Cancel order' }).click(),
    ]);
    expect(cancel.status()).toBe(500);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Something went wrong');
    await page.goto(`${acme().url}/orders/${number}`);
    await expect(page.getByRole('definition').first()).toHaveText('Placed');
    await expect(page.getByRole('button', { name: 'Cancel order' })).toBeVisible();
  });
});

test.describe('knob express-unavailable', () => {
  const acme = useAcme('express-unavailable');

  test('express answers HTTP 503, standard shipping still works', async ({ page }) => {
    await addToCart(page, acme().url);
    await fillCheckout(page, 'Express shipping');
    expect((await placeOrder(page)).status()).toBe(503);
    await expect(page.getByText('Express shipping is temporarily unavailable')).toBeVisible();
    await page.goto(`${acme().url}/cart`);
    await fillCheckout(page, 'Standard shipping');
    expect((await placeOrder(page)).status()).toBe(303);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your order');
  });
});

test.describe('knob js-error', () => {
  const acme = useAcme('js-error');

  test('product pages throw an uncaught TypeError but still work', async ({ page }) => {
    const errors: Error[] = [];
    page.on('pageerror', (e) => errors.push(e));
    await page.goto(`${acme().url}/catalog`);
    expect(errors).toEqual([]);
    await page.getByRole('link', { name: 'Espresso Machine' }).click();
    await page.waitForLoadState('load');
    // Thrown while the page loads, so a harness sees it within the step that opened the page.
    expect(errors).toHaveLength(1);
    expect(errors[0].name).toBe('TypeError');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await expect(page.getByRole('cell', { name: 'Espresso Machine', exact: true })).toBeVisible();
    expect(errors).toHaveLength(1);
  });
});

test.describe('knob hidden-contact', () => {
  const acme = useAcme('hidden-contact');

  test('no Contact link anywhere, but /contact still exists', async ({ page }) => {
    for (const path of ['/', '/catalog', '/help', '/orders', '/cart', '/product/espresso-machine']) {
      await page.goto(`${acme().url}${path}`);
      await expect(nav(page).getByRole('link')).toHaveText(['Shop', 'Help', 'My orders', 'Cart', 'Sign in']);
      await expect(page.locator('a[href*="contact" i]')).toHaveCount(0);
    }
    const response = await page.goto(`${acme().url}/contact`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contact us');
  });
});

test.describe('knob parser and lifecycle', () => {
  test('parses knobs, fills in defaults and rejects unknown knobs or bad values', () => {
    expect(parseFriction('')).toEqual(toFriction(undefined));
    expect(formatFriction(parseFriction(undefined))).toBe('none');
    expect(parseFriction('slow-checkout').slowCheckoutMs).toBe(DEFAULT_SLOW_CHECKOUT_MS);
    expect(DEFAULT_SLOW_CHECKOUT_MS).toBe(2500);
    const f = parseFriction(' slow-checkout:3000 , js-error ');
    expect(f).toEqual({ ...parseFriction('none'), slowCheckoutMs: 3000, jsError: true });
    expect(formatFriction(f)).toBe('slow-checkout:3000,js-error');
    const all = 'slow-checkout:10,cancel-fails,express-unavailable,js-error,hidden-contact';
    expect(formatFriction(parseFriction(all))).toBe(all);

    expect(() => parseFriction('slow-checkout,nope')).toThrow(FrictionError);
    expect(() => parseFriction('nope')).toThrow(
      /Unknown friction knob "nope".*slow-checkout\[:ms\], cancel-fails, express-unavailable, js-error, hidden-contact/,
    );
    expect(() => parseFriction('slow-checkout:fast')).toThrow(/Bad value "fast" for slow-checkout/);
    expect(() => parseFriction('slow-checkout:-5')).toThrow(FrictionError);
    expect(() => parseFriction('js-error:yes')).toThrow(/takes no value/);
    expect(() => toFriction({ slowCheckoutMs: -1 })).toThrow(FrictionError);
    expect(toFriction({ hiddenContact: true }).hiddenContact).toBe(true);
  });

  test('close() really closes, even with a slow request in flight', async () => {
    const acme = await startAcme({ friction: { cancelFails: true, slowCheckoutMs: 5000 } });
    expect(acme.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(acme.friction).toEqual({ ...parseFriction('none'), slowCheckoutMs: 5000, cancelFails: true });
    expect((await fetch(`${acme.url}/`)).status).toBe(200); // leaves a keep-alive socket open
    const inFlight = fetch(`${acme.url}/checkout`, { method: 'POST' }).then(
      () => 'answered',
      () => 'cut off',
    );
    await new Promise((r) => setTimeout(r, 200));
    const started = performance.now();
    await acme.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await inFlight).toBe('cut off');
    await expect(fetch(`${acme.url}/`)).rejects.toThrow();
  });

  test('the CLI rejects an unknown knob with exit code 2 and starts/stops cleanly', async () => {
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'fixtures/acme/cli.ts', ...args], {
        cwd: ROOT,
        env: { ...process.env, ACME_FRICTION: '', ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      return { child, exited, out: () => stdout, err: () => stderr };
    };

    const bad = run(['--friction', 'slow-checkout,nope']);
    const good = run(['--port', '0'], { ACME_FRICTION: 'slow-checkout:3000,js-error' });
    expect(await bad.exited).toBe(2);
    expect(bad.err()).toContain('Unknown friction knob "nope"');
    expect(bad.err()).toContain('hidden-contact');

    await expect.poll(good.out, { timeout: 10_000 }).toContain('Acme is open at');
    const line = good.out().trim().split('\n')[0];
    expect(line).toMatch(/^Acme is open at http:\/\/127\.0\.0\.1:\d+ \(friction: slow-checkout:3000,js-error\)$/);
    const url = line.split(' ')[4];
    expect((await fetch(`${url}/contact`)).status).toBe(200);
    good.child.kill('SIGTERM');
    expect(await good.exited).toBe(0);
    await expect(fetch(`${url}/`)).rejects.toThrow();
  });
});

/** Sign in through the nav link and the form; returns the POST /signin response. */
async function signIn(page: Page, base: string, username: string, password: string): Promise<Response> {
  await page.goto(`${base}/`);
  await nav(page).getByRole('link', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  const [response] = await Promise.all([
    page.waitForResponse(isPost('/signin')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  return response;
}

/** POST /signin with plain HTTP; `ms` is how long the answer took. */
async function postSignIn(base: string, username: string, password: string): Promise<{ status: number; location: string | null; body: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${base}/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
    redirect: 'manual',
  });
  const body = await res.text();
  return { status: res.status, location: res.headers.get('location'), body, ms: performance.now() - started };
}

/** A real SMTP server standing in for the customers' mailboxes: records each email's subject and arrival time. */
async function startMailbox() {
  const mails: { subject: string; at: number }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((m) => {
          mails.push({ subject: m.subject ?? '', at: performance.now() });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    smtp: { host: '127.0.0.1', port },
    mails,
    arrival: async (subject: string) => {
      await expect.poll(() => mails.some((m) => m.subject === subject), { timeout: 10_000, intervals: [50] }).toBe(true);
      return mails.find((m) => m.subject === subject)!.at;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test.describe('Acme accounts and sign-in', () => {
  const acme = useAcme();

  test('alex signs in: 303 to "Your account", the nav says Account, cart and orders work as before', async ({ page }) => {
    const base = acme().url;
    await page.goto(`${base}/`);
    await expect(nav(page).getByRole('link')).toHaveText(['Shop', 'Help', 'Contact', 'My orders', 'Cart', 'Sign in']);
    await addToCart(page, base); // a cart from before signing in is kept
    const response = await signIn(page, base, 'alex', 'espresso-alex');
    expect(response.status()).toBe(303);
    expect(response.headers().location).toBe('/account');
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account');
    await expect(page.getByText('Signed in as Alex Morgan')).toBeVisible();
    await expect(nav(page).getByRole('link')).toHaveText(['Shop', 'Help', 'Contact', 'My orders', 'Cart', 'Account']);
    await expect(nav(page).getByRole('link', { name: 'Account' })).toHaveAttribute('aria-current', 'page');
    await page.getByRole('main').getByRole('link', { name: 'My orders' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('My orders');
    await nav(page).getByRole('link', { name: 'Cart', exact: true }).click();
    await fillCheckout(page, 'Store pickup');
    expect((await placeOrder(page)).status()).toBe(303);
    const number = (await page.getByText(/^Order number A\d+$/).textContent())!.replace('Order number ', '');
    await nav(page).getByRole('link', { name: 'My orders' }).click();
    await expect(page.getByRole('row', { name: new RegExp(`${number}.*Placed`) })).toBeVisible();
    await nav(page).getByRole('link', { name: 'Account' }).click();
    await expect(page.getByText('Signed in as Alex Morgan')).toBeVisible();
  });

  test('a wrong password or username answers 401 with an alert; the username is kept, the password is not', async ({ page }) => {
    const base = acme().url;
    const response = await signIn(page, base, 'alex', 'espresso-sam');
    expect(response.status()).toBe(401);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
    await expect(page.getByRole('alert')).toHaveText('The username or password is not right.');
    await expect(page.getByLabel('Username')).toHaveValue('alex');
    await expect(page.getByLabel('Password')).toHaveValue('');
    await expect(page.getByLabel('Password')).toHaveAttribute('type', 'password');
    expect(await response.text()).not.toContain('espresso-sam');
    await expect(nav(page).getByRole('link', { name: 'Sign in' })).toBeVisible();

    const unknown = await postSignIn(base, 'nobody', 'espresso-alex');
    expect(unknown.status).toBe(401);
    expect(unknown.body).toContain('The username or password is not right.');
    expect(unknown.body).toContain('value="nobody"');
  });

  test('every seeded account signs in; /account without signing in goes to /signin', async () => {
    const base = acme().url;
    const names = { alex: 'Alex Morgan', sam: 'Sam Okafor', dana: 'Dana Reyes' };
    for (const [user, name] of Object.entries(names)) {
      const res = await fetch(`${base}/signin`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `username=${user}&password=espresso-${user}`,
        redirect: 'manual',
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/account');
      const cookie = res.headers.get('set-cookie')!.split(';')[0];
      const account = await fetch(`${base}/account`, { headers: { cookie } });
      expect(await account.text()).toContain(`Signed in as ${name}`);
    }
    const signedOut = await fetch(`${base}/account`, { redirect: 'manual' });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe('/signin');
  });
});

test.describe('knob late-confirmation:1500', () => {
  test('only the order confirmation comes 1500 ms late; the cancellation email is on time', async ({ page }) => {
    const mailbox = await startMailbox();
    const acme = await startAcme({ friction: 'late-confirmation:1500', smtp: mailbox.smtp });
    try {
      await addToCart(page, acme.url);
      await fillCheckout(page, 'Standard shipping');
      const ordered = performance.now();
      expect((await placeOrder(page)).status()).toBe(303);
      const answered = performance.now() - ordered;
      expect(answered).toBeLessThan(1000); // the page never waits for the email
      const cancelled = performance.now();
      await page.getByRole('button', { name: 'Cancel order' }).click();
      await expect(page.getByRole('status')).toContainText('has been cancelled');
      const cancellationAt = await mailbox.arrival('Order A1001 cancelled');
      const confirmationAt = await mailbox.arrival('Your Acme order A1001');
      expect(cancellationAt - cancelled).toBeLessThan(1000);
      expect(confirmationAt - ordered).toBeGreaterThanOrEqual(1500);
      expect(cancellationAt).toBeLessThan(confirmationAt);
      expect(mailbox.mails.map((m) => m.subject)).toEqual(['Order A1001 cancelled', 'Your Acme order A1001']);
    } finally {
      await acme.close();
      await mailbox.close();
    }
  });
});

test.describe('knob no-response-time', () => {
  const acme = useAcme('no-response-time');

  test('the contact page no longer promises a response time; everything else is there', async ({ page }) => {
    await page.goto(acme().url);
    await nav(page).getByRole('link', { name: 'Contact' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contact us');
    await expect(page.getByRole('link', { name: 'support@acme.example' })).toBeVisible();
    await expect(page.getByText('+1 555 0100')).toBeVisible();
    await expect(page.getByText('Mon–Fri 9:00–17:00')).toBeVisible();
    await expect(page.getByRole('main')).not.toContainText('24 hours');
    await expect(page.getByRole('main')).not.toContainText('We answer every email');
    await page.getByLabel('Name').fill('Ada');
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Message').fill('Where is my order?');
    await page.getByRole('button', { name: 'Send message' }).click();
    await expect(page.getByText('Thanks, we received your message')).toBeVisible();
  });
});

test.describe('knob locked-account (sam)', () => {
  const acme = useAcme('locked-account');

  test('sam with the right password is refused with HTTP 200 and the locked banner; alex signs in', async ({ page }) => {
    expect(acme().friction.lockedAccount).toBe('sam');
    const response = await signIn(page, acme().url, 'sam', 'espresso-sam');
    expect(response.status()).toBe(200);
    await expect(page).toHaveURL(/\/signin$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
    await expect(page.getByRole('alert')).toHaveText('Your account is locked. Please call us on +1 555 0100 to unlock it.');
    await expect(page.getByLabel('Username')).toHaveValue('sam');
    await expect(page.getByLabel('Password')).toHaveValue('');
    expect((await page.request.get(`${acme().url}/account`, { maxRedirects: 0 })).status()).toBe(303); // not signed in

    const wrong = await postSignIn(acme().url, 'sam', 'nope');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('The username or password is not right.');
    for (const user of ['alex', 'dana']) expect((await postSignIn(acme().url, user, `espresso-${user}`)).status).toBe(303);
  });

  test('locked-account:dana locks dana only; an unknown account is a bad value', async () => {
    const dana = await startAcme({ friction: 'locked-account:dana' });
    try {
      const locked = await postSignIn(dana.url, 'dana', 'espresso-dana');
      expect(locked.status).toBe(200);
      expect(locked.body).toContain('Your account is locked.');
      expect((await postSignIn(dana.url, 'sam', 'espresso-sam')).status).toBe(303);
    } finally {
      await dana.close();
    }
    expect(() => parseFriction('locked-account:bob')).toThrow(/Bad value "bob" for locked-account.*Valid knobs/);
    expect(() => toFriction({ lockedAccount: 'bob' as 'sam' })).toThrow(FrictionError);
  });
});

test.describe('knob persona-slow (sam)', () => {
  const acme = useAcme('persona-slow');

  test(`sam's sign-in answers ${PERSONA_SLOW_MS} ms late without holding up alex; a wrong password is not delayed`, async () => {
    const base = acme().url;
    expect((await fetch(`${base}/help`)).status).toBe(200); // warm up Node's fetch
    const sam = postSignIn(base, 'sam', 'espresso-sam');
    const alex = await postSignIn(base, 'alex', 'espresso-alex');
    const samDone = await sam;
    expect(samDone.status).toBe(303);
    expect(samDone.location).toBe('/account');
    expect(samDone.ms).toBeGreaterThanOrEqual(PERSONA_SLOW_MS);
    expect(alex.status).toBe(303);
    expect(alex.ms).toBeLessThan(1000);
    const wrong = await postSignIn(base, 'sam', 'nope');
    expect(wrong.status).toBe(401);
    expect(wrong.ms).toBeLessThan(1000);
  });
});

test.describe('knob third-party-noise', () => {
  const acme = useAcme('third-party-noise');

  test('every page asks 127.0.0.2:9 for a web font and a script; both fail and the shop still works', async ({ page }) => {
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(new URL(r.url()).href));
    const pageErrors: Error[] = [];
    page.on('pageerror', (e) => pageErrors.push(e));
    const font = 'http://127.0.0.2:9/fonts/brand.woff2';
    const script = 'http://127.0.0.2:9/t.js';
    await page.goto(`${acme().url}/`);
    await expect.poll(() => failed.sort()).toEqual([font, script]);
    await addToCart(page, acme().url, 'Milk Frother');
    await expect.poll(() => failed.filter((u) => u === script).length).toBeGreaterThanOrEqual(4); // home, shop, product, cart
    expect(failed.every((u) => u === font || u === script)).toBe(true);
    expect(pageErrors).toEqual([]);
    // The chat window is an HTML page too.
    const widget = await (await fetch(`${acme().url}/chat/widget`)).text();
    expect(widget).toContain(`<script async src="${script}"></script>`);
    expect(widget).toContain(`url(${font})`);
  });

  test('without the knob no page names the third party', async () => {
    const plain = await startAcme();
    try {
      for (const path of ['/', '/catalog', '/contact', '/signin', '/chat/widget']) {
        expect(await (await fetch(`${plain.url}${path}`)).text()).not.toContain('127.0.0.2');
      }
    } finally {
      await plain.close();
    }
  });
});

test.describe('knob confirm-cancel', () => {
  const acme = useAcme('confirm-cancel');

  test('Cancel order asks "Are you sure…" first; dismissed, nothing is sent; accepted, the order is cancelled', async ({ page }) => {
    const number = await orderOnce(page, acme().url);
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(new URL(r.url()).pathname);
    });
    const dialogs: string[] = [];
    page.once('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    await page.getByRole('button', { name: 'Cancel order' }).click();
    expect(dialogs).toEqual([`confirm: Are you sure you want to cancel order ${number}?`]);
    await page.waitForTimeout(200);
    expect(posts).toEqual([]);
    await expect(page.getByRole('definition').first()).toHaveText('Placed');

    page.once('dialog', (d) => void d.accept());
    const [cancel] = await Promise.all([
      page.waitForResponse(isPost(`/orders/${number}/cancel`)),
      page.getByRole('button', { name: 'Cancel order' }).click(),
    ]);
    expect(cancel.status()).toBe(303);
    await expect(page.getByRole('status')).toHaveText(`Order ${number} has been cancelled.`);
    expect(posts).toEqual([`/orders/${number}/cancel`]);
  });
});

/** Names of the fields the return form asks (its controls, less the button). */
const returnFormFields = (page: Page) =>
  page.locator('form[action^="/returns/"]').evaluate((form: HTMLFormElement) =>
    [...form.elements]
      .filter((e): e is HTMLInputElement => 'name' in e && (e as HTMLInputElement).name !== '' && e.tagName !== 'BUTTON')
      .map((e) => ({ name: e.name, required: e.required, disabled: e.disabled, visible: e.checkVisibility(), type: e.type })),
  );

test.describe('knob long-form', () => {
  const acme = useAcme('long-form');

  test('the return form shows 14 extra optional fields; a return without them still works', async ({ page }) => {
    const number = await orderOnce(page, acme().url);
    await page.goto(`${acme().url}/returns/${number}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Return an item');
    const fields = await returnFormFields(page);
    const names = [...new Set(fields.map((f) => f.name))];
    expect(names.slice(0, 3)).toEqual(['item', 'reason', 'method']);
    expect(names).toHaveLength(3 + 14);
    const extras = fields.filter((f) => !['item', 'reason', 'method'].includes(f.name));
    expect(extras.every((f) => !f.required && !f.disabled && f.visible)).toBe(true);
    expect(extras.filter((f) => f.name === 'buyAgain').map((f) => f.type)).toEqual(['radio', 'radio']);
    await expect(page.getByRole('group', { name: 'Would you buy from us again?' }).getByRole('radio')).toHaveCount(2);
    await expect(page.getByLabel('How did you hear about us?')).toBeVisible();
    await expect(page.getByLabel('Comments')).toBeVisible();

    await page.getByLabel('Espresso Machine').check();
    await page.getByLabel('Reason').selectOption('Changed my mind');
    await page.getByLabel('Drop off at a parcel shop').check();
    await page.getByRole('button', { name: 'Request return' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your return label');
  });

  test('without the knob the return form asks 3 things', async ({ page }) => {
    const plain = await startAcme();
    try {
      const number = await orderOnce(page, plain.url);
      await page.goto(`${plain.url}/returns/${number}`);
      expect([...new Set((await returnFormFields(page)).map((f) => f.name))]).toEqual(['item', 'reason', 'method']);
    } finally {
      await plain.close();
    }
  });
});

test.describe('knob error-banner', () => {
  const acme = useAcme('error-banner');

  test('valid checkout is refused with HTTP 200, a banner and a flagged postcode; no order is made', async ({ page }) => {
    await addToCart(page, acme().url);
    await fillCheckout(page, 'Express shipping');
    const response = await placeOrder(page);
    expect(response.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Checkout');
    await expect(page.getByRole('alert')).toHaveText('We could not verify your address. Please check your postcode.');
    // At the top: the banner comes right after the heading.
    await expect(page.locator('main > h1 + [role="alert"]')).toHaveCount(1);
    const postcode = page.getByLabel('Postcode');
    await expect(postcode).toHaveAttribute('aria-invalid', 'true');
    await expect(postcode).toHaveAccessibleDescription('Postcode not recognised');
    await expect(postcode).toHaveValue('N1 9GU');
    await expect(page.getByLabel('Full name')).toHaveValue('Ada Lovelace');
    await expect(page.getByLabel('Express shipping')).toBeChecked();
    await expect(page.getByLabel('Card number')).toHaveValue('4242 4242 4242 4242');
    // Trying again changes nothing.
    expect((await placeOrder(page)).status()).toBe(200);
    await nav(page).getByRole('link', { name: 'My orders' }).click();
    await expect(page.getByText('You have no orders yet.')).toBeVisible();
    await nav(page).getByRole('link', { name: 'Cart', exact: true }).click();
    await expect(page.getByRole('cell', { name: 'Espresso Machine', exact: true })).toBeVisible();
  });
});

test.describe('new knobs in the parser', () => {
  test('defaults, values, round trip and bad values', () => {
    const none = parseFriction('none');
    expect(none).toMatchObject({ noResponseTime: false, thirdPartyNoise: false, confirmCancel: false, longForm: false, errorBanner: false });
    expect(none.lateConfirmationMs).toBeUndefined();
    expect(parseFriction('late-confirmation').lateConfirmationMs).toBe(DEFAULT_LATE_CONFIRMATION_MS);
    expect(DEFAULT_LATE_CONFIRMATION_MS).toBe(30_000);
    expect(parseFriction('locked-account').lockedAccount).toBe('sam');
    expect(parseFriction('persona-slow').personaSlow).toBe('sam');
    const all =
      'late-confirmation:1500,locked-account:dana,persona-slow:alex,no-response-time,third-party-noise,confirm-cancel,long-form,error-banner';
    expect(formatFriction(parseFriction(all))).toBe(all);
    expect(parseFriction(all)).toEqual({
      ...none,
      lateConfirmationMs: 1500,
      lockedAccount: 'dana',
      personaSlow: 'alex',
      noResponseTime: true,
      thirdPartyNoise: true,
      confirmCancel: true,
      longForm: true,
      errorBanner: true,
    });
    expect(() => parseFriction('late-confirmation:soon')).toThrow(/Bad value "soon" for late-confirmation/);
    expect(() => parseFriction('late-confirmation:600001')).toThrow(FrictionError);
    expect(() => parseFriction('persona-slow:Sam')).toThrow(/Bad value "Sam" for persona-slow/);
    expect(() => parseFriction('error-banner:yes')).toThrow(/takes no value/);
    expect(() => toFriction({ lateConfirmationMs: -1 })).toThrow(FrictionError);
    expect(() => parseFriction('nope')).toThrow(/locked-account\[:user\].*persona-slow\[:user\].*error-banner/);
  });
});

test.describe('knob consent-banner', () => {
  const acme = useAcme('consent-banner');

  test('a consent dialog covers every page a moment after load until the customer chooses; the choice is kept in a cookie', async ({ page }) => {
    await page.goto(acme().url);
    const banner = page.getByRole('dialog', { name: 'We value your privacy' });
    await expect(banner).toBeVisible();
    // It covers the page: what is under the middle of the screen is the banner's backdrop, not the page.
    expect(await page.evaluate(() => document.elementFromPoint(innerWidth / 2, innerHeight / 2)?.closest('#consent') !== null)).toBe(true);
    await expect(banner.getByRole('button', { name: 'Accept all' })).toBeVisible();
    // Until a choice is made it comes back on every page.
    const blocked = await nav(page).getByRole('link', { name: 'Help' }).click({ trial: true, timeout: 500 }).then(() => 'clicked', (e: Error) => e.message);
    expect(blocked).toContain('intercepts pointer events');
    await page.goto(`${acme().url}/help`);
    await expect(banner).toBeVisible();
    await banner.getByRole('button', { name: 'Reject all' }).click();
    await expect(banner).toHaveCount(0);
    expect((await page.context().cookies()).find((c) => c.name === 'acme_consent')?.value).toBe('necessary');
    await nav(page).getByRole('link', { name: 'Contact' }).click();
    await expect(page.getByRole('heading', { name: 'Contact us' })).toBeVisible();
    await page.waitForTimeout(600);
    await expect(banner).toHaveCount(0);
  });
});
