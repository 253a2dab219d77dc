/**
 * Which hosts belong to the audited site. By default the base URL's site: its registrable domain
 * (approximated as the last two labels, three for `co.uk`-style names) and every subdomain; an IP
 * address or single-label host only itself. The config's `firstParty` lists hosts instead (each
 * covering its subdomains). Requests elsewhere are third-party: the customer rarely notices them.
 */
export function firstPartyHosts(baseURL: string, configured?: readonly string[]): string[] {
  if (configured?.length) return configured.map((h) => h.toLowerCase().replace(/^\*\./, ''));
  let host: string;
  try {
    host = new URL(baseURL).hostname.toLowerCase();
  } catch {
    return [];
  }
  if (/^[\d.]+$/.test(host) || host.includes(':') || !host.includes('.')) return [host];
  const labels = host.split('.');
  const secondLevel = labels.length >= 3 && labels[labels.length - 1].length === 2 && labels[labels.length - 2].length <= 3;
  return [labels.slice(secondLevel ? -3 : -2).join('.')];
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
