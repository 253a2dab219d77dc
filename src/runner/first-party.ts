import { getDomain } from 'tldts';
/**
 * Which hosts belong to the audited site. By default the base URL's site: its registrable domain
 * (by the Public Suffix List, private suffixes included: `shop.acme.co.uk` → `acme.co.uk`,
 * `me.github.io` stays itself) and every subdomain; an IP address or single-label host only
 * itself. The config's `firstParty` lists hosts instead (each covering its subdomains). Requests
 * elsewhere are third-party: the customer rarely notices them. `explore` keeps to the same site.
 */
export function firstPartyHosts(baseURL: string, configured?: readonly string[]): string[] {
  if (configured?.length) return configured.map((h) => h.toLowerCase().replace(/^\*\./, ''));
  let host: string;
  try {
    host = new URL(baseURL).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return [];
  }
  return [getDomain(host, { allowPrivateDomains: true }) ?? host];
}

/** The URL when it is one a page fetches over the network (http, https, ws, wss); data:, blob:, about: and unparsable ones are the page's own. */
export function webURL(url: string): URL | undefined {
  try {
    const u = new URL(url);
    return /^(https?|wss?):$/.test(u.protocol) ? u : undefined;
  } catch {
    return undefined;
  }
}

/** A test for URLs: true when the URL's host is one of `hosts` or under one; data:, blob: and about: URLs are the page's own. */
export function isFirstParty(hosts: readonly string[]): (url: string) => boolean {
  return (url) => {
    const u = webURL(url);
    if (!u) return true;
    const host = u.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    return hosts.some((h) => host === h || host.endsWith(`.${h}`));
  };
}
