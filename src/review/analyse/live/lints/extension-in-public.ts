import { code, type LiveLint } from './lint-api.js';

export const extensionInPublicLint: LiveLint = {
  meta: {
    id: 'extension-in-public',
    category: 'security',
    severity: 'low',
    title: 'Extension installed in the public schema',
    rationale:
      'An extension created without a schema lands in public, where its functions, types and operators are exposed by ' +
      'the Data API and mix with the application\'s objects. Install extensions into a dedicated schema ' +
      '(`create extension ... with schema extensions`).',
    anchors: ['splinter 0014 extension_in_public'],
  },
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
