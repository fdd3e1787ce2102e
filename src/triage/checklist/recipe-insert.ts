import type { PlanApi } from '../plan/plan-tool.js';
import { authorise, roleOf } from './authorise.js';
import type { PlanContext } from './context.js';
import { addStep, collectionPath, collectionRoute, newDraft, routeName, where, type Draft, article } from './draft.js';
import { addPolicyStep, addTestModule, existingModel, understoodTarget } from './shared-steps.js';

/** Create rows in a table the repository already has: the insert route, its model, its policy and tests. */
export function planInsert(ctx: PlanContext): Draft {
  const draft = newDraft();
  const target = ctx.target!;
  const auth = authorise(ctx);
  understoodTarget(draft, ctx, `let callers add ${ctx.naming.plural}`, auth);
  const existing = ctx.routes.find((r) => r.method === 'POST' && r.path === collectionRoute(ctx)?.path) ?? ctx.routes.find((r) => r.method === 'POST');
  const create = existingModel(ctx, ['Create', 'In', 'New']) ?? `${ctx.naming.model}Create`;
  const out = existingModel(ctx, ['Out', 'Read', 'Response', 'Public', '']) ?? `${ctx.naming.model}Out`;
  const api: PlanApi = existing
    ? { method: 'POST', path: existing.path, new: false, at: where(existing), request_model: existing.requestModels[0] ?? create, response_model: existing.responseModel ?? out, status_codes: ['201 created', '401 not signed in', '403 not allowed here', '422 invalid body'] }
    : { method: 'POST', path: collectionPath(ctx), new: true, request_model: create, response_model: out, auth: auth ? `\`${auth.dependency.name}\`: ${auth.who}` : undefined, status_codes: ['201 created', '401 not signed in', `${auth?.denied ?? 403} not allowed here`, '422 invalid body'] };
  draft.api.push(api);
  if (auth?.rls) addPolicyStep(draft, ctx, { command: 'insert', condition: auth.rls, who: auth.who, verb: 'add', role: roleOf(auth) });
  if (auth?.dependency.new) addStep(draft, { title: `Check the caller with \`${auth.dependency.name}\``, detail: auth.dependency.detail, files: [auth.dependency.file] });
  addStep(draft, {
    title: existing ? `Extend \`${routeName(existing)}\`` : `Add \`${routeName(api)}\``,
    detail: `${existing ? `It exists at \`${where(existing)}\`; ` : ''}the body \`${api.request_model}\` carries only what a client may set (\`extra="forbid"\`); the owner and the scope come from the caller and the path, never the body.`,
    files: [ctx.files.router, ctx.files.schemas],
  });
  addTestModule(draft, ctx, {
    about: `Tests for ${routeName(api)}.`,
    auth,
    cases: [
      { name: 'test_allowed_caller_adds_a_row', doc: 'The allowed caller creates a row.', method: 'POST', path: api.path, body: '{}', headers: auth?.allowed ?? 'user_headers', status: 201 },
      ...(auth ? [{ name: 'test_other_caller_is_refused', doc: 'A caller who is not allowed creates nothing.', method: 'POST', path: api.path, body: '{}', headers: auth.other, status: auth.denied }] : []),
      { name: 'test_anon_is_refused', doc: 'Without a token: 401.', method: 'POST', path: api.path, body: '{}', status: 401 },
    ],
  });
  addStep(draft, { title: 'Write the tests', files: [ctx.files.tests] });
  if (!auth) draft.questions.push(`Who may add ${ctx.naming.plural}? Nothing in \`${target.key}\` says whose rows they are.`);
  draft.questions.push(`Which fields may the client set when adding ${article(ctx.naming.singular)}?`);
  return draft;
}
