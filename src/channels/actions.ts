import type { ActionDef } from './action.ts';
import { channels } from './index.ts';
import { webActions } from './web/actions.ts';

/** Every action a journey step may use: the page's, then each channel's. */
export const allActions: ActionDef<any>[] = [...webActions, ...channels.flatMap((c) => c.actions)];
export const actionsByName = new Map(allActions.map((a) => [a.name, a]));
