import { usesChannelActions, type Channel } from '../channel.ts';
import { ACME_CHAT_PROFILE } from './profile.ts';
import { CHAT_CHANNEL, ChatSession } from './session.ts';

/** The chat channel keeps no audit-level state; each run gets a session that records its chat. */
export const chatChannel: Channel = {
  name: CHAT_CHANNEL,
  async startAudit({ config }) {
    const profile = config?.chat ?? ACME_CHAT_PROFILE;
    return {
      channel: CHAT_CHANNEL,
      startRun: (ctx) => new ChatSession(ctx, profile),
      stop: async () => {},
    };
  },
  neededBy: (runs) => usesChannelActions(runs, CHAT_CHANNEL),
};
