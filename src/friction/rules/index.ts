import type { FrictionRule } from '../rule.ts';
import { channels } from '../../channels/index.ts';
import accessibility from './accessibility.ts';
import brokenDownload from './broken-download.ts';
import brokenImage from './broken-image.ts';
import consoleError from './console-error.ts';
import deadEnd from './dead-end.ts';
import httpError from './http-error.ts';
import layoutShift from './layout-shift.ts';
import pageChanged from './page-changed.ts';
import personaDisparity from './persona-disparity.ts';
import questionsAsked from './questions-asked.ts';
import reaskedInformation from './reasked-information.ts';
import repeatedQuestion from './repeated-question.ts';
import slowDown from './slow-down.ts';
import slowJourney from './slow-journey.ts';
import slowPage from './slow-page.ts';
import slowStep from './slow-step.ts';
import tooManySteps from './too-many-steps.ts';
import unexpectedDialog from './unexpected-dialog.ts';

/** Rules about any journey, whatever channel it uses, most severe kind first. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const journeyRules: FrictionRule<any>[] = [
  deadEnd,
  httpError,
  brokenDownload,
  consoleError,
  slowStep,
  slowJourney,
  slowDown,
  tooManySteps,
  personaDisparity,
  unexpectedDialog,
  reaskedInformation,
  questionsAsked,
  repeatedQuestion,
  slowPage,
  layoutShift,
  accessibility,
  brokenImage,
  pageChanged,
];

/** The rules `analyse` runs unless told otherwise: the journey rules, then each channel's (the order of docs/rules.md). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const builtInRules: FrictionRule<any>[] = [...journeyRules, ...channels.flatMap((c) => c.rules)];
