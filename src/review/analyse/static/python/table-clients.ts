import { loadPythonRuntime } from '../parsers/python-parser.js';
import { supabaseQueryOf, type ClientRole, type PythonClientRoles } from '../support/key-usage.js';
import type { Source } from '../support/key-usage-source.js';
import { Analysis } from './knowledge/analysis.js';
import { methodName, positional, receiver, stringValue } from './model/call-args.js';
import { Project } from './model/project.js';
import type { CallInfo, ModuleModel } from './model/types.js';
import { fieldOf } from './syntax/py-node.js';

/** How many files are modelled at most (the queries' and the sign-ins'): past that, every role is unknown. */
const MAX_FILES = 40;

/**
 * What puts a user's session on a supabase-py client: signing in (the client then sends the user's access token with
 * its later queries), setting a session, or handing PostgREST a token.
 */
const SESSION_CALL = /\.auth\.(sign_in\w*|sign_up|set_session|refresh_session|verify_otp|exchange_code_for_session)\(|\.postgrest\.auth\(/;
const SESSION_METHOD = /^(sign_in\w*|sign_up|set_session|refresh_session|verify_otp|exchange_code_for_session)$/;

/**
 * The role each Python Supabase query of the tables runs as: `service` for a client the value inference follows to
 * a factory given the service-role key (`create_client(url, settings.supabase_service_key)`, through helpers,
 * attributes and `Depends`), `user` for any other Supabase client (the anon key, a key it cannot name, a parameter
 * only annotated `Client`), `unknown` for a receiver it cannot follow. A service-role client that some code signs a
 * user in on (or one that cannot be told apart from it) sends that user's token afterwards: then no query counts as
 * the service role's.
 */
export const pythonClientRoles: PythonClientRoles = async ({ repo, sources, tables }) => {
  const patterns = tables.map((table) => ({ table, re: supabaseQueryOf(table) }));
  const mentioned = (s: Source) => patterns.filter((p) => p.re.test(s.text)).map((p) => p.table);
  const queried = sources.filter((s) => mentioned(s).length);
  const signing = sources.filter((s) => SESSION_CALL.test(s.text));
  const files = [...new Set([...queried, ...signing])];
  if (!files.length) return () => [];
  if (files.length > MAX_FILES) return () => ['unknown'];
  const project = new Project({ runtime: await loadPythonRuntime(), paths: await repo.listPaths(), readText: (p) => repo.readText(p) });
  const models = new Map<Source, ModuleModel>();
  for (const s of files) {
    try {
      models.set(s, project.addFile(s.path, s.text));
    } catch {
      // A file the engine cannot model is a query it cannot follow: its tables stay unknown below.
    }
  }
  await project.preload([...models.values()]);
  const an = new Analysis(project, () => project.loadedModels());

  const roles = new Map<string, ClientRole[]>();
  const add = (table: string, role: ClientRole) => roles.set(table, [...(roles.get(table) ?? []), role]);
  const wanted = new Set(tables);
  for (const s of queried) {
    const seen = new Set<string>();
    for (const call of models.get(s)?.calls ?? []) {
      const table = queriedTable(call);
      if (!table || !wanted.has(table)) continue;
      seen.add(table);
      const role = roleOf(an, call);
      if (role) add(table, role);
    }
    // A mention the model holds no query for (a string built elsewhere, a file it could not read) is not followed.
    for (const table of mentioned(s)) if (!seen.has(table)) add(table, 'unknown');
  }
  const userSession = signing.some((s) => {
    const model = models.get(s);
    return !model || model.calls.some((call) => sessionOnServiceClient(an, call));
  });
  return (table) => (roles.get(table) ?? []).map((r) => (r === 'service' && userSession ? 'user' : r));
};

/** The table of `x.table("t")` / `x.from_("t")`, or null. */
function queriedTable(call: CallInfo): string | null {
  const file = call.scope.module.file;
  const method = methodName(call.node, file);
  if (method !== 'table' && method !== 'from_') return null;
  const arg = positional(call.node, 0);
  return arg ? stringValue(arg, file) : null;
}

/** Who a query runs as, by its receiver; null for a storage bucket (`client.storage.from_("avatars")`), no table. */
function roleOf(an: Analysis, call: CallInfo): ClientRole | null {
  const recv = an.receiverValue(call);
  if (recv?.t !== 'inst' || !/^sb\./.test(recv.kind)) return 'unknown';
  if (recv.kind === 'sb.Storage') return null;
  return recv.service ? 'service' : 'user';
}

/**
 * `client.auth.sign_in_with_password(...)`, `client.postgrest.auth(token)` on a client that is the service role's, or
 * that the inference cannot follow: that client may run as the user from then on. A client known to be built with
 * another key (the anon key) signs users in without changing what the service-role client is.
 */
function sessionOnServiceClient(an: Analysis, call: CallInfo): boolean {
  const file = call.scope.module.file;
  const method = methodName(call.node, file);
  const on = receiver(call.node);
  const attr = on?.type === 'attribute' ? fieldOf(on, 'attribute') : null;
  if (!method || !on || !attr) return false;
  const via = file.text(attr);
  if (!(via === 'auth' && SESSION_METHOD.test(method)) && !(via === 'postgrest' && method === 'auth')) return false;
  const client = an.value(on, call);
  return !(client?.t === 'inst' && /^sb\./.test(client.kind) && !client.service);
}
