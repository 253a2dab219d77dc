import { z } from 'zod';

/** A value the customer typed, as a salted hash (never the value itself), for `reasked-information`. */
export const TypedValue = z.object({
  /** Where it was typed, from the un-templated journey, e.g. `field "Email"` or `email reply`. */
  field: z.string(),
  hash: z.string(),
});
export type TypedValue = z.infer<typeof TypedValue>;
