import type { Attempt, LiveSession } from '../shared/session.js';
import { USER_B } from './seed.js';

export interface Caller {
  role: 'authenticated' | 'anon';
  claims: Record<string, unknown>;
  /** How the evidence names the caller. */
  label: string;
}

export const AS_B: Caller = {
  role: 'authenticated',
  claims: { sub: USER_B.id, role: 'authenticated', aud: 'authenticated', email: USER_B.email, app_metadata: { provider: 'email' }, user_metadata: {} },
  label: `as user B (role \`authenticated\`, JWT sub \`${USER_B.id}\`)`,
};

export const AS_ANON: Caller = { role: 'anon', claims: { role: 'anon' }, label: 'as `anon` (the public API key, no user)' };

/**
 * Runs one statement as PostgREST would for this caller (the JWT claims in request.jwt.claims, then
 * SET ROLE), in a transaction that is always rolled back.
 */
export function runAs(session: LiveSession, caller: Caller, sql: string, before?: string): Promise<Attempt> {
  return session.rolledBack(async () => {
    if (before) await session.query(before);
    await session.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(caller.claims)]);
    await session.query(`set local role ${caller.role}`);
    return session.attempt(sql);
  });
}
