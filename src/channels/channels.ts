import type { Channel } from './channel.ts';
import { chatChannel } from './chat/channel.ts';
import { emailChannel } from './email/channel.ts';

/** Channels that keep audit- or run-level state; started by the pipeline for every audit. */
export const allChannels: Channel[] = [emailChannel, chatChannel];
