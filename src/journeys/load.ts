import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { importWithin } from '../config/import-within.ts';
import { InputError, InputErrors, inputErrorsFromIssues, type IssuePath } from '../errors.ts';
import { ACTION_NAMES, Journey } from './schema.ts';

const JOURNEY_FILE = /\.journey\.(ya?ml|ts|mts|js|mjs)$/;

export interface LoadedJourney {
  journey: Journey;
  /** Path relative to the working directory, for messages and reports. */
  file: string;
  /** Where a path inside the journey is written (YAML only), for later errors such as templating. */
  locate: (path: IssuePath) => { line: number; column: number } | undefined;
}

/** Expands files and folders into journey files, sorted for a stable order. */
export function findJourneyFiles(paths: string[], cwd: string): string[] {
  const out = new Set<string>();
  const walk = (abs: string, explicit: boolean) => {
    if (!existsSync(abs)) throw new InputError(`no such file or folder: ${relative(cwd, abs) || abs}`);
    if (statSync(abs).isDirectory()) {
      for (const name of readdirSync(abs).sort()) {
        if (name === 'node_modules' || name.startsWith('.')) continue;
        walk(join(abs, name), false);
      }
    } else if (explicit || JOURNEY_FILE.test(abs)) {
      out.add(abs);
    }
  };
  for (const p of paths) walk(resolve(cwd, p), true);
  return [...out].sort();
}

/** Loads and validates every journey; throws one InputErrors listing every problem in every file. */
export async function loadJourneys(paths: string[], cwd: string): Promise<LoadedJourney[]> {
  const files = findJourneyFiles(paths, cwd);
  if (files.length === 0) throw new InputError(`no journeys found in ${paths.join(', ')} (files named *.journey.yaml or *.journey.ts)`);
  const loaded: LoadedJourney[] = [];
  const errors: InputError[] = [];
  for (const abs of files) {
    const file = relative(cwd, abs) || abs;
    try {
      loaded.push(...(/\.ya?ml$/.test(abs) ? loadYaml(abs, file) : await loadModule(abs, file)));
    } catch (err) {
      if (err instanceof InputErrors) errors.push(...err.errors);
      else if (err instanceof InputError) errors.push(err);
      else throw err;
    }
  }
  const seen = new Map<string, string>();
  for (const j of loaded) {
    const other = seen.get(j.journey.id);
    if (other) errors.push(new InputError(`journey id "${j.journey.id}" is already used by ${other}`, { file: j.file, ...j.locate(['id']), path: 'id' }));
    seen.set(j.journey.id, j.file);
  }
  if (errors.length) throw new InputErrors(errors);
  return loaded;
}

function loadYaml(abs: string, file: string): LoadedJourney[] {
  return [parseJourneyYaml(readFileSync(abs, 'utf8'), file)];
}

/** Parses and validates one YAML journey; anything wrong with it is an InputError naming `file`. */
export function parseJourneyYaml(text: string, file: string): LoadedJourney {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length) {
    throw new InputErrors(
      doc.errors.map((e) => {
        const { line, col } = lineCounter.linePos(e.pos[0]);
        return new InputError(`invalid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, { file, line, column: col });
      }),
    );
  }
  const locate = (path: IssuePath) => {
    // Walk down as far as the path exists: a missing field is reported where its parent is.
    // A mapping entry is shown where its key is written.
    let node: unknown = doc.contents;
    let found: Node | undefined = node as Node;
    for (const key of path) {
      let at: Node | undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
        at = pair?.key as Node | undefined;
        node = pair?.value;
      } else if (isSeq(node)) {
        node = node.get(key as number, true);
        at = node as Node | undefined;
      } else break;
      if (!at) break;
      found = at;
    }
    const start = found?.range?.[0];
    if (start === undefined) return undefined;
    const { line, col } = lineCounter.linePos(start);
    return { line, column: col };
  };
  let raw: unknown;
  try {
    // yaml refuses documents that expand aliases without end (a "billion laughs" bomb).
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    const message = (err as Error).message.split('\n')[0];
    throw new InputError(`invalid YAML: ${message}${/alias count/i.test(message) ? ' (too many aliases: write the values out)' : ''}`, { file, line: 1 });
  }
  return validate(raw, file, locate);
}

async function loadModule(abs: string, file: string): Promise<LoadedJourney[]> {
  const mod = await importWithin<{ default?: unknown }>(abs, file);
  if (mod.default === undefined) throw new InputError('expected `export default defineJourney({...})`', { file });
  const list = Array.isArray(mod.default) ? mod.default : [mod.default];
  const locate = () => undefined;
  return list.map((raw, i) => validate(raw, list.length > 1 ? `${file}#${i}` : file, locate));
}

function validate(raw: unknown, file: string, locate: LoadedJourney['locate']): LoadedJourney {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError('expected a journey: a mapping with id, name and steps', { file, line: 1 });
  }
  const parsed = Journey.safeParse(raw);
  if (!parsed.success) {
    // "unknown action clik" already says all that "expected an action" would.
    const issues = parsed.error.issues;
    const unknownAt = new Set(issues.filter((i) => i.code === 'unrecognized_keys').map((i) => i.path.join('.')));
    const kept = issues.filter((i) => !(i.code === 'custom' && i.message.startsWith('expected an action') && unknownAt.has(i.path.join('.'))));
    throw inputErrorsFromIssues(kept, file, { locate, explain });
  }
  return { journey: parsed.data, file, locate };
}

/** Plainer words for the mistakes people make most in journeys. */
function explain(issue: { code: string; path: PropertyKey[]; keys?: string[] }): string | undefined {
  if (issue.code !== 'unrecognized_keys' || !issue.keys?.length) return undefined;
  const inStep = issue.path.length === 2 && (issue.path[0] === 'steps' || issue.path[0] === 'cleanup');
  const inDo = issue.path.length === 4 && (issue.path[0] === 'steps' || issue.path[0] === 'cleanup') && issue.path[2] === 'do';
  const names = issue.keys.map((k) => `"${k}"`).join(', ');
  if (inStep) return `unknown action or step field ${names}: expected name, budgetMs, do, or an action (${ACTION_NAMES.join(', ')})`;
  if (inDo) return `unknown action ${names}: expected one of ${ACTION_NAMES.join(', ')}`;
  return undefined;
}
