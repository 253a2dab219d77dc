import type { FrictionRule } from '../../friction/rule.ts';
import holdWait from './rules/hold-wait.ts';
import ivrDepth from './rules/ivr-depth.ts';
import ivrLoop from './rules/ivr-loop.ts';
import longPrompt from './rules/long-prompt.ts';
import noPersonOption from './rules/no-person-option.ts';
import phoneClosedNoHours from './rules/phone-closed-no-hours.ts';
import phoneTransfer from './rules/phone-transfer.ts';
import slowToPerson from './rules/slow-to-person.ts';

/** The phone channel's rules, in the order of docs/phone.md. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const phoneRules: FrictionRule<any>[] = [ivrDepth, slowToPerson, holdWait, phoneTransfer, ivrLoop, noPersonOption, phoneClosedNoHours, longPrompt];
