import type { ActionDef } from '../channels/action.ts';
import { actionsByName } from '../channels/actions.ts';
import type { Config } from '../config/schema.ts';
import type { LoadedEnv } from '../config/env.ts';
import { InputError, InputErrors } from '../errors.ts';
import type { LoadedJourney } from '../journeys/load.ts';
import type { Step } from '../journeys/schema.ts';
import { placeRemembered } from '../journeys/remembered.ts';
import { newRunValues, renderDeep, RUN_VALUES, TemplateError, type TemplateContext } from '../journeys/template.ts';
import type { Budgets } from '../model/run-record.ts';
import type { PlannedRun, PlannedStep } from '../model/planned-run.ts';
import { declaredWait } from '../channels/wait.ts';

export interface PlanOptions {
  grep?: RegExp;
  /** Only runs of these personas (`--persona`); a name the config does not define is bad input. */
  personas?: readonly string[];
  /** Extra template values per persona, e.g. `smtp` from a channel started for the audit. */
  templateExtras?: (persona: string, journeyId: string) => Record<string, unknown>;
  /** Kinds of finding a `check` may name (built-in rule ids and the config's `findings`); unchecked when absent. */
  findingKinds?: ReadonlySet<string>;
}

const START_STEP_NAME = 'Open the start page';

/** journeys × personas × repeat, with budgets resolved and templates rendered (so bad input fails before running). */
export function plan(journeys: LoadedJourney[], config: Config, env: LoadedEnv, opts: PlanOptions = {}): PlannedRun[] {
  const runs: PlannedRun[] = [];
  const errors: InputError[] = [];
  const unknown = opts.personas?.filter((p) => !Object.hasOwn(config.personas, p)) ?? [];
  if (unknown.length) {
    throw new InputError(`--persona: unknown persona ${unknown.map((p) => `"${p}"`).join(', ')} (the config defines: ${Object.keys(config.personas).join(', ') || 'none'})`);
  }
  for (const { journey, file, locate } of journeys) {
    if (opts.grep && !opts.grep.test(`${journey.id} ${journey.name} ${journey.tags.map((t) => `@${t}`).join(' ')}`)) continue;
    const personaNames = journey.personas ?? Object.keys(config.personas);
    const budgets: Budgets = { ...config.budgets, ...journey.budgets };
    const steps: { step: Step; path: (string | number)[]; implicit?: boolean }[] = journey.steps.map((step, i) => ({ step, path: ['steps', i] }));
    if (journey.start) steps.unshift({ step: { name: START_STEP_NAME, goto: journey.start } as Step, path: ['start'], implicit: true });
    const cleanupSteps = (journey.cleanup ?? []).map((step, i) => ({ step, path: ['cleanup', i] as (string | number)[] }));
    const problems = checkJourney([...steps, ...cleanupSteps], config, opts.findingKinds);
    if (problems.length) {
      for (const p of problems) errors.push(new InputError(p.message, { file, ...locate(p.path), path: p.path.join('.').replace(/\.(\d+)/g, '[$1]') }));
      continue;
    }
    for (const personaName of personaNames) {
      const persona = config.personas[personaName];
      if (!persona) {
        const at = journey.personas ? ['personas', journey.personas.indexOf(personaName)] : ['personas'];
        errors.push(new InputError(`unknown persona "${personaName}" (the config defines: ${Object.keys(config.personas).join(', ') || 'none'})`, { file, ...locate(at), path: at.join('.') }));
        continue;
      }
      if (opts.personas?.length && !opts.personas.includes(personaName)) continue;
      const secrets = new Set<string>();
      for (const name of env.secretNames) {
        const v = env.values[name];
        if (v && v.length >= 4) secrets.add(v);
      }
      const extras = opts.templateExtras?.(personaName, journey.id);
      // Each run (persona × repeat) has its own {{now}} and {{uniqueId}}, so its persona values
      // and steps are rendered for it.
      for (let repeat = 1; repeat <= journey.repeat; repeat++) {
        const base: TemplateContext = { ...extras, persona: {}, env: env.values, [RUN_VALUES]: newRunValues(new Date(), config.testTag) };
        const ctx: TemplateContext = { ...base, persona: personaValues(persona, personaName, base, secrets) };
        let planned: PlannedStep[];
        let cleanup: PlannedStep[];
        try {
          planned = steps.map(({ step, path, implicit }, index) => ({
            ...planStep(step, index, budgets, ctx, path),
            ...(implicit ? { implicit: true } : {}),
          }));
          cleanup = cleanupSteps.map(({ step, path }, index) => planStep(step, index, {}, ctx, path));
        } catch (err) {
          if (!(err instanceof StepTemplateError)) throw err;
          errors.push(new InputError(err.message, { file, ...locate(err.path), path: err.path.join('.').replace(/\.(\d+)/g, '[$1]') }));
          break; // the other repeats would fail the same way
        }
        runs.push({
          runId: `${journey.id}/${personaName}/${repeat}`,
          journeyId: journey.id,
          journeyName: journey.name,
          journeyFile: file,
          tags: journey.tags,
          persona: personaName,
          repeat,
          budgets,
          steps: planned,
          ...(cleanup.length ? { cleanup } : {}),
          secrets: [...secrets].filter((s) => s.length > 0),
        });
      }
    }
  }
  if (errors.length) throw new InputErrors(errors);
  return runs;
}

/**
 * A persona's values for one run. Persona values may themselves use {{env.X}}, the channels'
 * values ({{inbox.address}}) and the helpers, but a value that cannot be rendered fails only a
 * step that uses it (at that step's line, naming the field): a field the planned runs never use
 * never fails them. Secret fields' rendered values join `secrets`.
 */
function personaValues(persona: Config['personas'][string], personaName: string, ctx: TemplateContext, secrets: Set<string>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const v of Object.values(persona)) if (typeof v !== 'string' && v.secret) secrets.add(v.value);
  for (const [field, v] of Object.entries(persona)) {
    const raw = typeof v === 'string' ? v : v.value;
    try {
      const value = renderDeep(raw, ctx);
      if (secrets.has(raw)) secrets.add(value);
      values[field] = value;
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      const message = `${err.message} in persona "${personaName}", field "${field}" (used as {{persona.${field}}})`;
      Object.defineProperty(values, field, {
        enumerable: true,
        get() {
          throw new TemplateError(message);
        },
      });
    }
  }
  return values;
}

class StepTemplateError extends Error {
  constructor(message: string, readonly path: (string | number)[]) {
    super(message);
  }
}

function planStep(step: Step, index: number, budgets: Budgets, ctx: TemplateContext, path: (string | number)[]): PlannedStep {
  const actions = entriesOf(step, path).map(({ name, args, at }) => {
    const def = actionsByName.get(name) as ActionDef<any>;
    try {
      const planned = { def, label: def.describe(args), args: renderDeep(args, ctx), written: args };
      // What it remembers, later actions may use ({{order.number}}): filled in as the run goes.
      const name = def.remembers?.(args);
      if (name !== undefined) placeRemembered(ctx, name);
      return planned;
    } catch (err) {
      if (err instanceof TemplateError) throw new StepTemplateError(err.message, at);
      throw err;
    }
  });
  const dialog = step.dialog === undefined ? undefined : typeof step.dialog === 'string' ? { answer: step.dialog } : step.dialog;
  return {
    index,
    name: step.name ?? actions.map((a) => a.label).join(', '),
    budgetMs: step.budgetMs ?? budgets.stepMs,
    actions,
    ...(dialog ? { dialog } : {}),
  };
}

/** The actions of a step as written, with where each is in the journey file. */
function entriesOf(step: Step, path: (string | number)[]): { name: string; args: unknown; at: (string | number)[] }[] {
  const entries = step.do
    ? step.do.map((entry, i) => ({ entry: entry as Record<string, unknown>, at: [...path, 'do', i] }))
    : [{ entry: step as Record<string, unknown>, at: path }];
  return entries.map(({ entry, at }) => {
    const name = Object.keys(entry).find((k) => actionsByName.has(k) && entry[k] !== undefined) as string;
    return { name, args: entry[name], at: [...at, name] };
  });
}

/**
 * What the schema alone cannot say: a declared wait longer than the journey may last (it would
 * be cut, and the customer's real wait never measured), and a check naming an unknown kind.
 */
function checkJourney(
  steps: { step: Step; path: (string | number)[] }[],
  config: Config,
  findingKinds: ReadonlySet<string> | undefined,
): { message: string; path: (string | number)[] }[] {
  const problems: { message: string; path: (string | number)[] }[] = [];
  for (const { step, path } of steps) {
    for (const { name, args, at } of entriesOf(step, path)) {
      const { withinMs, patienceMs } = declaredWait(args);
      // A wait that can outlast the audit keeps the run up only for waitInAuditMs; `resume` does the rest.
      const outlasts = actionsByName.get(name)?.outlastsAudit === true;
      for (const [field, ms] of [['within', withinMs], ['patience', patienceMs]] as const) {
        const inAudit = ms !== undefined && outlasts ? Math.min(ms, config.waitInAuditMs) : ms;
        if (inAudit !== undefined && inAudit > config.journeyTimeoutMs) {
          problems.push({
            message: outlasts
              ? `${field} ${ms} ms: the audit would wait waitInAuditMs (${config.waitInAuditMs} ms), which cannot fit in journeyTimeoutMs (${config.journeyTimeoutMs} ms): lower waitInAuditMs or raise journeyTimeoutMs in the config`
              : `${field} ${ms} ms cannot fit in journeyTimeoutMs (${config.journeyTimeoutMs} ms): raise journeyTimeoutMs in the config, or wait less`,
            path: [...at, field],
          });
        }
      }
      const finding = name === 'check' ? (args as { finding?: string }).finding : undefined;
      if (finding !== undefined && findingKinds && !findingKinds.has(finding)) {
        problems.push({
          message: `unknown finding kind "${finding}": name a built-in rule (${[...findingKinds].filter((k) => !(k in config.findings)).join(', ')}) or declare it in the config's \`findings\``,
          path: [...at, 'finding'],
        });
      }
    }
  }
  return problems;
}
