import type { ActionDef } from '../action.ts';
import expect from './actions/expect.ts';
import expectReply from './actions/expect-reply.ts';
import openLink from './actions/open-link.ts';
import reply from './actions/reply.ts';

/** The email channel's actions, by the name a journey uses. */
export const emailActions: ActionDef<any>[] = [expect, openLink, reply, expectReply];
