import type { LiveSession } from '../shared/session.js';
import { AS_B, runAs } from './claims.js';
import { PROBE_RULES } from './probe-rules.js';
import type { ProbeFinding } from './run-probes.js';
import { USER_A } from './seed.js';
import { quoteIdent, quoteLiteral } from './table-facts.js';
import { markerOf } from './values.js';

export interface FunctionTarget {
  schema: string;
  name: string;
  /** pg_get_function_identity_arguments, for the catalog key. */
  args: string;
  /** Input argument types (format_type), in order. */
  argTypes: string[];
}

/**
 * Calls each SECURITY DEFINER function as user B, asking for user A's things (a uuid argument gets
 * A's id), and reports the ones whose result carries A's data (A's id, email or seeded values).
 */
export async function probeDefinerFunctions(session: LiveSession, targets: readonly FunctionTarget[]): Promise<ProbeFinding[]> {
  const findings: ProbeFinding[] = [];
  for (const f of targets) {
    const args = f.argTypes.map(argumentFor);
    if (args.some((a) => a === undefined)) continue;
    const call = `select * from ${quoteIdent(f.schema)}.${quoteIdent(f.name)}(${args.join(', ')})`;
    const result = await runAs(session, AS_B, `select row_to_json(r)::text as r from (${call}) as r limit 100`);
    if (!result.ok) continue;
    const leaked = result.result.rows.filter((row) => carriesUserA(String(row.r)));
    if (!leaked.length) continue;
    findings.push({
      rule: PROBE_RULES.definerLeak,
      keys: [`func:${f.schema}.${f.name}(${f.args})`],
      message:
        `Run ${AS_B.label}, \`${call}\` returned ${leaked.length} row${leaked.length > 1 ? 's' : ''} of user A's data ` +
        `(in a transaction that was rolled back): the function runs with its owner's rights and bypasses row level security. ` +
        `Filter by \`(select auth.uid())\` inside it, make it \`security invoker\`, or revoke execute from anon and authenticated.`,
    });
  }
  return findings;
}

function argumentFor(type: string): string | undefined {
  const t = type.toLowerCase();
  if (t === 'uuid') return `${quoteLiteral(USER_A.id)}::uuid`;
  if (t === 'text' || t.startsWith('character varying') || t === 'citext') return `${quoteLiteral(USER_A.email)}::${type}`;
  if (/^(integer|bigint|smallint|numeric)/.test(t)) return `1::${type}`;
  if (t === 'boolean') return 'true';
  return undefined;
}

function carriesUserA(text: string): boolean {
  return text.includes(USER_A.id) || text.includes(USER_A.email) || text.includes(markerOf('a'));
}
