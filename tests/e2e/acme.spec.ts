import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page, type Response } from '@playwright/test';
import {
  DEFAULT_SLOW_CHECKOUT_MS,
  formatFriction,
  FrictionError,
  parseFriction,
  toFriction,
} from '../../fixtures/acme/friction.ts';
import { startAcme, type Acme } from '../../fixtures/acme/server.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHIPPING = ['Standard shipping', 'Express shipping', 'Store pickup'] as const;
type ShippingLabel = (typeof SHIPPING)[number];

/** Start Acme with these knobs for the enclosing describe; returns a getter for it. */
function useAcme(friction?: string): () => Acme {
  let acme: Acme | undefined;
  test.beforeAll(async () => {
    acme = await startAcme({ friction });
  });
  test.afterAll(async () => {
    await acme?.close();
  });
  return () => {
    if (!acme) throw new Error('Acme did not start');
    return acme;
  };
}

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
      await expect(nav(page).getByRole('link')).toHaveText(['Shop', 'Help', 'My orders', 'Cart']);
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
