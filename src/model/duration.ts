/**
 * The one duration formatter, for messages and reports alike: 340 → "340 ms", 1234 → "1.2 s",
 * 83_000 → "1 min 23 s", 86_400_000 → "24 h". With `decimals`, seconds to that precision
 * (1234, 3 → "1.234 s"; 850, 2 → "850.0 ms"), for telling a value from its budget.
 */
export function formatMs(ms: number, decimals?: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (decimals !== undefined) return Math.abs(ms) < 1000 ? `${ms.toFixed(Math.max(0, decimals - 1))} ms` : `${(ms / 1000).toFixed(decimals)} s`;
  const rounded = Math.round(ms);
  if (Math.abs(rounded) < 1000) return `${rounded} ms`;
  if (Math.abs(ms) < 59_950) return `${+(ms / 1000).toFixed(1)} s`;
  if (Math.abs(ms) >= 3_600_000) {
    const totalMinutes = Math.round(ms / 60_000);
    const hours = Math.floor(totalMinutes / 60);
    return totalMinutes % 60 === 0 ? `${hours} h` : `${hours} h ${totalMinutes % 60} min`;
  }
  const totalSeconds = Math.round(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

/** Playwright's "Timeout 14894.947834999999ms exceeded." and the like, with durations rounded. */
export const roundTimeouts = (text: string): string =>
  text.replace(/(\d+(?:\.\d+)?)\s?ms\b/g, (_, n: string) => formatMs(Number(n)));

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** What a human duration looks like: `500ms`, `30s`, `15m`, `15 min`, `24h`, `1d`, `1h30m`. */
export const DURATION_PATTERN = /^\s*(\d+(?:\.\d+)?\s*(?:ms|sec|min|s|m|h|d)\s*)+$/i;

/**
 * `30s`, `15m`, `24h`, `1d`, `1h30m`, `500ms` (or a plain number of ms) → ms; undefined when the
 * text is not a duration. The one parser of human durations, for journeys and config alike.
 */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) ? text : undefined;
  if (/^\s*\d+\s*$/.test(text)) return Number(text);
  if (!DURATION_PATTERN.test(text)) return undefined;
  let ms = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)\s*(ms|sec|min|s|m|h|d)/gi)) ms += Number(m[1]) * UNIT_MS[m[2].toLowerCase()];
  return Math.round(ms);
}
