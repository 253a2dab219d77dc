/** The one duration formatter, for messages and reports alike: 340 → "340 ms", 1234 → "1.2 s", 83_000 → "1 min 23 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const rounded = Math.round(ms);
  if (Math.abs(rounded) < 1000) return `${rounded} ms`;
  if (Math.abs(ms) < 59_950) return `${+(ms / 1000).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

/** Playwright's "Timeout 14894.947834999999ms exceeded." and the like, with durations rounded. */
export const roundTimeouts = (text: string): string =>
  text.replace(/(\d+(?:\.\d+)?)\s?ms\b/g, (_, n: string) => formatMs(Number(n)));
