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
      answer: z.enum(['accept', 'dismiss']).default('accept').describe('OK (accept) or Cancel (dismiss)'),
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
  .superRefine(exactlyOneAction([...ACTION_NAMES, 'do'], true))
  // Defined once in the JSON Schema, for `steps` and `cleanup` alike.
  .meta({ id: 'step' });
export type Step = z.infer<typeof Step>;

/**
 * Cleanup is never scored, so it takes no action whose whole point is a score: a `check`, or a
 * chat or email action (their channels' records are closed before cleanup starts).
 */
function cleanupActionsOnly(journey: { cleanup?: Step[] }, ctx: z.RefinementCtx): void {
  journey.cleanup?.forEach((step, i) => {
    const entries = step.do ? step.do.map((entry, j) => ({ entry: entry as Record<string, unknown>, at: ['cleanup', i, 'do', j] })) : [{ entry: step as Record<string, unknown>, at: ['cleanup', i] }];
    for (const { entry, at } of entries) {
      for (const name of ACTION_NAMES) {
        if (entry[name] === undefined) continue;
        if (name === 'check') ctx.addIssue({ code: 'custom', path: [...at, name], message: 'a check in cleanup would never be scored: use expect to make sure the cleanup worked' });
        else if (name.includes('.')) ctx.addIssue({ code: 'custom', path: [...at, name], message: `cleanup steps use web actions only, not ${name} (cleanup runs after the chat and email records are closed)` });
      }
    }
  });
}

export const Journey = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected lower-case letters, digits, dots, dashes or underscores')
      .describe('Stable id used in reports and --grep'),
    name: z.string().min(1).describe('What the customer sets out to do'),
    description: z.string().optional().describe('What the journey is about, in a sentence or two, for the people who read and keep it'),
    tags: z.array(z.string()).default([]).describe('Labels to pick journeys with: `--grep @tag`'),
    start: z.string().min(1).optional().describe('Page opened before the first step (relative to baseURL)'),
    personas: z.array(z.string()).min(1).optional().describe('Persona names from the config (default: all of them)'),
    repeat: z.number().int().positive().max(1000).default(1).describe('Runs per persona'),
    budgets: Budgets.strict().default({}).describe("Time and effort the journey should take; each one left out comes from the config's `budgets`"),
    steps: z.array(Step).min(1).describe('What the customer does, in order'),
    cleanup: z
      .array(Step)
      .optional()
      .describe(
        'Steps run after `steps` whatever happened (completed, dead end, out of time), in the same page and session, e.g. cancel the test order just placed. Recorded but never scored; one that fails is a warning on the scorecard. Web actions only, and `expect` rather than `check`',
      ),
  })
  .strict()
  .superRefine(cleanupActionsOnly);
export type Journey = z.infer<typeof Journey>;
export type JourneyInput = z.input<typeof Journey>;


export function journeyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Journey, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://mystery-shopper.dev/schema/journey.schema.json',
    title: 'mystery-shopper journey',
  };
}
