import type { ActionDef } from '../channels/action.ts';
import { actionsByName } from '../channels/actions.ts';
import type { Config } from '../config/schema.ts';
import type { LoadedEnv } from '../config/env.ts';
import { InputError, InputErrors } from '../errors.ts';
import type { LoadedJourney } from '../journeys/load.ts';
import type { Step } from '../journeys/schema.ts';
import { renderDeep, TemplateError, type TemplateContext } from '../journeys/template.ts';
import type { Budgets } from '../model/run-record.ts';

export interface PlannedAction {
  def: ActionDef<any>;
  /** Label from the un-templated args, safe to record. */
  label: string;
  /** Templated args, as typed into the page. */
  args: unknown;
}

export interface PlannedStep {
  index: number;
  name: string;
  budgetMs?: number;
  actions: PlannedAction[];
}

/** One run of one journey for one persona and repeat: everything execute needs, nothing more. */
export interface PlannedRun {
  runId: string;
  journeyId: string;
  journeyName: string;
  journeyFile: string;
  tags: string[];
  persona: string;
  repeat: number;
  budgets: Budgets;
  steps: PlannedStep[];
  /** Values never to be written anywhere: redacted from records, masked in screenshots. */
  secrets: string[];
}

export interface PlanOptions {
  grep?: RegExp;
  /** Extra template values per persona, e.g. `smtp` from a channel started for the audit. */
  templateExtras?: (persona: string, journeyId: string) => Record<string, unknown>;
}

const START_STEP_NAME = 'Open the start page';

/** journeys × personas × repeat, with budgets resolved and templates rendered (so bad input fails before running). */
export function plan(journeys: LoadedJourney[], config: Config, env: LoadedEnv, opts: PlanOptions = {}): PlannedRun[] {
  const runs: PlannedRun[] = [];
  const errors: InputError[] = [];
  for (const { journey, file, locate } of journeys) {
    if (opts.grep && !opts.grep.test(`${journey.id} ${journey.name} ${journey.tags.map((t) => `@${t}`).join(' ')}`)) continue;
    const personaNames = journey.personas ?? Object.keys(config.personas);
    const budgets: Budgets = { ...config.budgets, ...journey.budgets };
    const steps: { step: Step; path: (string | number)[] }[] = journey.steps.map((step, i) => ({ step, path: ['steps', i] }));
    if (journey.start) steps.unshift({ step: { name: START_STEP_NAME, goto: journey.start } as Step, path: ['start'] });
    for (const personaName of personaNames) {
      const persona = config.personas[personaName];
      if (!persona) {
        const at = journey.personas ? ['personas', journey.personas.indexOf(personaName)] : ['personas'];
        errors.push(new InputError(`unknown persona "${personaName}" (the config defines: ${Object.keys(config.personas).join(', ') || 'none'})`, { file, ...locate(at), path: at.join('.') }));
        continue;
      }
      const values: Record<string, string> = {};
      const secrets = new Set<string>();
      for (const [field, v] of Object.entries(persona)) {
        const value = typeof v === 'string' ? v : v.value;
        values[field] = value;
        if (typeof v !== 'string' && v.secret) secrets.add(value);
      }
      for (const name of env.secretNames) {
        const v = env.values[name];
        if (v && v.length >= 4) secrets.add(v);
      }
      const ctx: TemplateContext = { ...opts.templateExtras?.(personaName, journey.id), persona: values, env: env.values };
      // Persona values may themselves use {{env.X}}.
      try {
        for (const [field, value] of Object.entries(values)) {
          values[field] = renderDeep(value, { ...ctx, persona: {} });
          if (secrets.has(value)) secrets.add(values[field]);
        }
      } catch (err) {
        if (!(err instanceof TemplateError)) throw err;
        errors.push(new InputError(`${err.message} in persona "${personaName}"`, { path: `personas.${personaName}` }));
        continue;
      }
      let planned: PlannedStep[];
      try {
        planned = steps.map(({ step, path }, index) => planStep(step, index, budgets, ctx, path));
      } catch (err) {
        if (!(err instanceof StepTemplateError)) throw err;
        errors.push(new InputError(err.message, { file, ...locate(err.path), path: err.path.join('.').replace(/\.(\d+)/g, '[$1]') }));
        continue;
      }
      for (let repeat = 1; repeat <= journey.repeat; repeat++) {
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
          secrets: [...secrets].filter((s) => s.length > 0),
        });
      }
    }
  }
  if (errors.length) throw new InputErrors(errors);
  return runs;
}

class StepTemplateError extends Error {
  constructor(message: string, readonly path: (string | number)[]) {
    super(message);
  }
}

function planStep(step: Step, index: number, budgets: Budgets, ctx: TemplateContext, path: (string | number)[]): PlannedStep {
  const entries: { entry: Record<string, unknown>; at: (string | number)[] }[] = step.do
    ? step.do.map((entry, i) => ({ entry: entry as Record<string, unknown>, at: [...path, 'do', i] }))
    : [{ entry: step as Record<string, unknown>, at: path }];
  const actions = entries.map(({ entry, at }) => {
    const name = Object.keys(entry).find((k) => actionsByName.has(k) && entry[k] !== undefined) as string;
    const def = actionsByName.get(name) as ActionDef<any>;
    const raw = entry[name];
    try {
      return { def, label: def.describe(raw), args: renderDeep(raw, ctx) };
    } catch (err) {
      if (err instanceof TemplateError) throw new StepTemplateError(err.message, [...at, name]);
      throw err;
    }
  });
  return {
    index,
    name: step.name ?? actions.map((a) => a.label).join(', '),
    budgetMs: step.budgetMs ?? budgets.stepMs,
    actions,
  };
}
