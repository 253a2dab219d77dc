import type { ActionDef } from './action.ts';
import { chatActions } from './chat/actions.ts';
import { emailActions } from './email/actions.ts';
import { webActions } from './web/actions.ts';

/** Every action a journey step may use, across channels. */
export const allActions: ActionDef<any>[] = [...webActions, ...emailActions, ...chatActions];
export const actionsByName = new Map(allActions.map((a) => [a.name, a]));
