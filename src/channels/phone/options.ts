/**
 * The options a menu offers, read from what the caller heard, the way a caller listens for
 * theirs: "For returns, press 2", "Press 2 for returns", "To speak to someone, press 0",
 * "Say 'returns' or press 2". Keys are digits, `*` or `#` ("star", "hash", "pound" read as keys).
 */
export interface MenuOption {
  /** The key to press: a digit, `*` or `#`. */
  key: string;
  /** What the option is for, in the prompt's words ("returns", "speak to someone"). */
  says: string;
}

const KEY_WORDS: Record<string, string> = { star: '*', hash: '#', pound: '#', zero: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9' };
const KEY = String.raw`(\d|\*|#|star|hash|pound|zero|one|two|three|four|five|six|seven|eight|nine)`;
// "For returns, press 2" / "To speak to someone, press 0" / "If you want X, press 3"
const BEFORE = new RegExp(String.raw`\b(?:for|to|if you(?: would like| want| wish)?(?: to)?)\s+([^.;,!?]+?),?\s+(?:please\s+)?(?:press|dial|push|enter)\s+${KEY}\b`, 'gi');
// "Press 2 for returns" / "press 0 to speak to someone"
const AFTER = new RegExp(String.raw`\b(?:press|dial|push)\s+${KEY}\s+(?:for|to)\s+([^.;,!?]+)`, 'gi');

const keyOf = (word: string) => KEY_WORDS[word.toLowerCase()] ?? word;

/** Every option the prompt names, in the order spoken; a key named twice keeps its first meaning. */
export function menuOptions(prompt: string): MenuOption[] {
  const found: Array<MenuOption & { at: number }> = [];
  for (const m of prompt.matchAll(BEFORE)) found.push({ key: keyOf(m[2]), says: m[1].trim(), at: m.index ?? 0 });
  for (const m of prompt.matchAll(AFTER)) found.push({ key: keyOf(m[1]), says: m[2].trim(), at: m.index ?? 0 });
  found.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  return found.filter((o) => !seen.has(o.key) && seen.add(o.key)).map(({ key, says }) => ({ key, says }));
}
