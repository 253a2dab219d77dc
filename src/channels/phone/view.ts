import type { RunSummary } from '../../model/scorecard.ts';
import { formatMs, stepLabel } from '../../report/format.ts';
import { CALL_ENDINGS } from './record.ts';
import type { PhoneSummary } from './summary.ts';

export interface CallView {
  heading: string;
  metrics: Array<{ label: string; value: string }>;
  lines: Array<{ who: string; whoLabel: string; text: string; at: string; took?: string; step?: string }>;
}

export interface PhoneView {
  run: string;
  calls: CallView[];
}

const WHO = { line: 'Line', caller: 'Caller', call: 'Call' } as const;

/** The calls of one run (the one the journey shows): metrics and the transcript with times. */
export function phoneView(phone: PhoneSummary, run: RunSummary): PhoneView {
  return {
    run: `${run.persona} #${run.repeat}`,
    calls: phone.calls.map((c, n) => {
      const m = c.metrics;
      return {
        heading: `${phone.calls.length > 1 ? `Call ${n + 1}: ` : ''}${c.from} → ${c.to}, ${formatMs(m.durationMs)}, ${c.ended === 'open' ? 'still open when the run ended' : CALL_ENDINGS[c.ended]}`,
        metrics: [
          { label: 'Menus', value: String(m.menus) },
          { label: 'Listening', value: formatMs(m.listeningMs) },
          { label: 'Queue', value: m.queueMs ? formatMs(m.queueMs) : '–' },
          { label: 'To a person', value: m.timeToPersonMs === undefined ? '–' : formatMs(m.timeToPersonMs) },
          { label: 'On hold', value: m.holdMs ? formatMs(m.holdMs) : '–' },
          { label: 'Transfers', value: String(m.transfers) },
          { label: 'Keyed in again', value: String(m.repeats) },
        ],
        lines: c.lines.map((l, i) => {
          // The step is named where it begins, not on every line of it.
          const step = i > 0 && c.lines[i - 1].stepIndex === l.stepIndex ? undefined : stepLabel(run, l.stepIndex);
          return {
            who: l.who,
            whoLabel: WHO[l.who],
            text: l.text,
            at: formatMs(l.atMs),
            ...(l.durationMs ? { took: `lasts ${formatMs(l.durationMs)}` } : {}),
            ...(step ? { step } : {}),
          };
        }),
      };
    }),
  };
}
