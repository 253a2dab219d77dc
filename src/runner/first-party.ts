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

/** A test for URLs: true when the URL's host is one of `hosts` or under one; data:, blob: and about: URLs are the page's own. */
export function isFirstParty(hosts: readonly string[]): (url: string) => boolean {
  return (url) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return true;
    }
    if (!/^(https?|wss?):$/.test(u.protocol)) return true;
    const host = u.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    return hosts.some((h) => host === h || host.endsWith(`.${h}`));
  };
}
