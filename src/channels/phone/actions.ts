import type { ActionDef } from '../action.ts';
import call from './actions/call.ts';
import choose from './actions/choose.ts';
import expectPerson from './actions/expect-person.ts';
import expectPrompt from './actions/expect-prompt.ts';
import hangup from './actions/hangup.ts';
import press from './actions/press.ts';
import say from './actions/say.ts';

/** The phone channel's actions, by the name a journey uses. */
export const phoneActions: ActionDef<any>[] = [call, press, say, choose, expectPrompt, expectPerson, hangup];
