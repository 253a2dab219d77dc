
/**
 * How long the caller listens to each thing an IVR plays, ms: what a recorded prompt costs the
 * customer, counted on the step's clock without the tool waiting it out.
 */

/** A loop of 0 means "until the call moves on": counted as three times through, what a caller sits out before acting. */
export const timesPlayed = (loop: number): number => (loop === 0 ? 3 : Math.max(1, loop));

/** The spoken words of a text (numbers count as words; punctuation does not). */
export const wordsIn = (text: string): number => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

/** A <Say>: its words at the IVR's speaking rate, times its loop. */
export const sayMs = (text: string, loop: number, wordsPerMinute: number): number =>
  Math.round((wordsIn(text) / wordsPerMinute) * 60_000 * timesPlayed(loop));

/** A <Pause>: its length. */
export const pauseMs = (lengthS: number): number => lengthS * 1000;

/** A <Gather> that hears nothing: its timeout. */
export const gatherTimeoutMs = (timeoutS: number): number => timeoutS * 1000;

/**
 * A <Record> the caller leaves silent: it ends after its `timeout` of silence, or at its
 * `maxLength` when that comes first.
 */
export const recordMs = (timeoutS: number, maxLengthS: number): number => Math.min(timeoutS, maxLengthS) * 1000;

/** A <Play> of audio: the file's duration times its loop; 0 when the duration is unknown. */
export const playMs = (audioMs: number | undefined, loop: number): number => Math.round((audioMs ?? 0) * timesPlayed(loop));

/** A <Play digits>: a tone is about a quarter second, `w` waits half a second, `W` a second. */
export const digitsMs = (digits: string): number =>
  [...digits].reduce((ms, c) => ms + (c === 'w' ? 500 : c === 'W' ? 1000 : 250), 0);

/** The caller speaking: their words at the same conversational rate. */
export const speakMs = (text: string, wordsPerMinute: number): number => sayMs(text, 1, wordsPerMinute);

/**
 * An audio file's duration from its header (MP3, WAV, OGG, …), ms; undefined when the bytes are
 * not audio this reader knows, or say no duration.
 */
export async function audioDurationMs(bytes: Uint8Array, mimeType?: string): Promise<number | undefined> {
  try {
    // `duration: true` reads the whole file when the header alone does not say (an MP3 without a Xing frame).
    // Loaded when a call first plays audio, not by `validate` or `list`.
    const { parseBuffer } = await import('music-metadata');
    const meta = await parseBuffer(bytes, mimeType ? { mimeType } : undefined, { duration: true, skipCovers: true });
    const s = meta.format.duration;
    return s !== undefined && Number.isFinite(s) && s >= 0 ? Math.round(s * 1000) : undefined;
  } catch {
    return undefined;
  }
}
