/**
 * `allowedOrigins`: which origins a journey's pages may reach. An entry is an origin
 * (`https://shop.example.com`, `http://127.0.0.1:8080`: scheme, host and port must all match) or
 * a host pattern without a scheme (`example.com`: that host on any scheme and port;
 * `*.example.com`: every subdomain, at any depth, but not example.com itself; either may end in
 * `:port`). The base URL's origin is always allowed. Only network URLs (http, https, ws, wss) are
 * checked: data:, blob: and about: pages are the page's own.
 */
import { webURL } from './first-party.ts';

/** Why an entry of `allowedOrigins` is not one; undefined when it is. */
export function allowedOriginProblem(entry: string): string | undefined {
  if (entry.includes('://')) {
    let u: URL;
    try {
      u = new URL(entry);
    } catch {
      return `"${entry}" is not a valid origin (write it like https://shop.example.com)`;
    }
    if (!/^(https?|wss?):$/.test(u.protocol)) return `"${entry}": only http, https, ws and wss origins can be allowed`;
    if ((u.pathname !== '/' && u.pathname !== '') || u.search || u.hash || u.username || u.password) {
      return `"${entry}" is a URL, not an origin: write only the scheme, host and port (${u.protocol}//${u.host})`;
    }
    return undefined;
  }
  if (!HOST_PATTERN.test(entry)) {
    return `"${entry}" is neither an origin (https://shop.example.com) nor a host pattern (shop.example.com, *.example.com, optionally with :port)`;
  }
  return undefined;
}

const HOST_PATTERN = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i;

/** ws and wss are the same site as http and https. */
const webScheme = (protocol: string) => (protocol === 'ws:' ? 'http:' : protocol === 'wss:' ? 'https:' : protocol);
const defaultPort = (scheme: string) => (scheme === 'https:' ? '443' : '80');

/** An origin as compared: `https://shop.example.com:443` (scheme folded to http/https, port always written). */
function originKey(u: URL): string {
  const scheme = webScheme(u.protocol);
  return `${scheme}//${u.hostname.toLowerCase()}:${u.port || defaultPort(scheme)}`;
}

/** `scheme//host[:port]` of a URL, as shown to people; undefined for a URL that is not a network one. */
export function originOf(url: string): string | undefined {
  const u = webURL(url);
  return u && `${u.protocol}//${u.host}`;
}

/** A test for URLs: true when the page may reach it (see the top of this file). */
export function originMatcher(baseURL: string, allowed: readonly string[]): (url: string) => boolean {
  const origins = new Set<string>();
  const hosts: { host: string; subdomains: boolean; port?: string }[] = [];
  try {
    origins.add(originKey(new URL(baseURL)));
  } catch {
    // No base URL: only the listed origins.
  }
  for (const entry of allowed) {
    if (entry.includes('://')) {
      try {
        origins.add(originKey(new URL(entry)));
      } catch {
        // The config schema refuses entries that do not parse.
      }
      continue;
    }
    const [, star, host, port] = /^(\*\.)?([^:]+)(?::(\d+))?$/.exec(entry.toLowerCase()) ?? [];
    if (host) hosts.push({ host, subdomains: star !== undefined, ...(port !== undefined ? { port } : {}) });
  }
  return (url) => {
    const u = webURL(url);
    if (!u) return true;
    if (origins.has(originKey(u))) return true;
    const host = u.hostname.toLowerCase();
    const port = u.port || defaultPort(webScheme(u.protocol));
    return hosts.some((h) => (h.subdomains ? host.endsWith(`.${h.host}`) : host === h.host) && (h.port === undefined || h.port === port));
  };
}
