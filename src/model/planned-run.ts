// What execute runs: journeys × personas × repeats, planned by runner/plan.ts. Plain data that the
// channels (which need to know what an audit will use) and the runner both read.
import type { ActionDef } from '../channels/action.ts';
import type { Budgets } from './run-record.ts';

export interface PlannedAction {
  def: ActionDef<any>;
  /** Label from the un-templated args, safe to record. */
  label: string;
  /** Templated args, as typed into the page. */
  args: unknown;
  /** The args as the journey writes them (templates unrendered, no secrets): what a check records as its label. */
  written: unknown;
}

export interface PlannedStep {
  index: number;
  name: string;
  budgetMs?: number;
  actions: PlannedAction[];
  /** The step the tool adds to open `start`: not a step the customer takes (never counts toward maxSteps). */
  implicit?: boolean;
  /** A dialog the step expects, and how to answer it. */
  dialog?: { answer: 'accept' | 'dismiss'; text?: string };
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
  /** The journey's `cleanup:` steps, run after `steps` whatever happened; never scored. Indexed from 0. */
  cleanup?: PlannedStep[];
  /** Values never to be written anywhere: redacted from records, masked in screenshots. */
  secrets: string[];
}
