import type { FrictionRule } from '../rule.ts';
import consoleError from './console-error.ts';
import deadEnd from './dead-end.ts';
import httpError from './http-error.ts';
import slowJourney from './slow-journey.ts';
import slowStep from './slow-step.ts';
import tooManySteps from './too-many-steps.ts';

/** The rules `analyse` runs unless told otherwise, most severe kind first (the order of docs/rules.md). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const builtInRules: FrictionRule<any>[] = [deadEnd, httpError, consoleError, slowStep, slowJourney, tooManySteps];
