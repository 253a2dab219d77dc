import type { ActionDef } from './action.ts';
import { emailActions } from './email/actions.ts';
import { webActions } from './web/actions.ts';

/** Every action a journey step may use, across channels. */
export const allActions: ActionDef<any>[] = [...webActions, ...emailActions];
export const actionsByName = new Map(allActions.map((a) => [a.name, a]));
