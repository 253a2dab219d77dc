import { z } from 'zod';
import { causeOf, sameText } from '../cause.ts';
import { defineRule, type FindingDraft } from '../rule.ts';
import { compileAll, excerpt, groupBy, matchesAny, oneLine, regexString, sentence, stepRef, times, quoteOptions, originOf } from './format.ts';

interface Problem {
  kind: 'page' | 'console';
  thirdParty?: boolean;
  stepIndex?: number;
  text: string;
  url?: string;
}

export default defineRule({
  id: 'console-error',
  title: 'Script errors on the page',
  description:
    'The page’s own code broke while the customer used it. An uncaught error (major) often leaves a button or form dead without telling the customer; an error logged to the console (minor) is a sign something behind the page is not working. Errors from other sites’ scripts are info, unless the step failed without the page saying why.',
  severity: 'minor',
  options: z.strictObject({
    ignorePatterns: z
      .array(regexString)
      .default(['^Failed to load resource'])
      .describe(
        'Messages matching one of these regular expressions are ignored. By default, the browser’s echo of a failed download, which http-error already reports.',
      ),
    ...quoteOptions,
  }),
  evaluate(run, { options }) {
    const ignore = compileAll(options.ignorePatterns);
    const problems: Problem[] = [
      ...run.observations.pageErrors.map((e): Problem => ({ kind: 'page', stepIndex: e.stepIndex, text: e.message, url: e.url, thirdParty: e.thirdParty })),
      ...run.observations.consoleErrors.map((e): Problem => ({ kind: 'console', stepIndex: e.stepIndex, text: e.text, url: e.url, thirdParty: e.thirdParty })),
    ].filter((p) => !matchesAny(p.text, ignore));
    const groups = groupBy(problems, (p) => JSON.stringify([p.kind, p.stepIndex ?? null, p.text]));
    const origin = originOf(run);
    return groups.map((group): FindingDraft => {
      const p = group[0];
      // Another site's script breaking is noise to the customer, unless the step it belongs to failed.
      const from = origin(p);
      const ref = stepRef(run, p.stepIndex);
      const { screenshot, ...step } = ref;
      const said = sentence(oneLine(p.text, options.messageMaxLength));
      const url = p.url ?? (ref.stepIndex !== undefined ? run.steps.find((s) => s.index === ref.stepIndex)?.url : undefined);
      return {
        ...(from === 'noise' ? { severity: 'info' as const } : p.kind === 'page' ? { severity: 'major' as const } : {}),
        ...step,
        // The same error (numbers folded) is one cause on whichever page and journey it breaks.
        cause: causeOf(p.kind, from, sameText(p.text)),
        message:
          p.kind === 'page'
            ? `The page’s code crashed with an uncaught error${times(group.length)}: ${said}`
            : `The page logged an error to the browser console${times(group.length)}: ${said}`,
        evidence: {
          ...(screenshot ? { screenshot } : {}),
          ...(url ? { url } : {}),
          // The console is not what the customer sees: the error text is technical detail.
          technical: excerpt(p.text, options.excerptMaxLines),
        },
      };
    });
  },
});
