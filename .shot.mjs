import { chromium } from 'playwright';
const [,, url, out, sel] = process.argv;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium-headless-shell' });
const p = await b.newPage({ viewport: { width: 1280, height: 900 } });
await p.goto(url);
if (sel) await p.locator(sel).first().scrollIntoViewIfNeeded();
await p.screenshot({ path: out, fullPage: !sel });
await b.close();
