export const REDACTED = '[secret]';

/** Replaces every occurrence of each secret in every string inside `value`. */
export function redact<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  // Longest first, so a secret containing another is removed whole.
  const sorted = [...secrets].sort((a, b) => b.length - a.length);
  const variants = sorted.flatMap((s) => [s, encodeURIComponent(s)]).filter((s, i, all) => all.indexOf(s) === i);
  const scrub = (s: string) => variants.reduce((acc, secret) => acc.split(secret).join(REDACTED), s);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
