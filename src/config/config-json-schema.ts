import { z } from 'zod';
import { repoConfigSchema } from './repo-config.js';

export const SCHEMA_ID = 'https://raw.githubusercontent.com/backend-agent/backend-agent/main/schema/backend-agent.schema.json';

/** The JSON Schema of `.github/backend-agent.yml`, generated from the zod schema (editors autocomplete with it). */
export function configJsonSchema(): object {
  const generated = z.toJSONSchema(repoConfigSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  return { $id: SCHEMA_ID, title: 'backend-agent configuration', ...generated };
}
