// Writes schema/journey.schema.json from the zod schema, the single source of truth.
import { writeFileSync } from 'node:fs';
import { journeyJsonSchema } from '../src/journeys/schema.ts';

writeFileSync(new URL('../schema/journey.schema.json', import.meta.url), `${JSON.stringify(journeyJsonSchema(), null, 2)}\n`);
console.log('wrote schema/journey.schema.json');
