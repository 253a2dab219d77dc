import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { InputError } from '../errors.ts';

/**
 * How long a TypeScript or JavaScript config or journey may take to load, ms. A module whose
 * top-level `await` never settles would otherwise end the process silently (Node's exit 13).
 */
export const LOAD_TIME_LIMIT_MS = Number(process.env.MYSTERY_SHOPPER_LOAD_TIMEOUT_MS) > 0 ? Number(process.env.MYSTERY_SHOPPER_LOAD_TIMEOUT_MS) : 15_000;

type ScopedImport = (specifier: string, parentURL: string) => Promise<Record<string, unknown>>;
let scopedImport: Promise<ScopedImport> | undefined;

/**
 * Users' configs and journeys are loaded through tsx's namespaced loader, registered once per
 * process: TypeScript compiles whatever the user's package says (CommonJS without "type", or ESM),
 * and only these files see the hooks, not the tool's own compiled code. tsx's one-shot
 * `tsImport` does the same but registers a new loader on every call.
 */
function loader(): Promise<ScopedImport> {
  scopedImport ??= (async () => {
    const namespace = `mystery-shopper-${randomUUID()}`;
    const [{ register: registerEsm }, { register: registerCjs }] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
    registerCjs({ namespace });
    return registerEsm({ namespace }).import as ScopedImport;
  })();
  return scopedImport;
}

/**
 * A module's exports as ESM sees them. A file compiled to CommonJS (a .ts file in a project
 * without "type": "module") arrives as `{ default: module.exports }`, and its own `export
 * default` is one level further down.
 */
function esmView(ns: Record<string, unknown>): Record<string, unknown> {
  const cjs = ns.default as Record<string, unknown> | undefined;
  return cjs && typeof cjs === 'object' && cjs.__esModule === true ? cjs : ns;
}

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
    const load = await loader();
    return esmView(await Promise.race([load(pathToFileURL(abs).href, import.meta.url), tooLong])) as T;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`could not load: ${(err as Error).message.split('\n')[0]}`, { file: shown });
  } finally {
    clearTimeout(timer);
  }
}
