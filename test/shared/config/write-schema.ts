// Regenerates schema/ossedge.schema.json from the shapes: `npx tsx test/shared/config/write-schema.ts`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildJsonSchema } from '../../../shared/config/json-schema.ts';

export const SCHEMA_PATH = fileURLToPath(new URL('../../../schema/ossedge.schema.json', import.meta.url));
export const schemaText = (): string => `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_PATH, schemaText());
  console.log(`wrote ${SCHEMA_PATH}`);
}
