import type { z } from 'zod';
import type { ActionDef } from './action.ts';
import type { Channel } from './channel.ts';
import type { FrictionRule } from '../friction/rule.ts';
import type { RunRecord } from '../model/run-record.ts';
import type { RunSummary } from '../model/scorecard.ts';

/** Per rule id, the rule's options as configured (defaults filled in), enabled or not. */
export type OptionsByRule = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/**
 * A way a customer reaches the company besides the page itself (email, chat, phone), declared in
 * one folder and registered in `channels/index.ts`: its config slice (`config.<name>`), actions,
 * record slice (`run.channels.<name>`), analysis, scorecard slice (`runSummary.channels.<name>`),
 * rules and scorecard view, and how it starts for an audit.
 */
export interface ChannelDef<
  Name extends string = string,
  Config extends z.ZodType = z.ZodType,
  Rec extends z.ZodType = z.ZodType,
  Sum extends z.ZodType = z.ZodType,
  Analysis = unknown,
> extends Channel {
  name: Name;
  /** The config's `<name>` section, with its defaults. */
  config: Config;
  /** What a run records of the channel (`run.channels.<name>`). */
  record: Rec;
  /** What the scorecard keeps of it per run (`runSummary.channels.<name>`). */
  summary: Sum;
  actions: ActionDef<any>[];
  rules: FrictionRule<any>[];
  /**
   * What the channel makes of a run's record, computed once per run with the configured rule
   * options and read by its rules (`ctx.analysis.<name>`) and its summary alike. A `repeats` list
   * in it is read by the cross-channel `repeated-question` rule (see RepeatedAsk).
   */
  analyse?(record: z.infer<Rec>, options: OptionsByRule): Analysis;
  /** The run's slice of the scorecard (texts cut to a length, metrics a leader reads first), from the record and its analysis. */
  summarise(record: z.infer<Rec>, run: RunRecord, analysis: Analysis): z.infer<Sum> | undefined;
  /** The scorecard's section for the channel: a Handlebars template beside the definition, and its view model. */
  view: {
    template: URL;
    build(summary: z.infer<Sum>, run: RunSummary): unknown;
  };
}

/** Keeps the literal name and schemas, so the config, run record and scorecard types stay exact. */
export const defineChannel = <const Name extends string, Config extends z.ZodType, Rec extends z.ZodType, Sum extends z.ZodType, Analysis>(
  def: ChannelDef<Name, Config, Rec, Sum, Analysis>,
): ChannelDef<Name, Config, Rec, Sum, Analysis> => def;

/** Something the service side asked (or had the customer give) again, from any channel's analysis. */
export interface RepeatedAsk {
  /** The step where it was asked again. */
  stepIndex?: number;
  /** What was asked again, in the words of the channel ("Could you give me your order number?", "order number keyed in again"). */
  message: string;
  /** The transcript lines that show it. */
  excerpt: string[];
  /** The metric the finding shows (e.g. `chatRepeats`). */
  metric: string;
  /** What makes repeats one friction point (friction/cause.ts); default: the journey and step. */
  cause?: string;
}
