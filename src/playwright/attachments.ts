// The names of the attachments the fixture hands the reporter: in a file of their own, so the
// fixture (loaded by every worker) shares them without loading the record schemas.

/** The fixture's JSON recording of one test (recording.ts). */
export const RECORDING_ATTACHMENT = 'mystery-shopper.json';
/** Screenshot attachments start with this (then the step's number, or `failure`). */
export const SCREENSHOT_ATTACHMENT_PREFIX = 'mystery-shopper screenshot';
