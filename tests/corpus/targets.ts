/**
 * Faulty sites for the corpus, each a small server on 127.0.0.1 (port 0) that the test starts and
 * stops: a closed port, errors everywhere, silence, TLS where there is none, redirect loops, and
 * pages that storm the browser with dialogs, popups, navigations or sheer size.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TargetKind } from './cases.ts';

export interface Target {
  url: string;
  close(): Promise<void>;
}

const page = (body: string, head = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Target</title>${head}</head><body>${body}</body></html>`;

const PAGES: Partial<Record<TargetKind, (path: string) => { status: number; body: string; headers?: Record<string, string> }>> = {
  ok: () => ({ status: 200, body: page('<h1>Welcome</h1>') }),
  'error-500': () => ({ status: 500, body: page('<h1>Internal error</h1>') }),
  'redirect-loop': (path) => ({ status: 302, body: '', headers: { location: path === '/a' ? '/b' : '/a' } }),
  // 300 alerts in a row: each waits for an answer, so the page only moves on as they are answered.
  'dialog-storm': () => ({ status: 200, body: page('<h1>Welcome</h1><script>for (let i = 0; i < 300; i++) alert("Storm " + i);</script>') }),
  // Every 20 ms another window, 200 of them.
  'popup-storm': () => ({
    status: 200,
    body: page('<h1>Welcome</h1><script>let n = 0; const t = setInterval(() => { if (++n > 200) clearInterval(t); window.open("/?popup=" + n); }, 20);</script>'),
  }),
  // About 50 MB of markup.
  'huge-page': () => ({ status: 200, body: page(`<h1>Welcome</h1>${'<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>'.repeat(800_000)}`) }),
  // The page loads itself again every 50 ms, for ever.
  'navigate-loop': (path) => ({ status: 200, body: page(`<h1>Loading ${path.length}</h1><script>setTimeout(() => { location.href = "/?n=" + Date.now(); }, 50);</script>`) }),
};

/** Starts the target; `closed` and `tls-mismatch` give an address that fails the way they say. */
export async function startTarget(kind: TargetKind): Promise<Target> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    if (kind === 'never-answers') return; // the connection stays open, silent
    const make = PAGES[kind] ?? PAGES.ok!;
    const { status, body, headers } = make(new URL(req.url ?? '/', 'http://x').pathname);
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(body);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  if (kind === 'closed') {
    await close();
    return { url: `http://127.0.0.1:${port}/`, close: async () => undefined };
  }
  return { url: `${kind === 'tls-mismatch' ? 'https' : 'http'}://127.0.0.1:${port}/`, close };
}
