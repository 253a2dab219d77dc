import { z } from 'zod';
import { allActions } from '../channels/actions.ts';
import { Budgets } from '../model/run-record.ts';

export const ACTION_NAMES = allActions.map((a) => a.name);

const actionFields = Object.fromEntries(
  allActions.map((a) => [
    a.name,
    // The id makes the JSON Schema define each action once and refer to it from steps and `do:` lists.
    (a.args as z.ZodType).meta({ id: `${a.name.replace('.', '_')}Action`, description: a.summary }).optional(),
  ]),
) as Record<string, z.ZodOptional<z.ZodType>>;

function exactlyOneAction(keys: string[], allowDo: boolean) {
  const choices = allowDo ? `${ACTION_NAMES.join(', ')} or do` : ACTION_NAMES.join(', ');
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const given = keys.filter((k) => value[k] !== undefined);
    if (given.length === 0) ctx.addIssue({ code: 'custom', message: `expected an action: one of ${choices}` });
    if (given.length > 1) {
      ctx.addIssue({
        code: 'custom',
        message: `expected one action per entry, got ${given.join(' and ')}${allowDo ? ' (list several under `do:`)' : ''}`,
      });
    }
  };
}

/** How the customer answers a dialog the step expects: `accept` (OK), `dismiss` (Cancel), or a prompt's text. */
export const StepDialog = z.union([
  z.enum(['accept', 'dismiss']),
  z
    .object({
      answer: z.enum(['accept', 'dismiss']).default('accept'),
      text: z.string().optional().describe('Typed into a prompt before accepting'),
    })
    .strict(),
]);
export type StepDialog = z.infer<typeof StepDialog>;

/** One action in a step's `do:` list, e.g. `{ click: { role: button, name: Pay } }`. */
export const ActionEntry = z
  .object(actionFields)
  .strict()
  .superRefine(exactlyOneAction(ACTION_NAMES, false))
  .describe('One action: a single key naming the action');

export const Step = z
  .object({
    name: z.string().min(1).optional().describe('What the customer does, in plain words (default: from the action)'),
    budgetMs: z.number().positive().optional().describe('How long this step may take before it counts as slow, ms'),
    do: z.array(ActionEntry).min(1).optional().describe('Several actions in one step, in order'),
    dialog: StepDialog.optional().describe(
      'A dialog (alert, confirm, prompt) this step makes the page show, and how the customer answers it; one the step does not mention is friction (unexpected-dialog)',
    ),
    ...actionFields,
  })
  .strict()
  .superRefine(exactlyOneAction([...ACTION_NAMES, 'do'], true));
export type Step = z.infer<typeof Step>;

export const Journey = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected lower-case letters, digits, dots, dashes or underscores')
      .describe('Stable id used in reports and --grep'),
    name: z.string().min(1).describe('What the customer sets out to do'),
    description: z.string().optional(),
    tags: z.array(z.string()).default([]),
    start: z.string().min(1).optional().describe('Page opened before the first step (relative to baseURL)'),
    personas: z.array(z.string()).min(1).optional().describe('Persona names from the config (default: all of them)'),
    repeat: z.number().int().positive().max(1000).default(1).describe('Runs per persona'),
    budgets: Budgets.strict().default({}),
    steps: z.array(Step).min(1),
  })
  .strict();
export type Journey = z.infer<typeof Journey>;
export type JourneyInput = z.input<typeof Journey>;

/** For TypeScript journeys: `export default defineJourney({...})`, checked like YAML ones. */
export const defineJourney = (journey: JourneyInput): JourneyInput => journey;

export function journeyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Journey, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://mystery-shopper.dev/schema/journey.schema.json',
    title: 'mystery-shopper journey',
  };
}
