import type { FrictionRule } from '../rule.ts';
import botLoop from './bot-loop.ts';
import chatUnavailable from './chat-unavailable.ts';
import noHumanEscalation from './no-human-escalation.ts';
import queueWait from './queue-wait.ts';
import repeatedQuestion from './repeated-question.ts';
import slowFirstReply from './slow-first-reply.ts';
import slowReply from './slow-reply.ts';
import transfer from './transfer.ts';
import consoleError from './console-error.ts';
import deadEnd from './dead-end.ts';
import httpError from './http-error.ts';
import slowJourney from './slow-journey.ts';
import slowStep from './slow-step.ts';
import tooManySteps from './too-many-steps.ts';
import brokenEmailLink from './broken-email-link.ts';
import missingEmail from './missing-email.ts';
import noAcknowledgement from './no-acknowledgement.ts';
import noPromisedTimeframe from './no-promised-timeframe.ts';
import noReplyPath from './no-reply-path.ts';
import questionsAsked from './questions-asked.ts';
import reaskedInformation from './reasked-information.ts';
import slowEmail from './slow-email.ts';
import personaDisparity from './persona-disparity.ts';
import unexpectedDialog from './unexpected-dialog.ts';

/** The rules `analyse` runs unless told otherwise, most severe kind first (the order of docs/rules.md). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const builtInRules: FrictionRule<any>[] = [
  deadEnd,
  httpError,
  consoleError,
  slowStep,
  slowJourney,
  tooManySteps,
  personaDisparity,
  unexpectedDialog,
  // Email and after-sales
  missingEmail,
  noAcknowledgement,
  noReplyPath,
  brokenEmailLink,
  slowEmail,
  noPromisedTimeframe,
  reaskedInformation,
  questionsAsked,
  // Chat
  chatUnavailable,
  noHumanEscalation,
  repeatedQuestion,
  botLoop,
  slowFirstReply,
  slowReply,
  queueWait,
  transfer,
];
