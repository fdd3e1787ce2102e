import { code, type LiveLint } from './lint-api.js';
import { ruleMeta } from '../../../../catalog/index.js';

export const extensionInPublicLint: LiveLint = {
  meta: ruleMeta('extension-in-public'),
  // Exposure through the Data API is what makes public the wrong home; a plain PostgreSQL app has none.
  supabaseOnly: true,
  sql: `select e.extname as name from pg_extension e where e.extnamespace = 'public'::regnamespace`,
  report(row) {
    return {
      keys: [`ext:${row.name}`],
      message:
        `Extension ${code(row.name)} is installed in \`public\`, so its functions and types sit among the app's objects in an ` +
        `exposed schema. Create it \`with schema extensions\` (or \`alter extension ${row.name} set schema extensions\`).`,
    };
  },
};
