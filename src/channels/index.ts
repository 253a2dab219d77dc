/**
 * The channels besides the page, registered here and nowhere else: the config, the run record
 * and the scorecard take their sections from this list, the journey schema their actions, the
 * analysis their rules, the HTML report their views, and the pipeline starts the ones an audit needs.
 */
import { z } from 'zod';
import { chat } from './chat/definition.ts';
import { email } from './email/definition.ts';
import { phone } from './phone/definition.ts';
import { site } from './site/definition.ts';

export const channels = [email, chat, phone, site] as const;

type Defs = (typeof channels)[number];
type Slices<K extends 'record' | 'summary'> = { [D in Defs as D['name']]: z.ZodOptional<D[K]> };
const slices = <K extends 'record' | 'summary'>(key: K) => Object.fromEntries(channels.map((d) => [d.name, d[key].optional()])) as Slices<K>;

/** The config's sections of the channels (`email`, `chat`, …), each with its defaults. */
export const channelConfigs = Object.fromEntries(channels.map((d) => [d.name, d.config])) as { [D in Defs as D['name']]: D['config'] };

/** A run record's `channels`: what each channel recorded in the run (absent when it was not used). */
export const ChannelRecords = z.object(slices('record'));
export type ChannelRecords = z.infer<typeof ChannelRecords>;

/** A scorecard run's `channels`: what the scorecard keeps of each. */
export const ChannelSummaries = z.object(slices('summary'));
export type ChannelSummaries = z.infer<typeof ChannelSummaries>;
