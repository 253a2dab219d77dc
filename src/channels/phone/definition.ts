import { defineChannel, type ChannelDef } from '../define.ts';
import { phoneActions } from './actions.ts';
import { analysePhone, phoneAnalysisOptions, type PhoneAnalysis } from './analysis.ts';
import { phoneChannel } from './channel.ts';
import { PhoneLog } from './record.ts';
import holdWait from './rules/hold-wait.ts';
import ivrDepth from './rules/ivr-depth.ts';
import ivrLoop from './rules/ivr-loop.ts';
import longPrompt from './rules/long-prompt.ts';
import noPersonOption from './rules/no-person-option.ts';
import phoneClosedNoHours from './rules/phone-closed-no-hours.ts';
import phoneTransfer from './rules/phone-transfer.ts';
import slowPrompt from './rules/slow-prompt.ts';
import slowToPerson from './rules/slow-to-person.ts';
import { PhoneSettings } from './settings.ts';
import { PhoneSummary, phoneSummary } from './summary.ts';
import { phoneView } from './view.ts';

const PhoneConfig = PhoneSettings.prefault({});

/** Phone: the company's IVR, called the way a telephony provider does (docs/phone.md). Typed out: the run record's type is built from it. */
export const phone: ChannelDef<'phone', typeof PhoneConfig, typeof PhoneLog, typeof PhoneSummary, PhoneAnalysis> = defineChannel({
  ...phoneChannel,
  name: 'phone',
  config: PhoneConfig,
  record: PhoneLog,
  summary: PhoneSummary,
  actions: phoneActions,
  rules: [ivrDepth, slowToPerson, holdWait, phoneTransfer, ivrLoop, noPersonOption, phoneClosedNoHours, longPrompt, slowPrompt],
  analyse: (log, options) => analysePhone(log, phoneAnalysisOptions(options)),
  summarise: (log, _run, analysis) => phoneSummary(log, analysis),
  view: { template: new URL('./view.hbs', import.meta.url), build: phoneView },
});
