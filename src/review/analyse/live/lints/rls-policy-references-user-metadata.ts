import { code, type LiveLint } from './lint-api.js';
import { POLICIES_SQL, policyKey } from './policies.js';
import { ruleMeta } from '../../../../catalog/index.js';

const METADATA = /user_meta_?data/i;

export const userMetadataLint: LiveLint = {
  meta: ruleMeta('rls-policy-references-user-metadata'),
  supabaseOnly: true,
  sql: POLICIES_SQL,
  report(row) {
    const direct = METADATA.test(`${row.qual} ${row.chk}`);
    if (!direct && !row.metadata_function) return undefined;
    return {
      keys: [policyKey(row)],
      message:
        `Policy "${row.name}" on ${code(`${row.schema}.${row.tbl}`)} ${direct ? 'reads' : 'calls a function that reads'} user_metadata, ` +
        `which every user can edit with \`supabase.auth.updateUser()\`: a user can grant themselves this access. ` +
        `Read it from app_metadata or a table the user cannot write.`,
    };
  },
};
