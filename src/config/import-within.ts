import { pathToFileURL } from 'node:url';
import { InputError } from '../errors.ts';

/**
 * How long a TypeScript or JavaScript config or journey may take to load, ms. A module whose
 * top-level `await` never settles would otherwise end the process silently (Node's exit 13).
 */
export const LOAD_TIME_LIMIT_MS = Number(process.env.MYSTERY_SHOPPER_LOAD_TIMEOUT_MS) > 0 ? Number(process.env.MYSTERY_SHOPPER_LOAD_TIMEOUT_MS) : 15_000;

/** Imports a user's module; a failure or a load past the time limit is an InputError naming the file. */
export async function importWithin<T>(abs: string, shown: string, limitMs = LOAD_TIME_LIMIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const tooLong = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new InputError(`did not finish loading within ${limitMs / 1000} s (a top-level await that never settles?)`, { file: shown })),
      limitMs,
    );
  });
  try {
    return (await Promise.race([import(pathToFileURL(abs).href), tooLong])) as T;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`could not load: ${(err as Error).message.split('\n')[0]}`, { file: shown });
  } finally {
    clearTimeout(timer);
  }
}
