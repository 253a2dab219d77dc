import type { ActionDef } from '../action.ts';
import check from './actions/check.ts';
import click from './actions/click.ts';
import expect from './actions/expect.ts';
import fill from './actions/fill.ts';
import goto from './actions/goto.ts';
import press from './actions/press.ts';
import remember from './actions/remember.ts';
import select from './actions/select.ts';
import tick from './actions/tick.ts';
import waitFor from './actions/wait-for.ts';

/** The web channel's actions, by the name a journey uses. */
export const webActions: ActionDef<any>[] = [goto, click, fill, select, tick, press, expect, waitFor, check, remember];
