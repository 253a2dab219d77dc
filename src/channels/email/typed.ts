import { createHash, randomBytes } from 'node:crypto';
import type { Interactions } from '../../model/run-record.ts';

// A random salt for this process, never written anywhere: a hash in a report cannot be turned
// back into what was typed (not even a short value like a postcode), yet equal values in one
// audit hash the same, which is all `reasked-information` needs.
const SALT = randomBytes(16);

/** Case, surrounding and repeated spaces do not make a value different for a customer. */
export const normaliseTyped = (value: string): string => value.trim().replace(/\s+/g, ' ').toLowerCase();

export function typedHash(value: string): string {
  return createHash('sha256').update(SALT).update(normaliseTyped(value)).digest('hex').slice(0, 16);
}

/** Notes a typed value in the step's interactions (secrets and empty values are never noted). */
export function noteTyped(interactions: Interactions, field: string, value: string, secret: boolean): void {
  if (secret || normaliseTyped(value) === '') return;
  (interactions.typed ??= []).push({ field, hash: typedHash(value) });
}
