import { readFileSync } from 'node:fs';
import { configJsonSchema } from '../../src/config/config-json-schema.js';

describe('schema/backend-agent.schema.json', () => {
  it('matches the zod schema (run `npm run schema` after changing the config)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../schema/backend-agent.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(configJsonSchema())));
  });
});
