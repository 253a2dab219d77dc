import type { ActionDef } from '../action.ts';
import close from './actions/close.ts';
import expectAgent from './actions/expect-agent.ts';
import expectReply from './actions/expect-reply.ts';
import open from './actions/open.ts';
import say from './actions/say.ts';

/** The chat channel's actions, by the name a journey uses. */
export const chatActions: ActionDef<any>[] = [open, say, expectReply, expectAgent, close];
