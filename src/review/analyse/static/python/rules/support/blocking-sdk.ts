import { unparen } from '../../syntax/py-node.js';
import { kwarg, positional } from '../../model/call-args.js';
import type { Val } from '../../knowledge/library-values.js';
import { sdkFunction, SYNC_SDKS } from '../../knowledge/known-sdk.js';
import type { CallInfo } from '../../model/types.js';
import type { BlockingCall } from './blocking-call.js';

/** Last names worth resolving as SDK calls: every SDK's methods, and the verbs of their module-level calls. */
export const SDK_CALL_NAME = new RegExp(
  [
    ...Object.values(SYNC_SDKS).flatMap((s) => (s.methods ? [s.methods.source] : [])),
    '^(gethostbyname|gethostbyname_ex|gethostbyaddr|getaddrinfo|getnameinfo|getfqdn|create_connection|cpu_percent|cpu_times_percent|transcribe|translate|send\\w*|subscribe_to_topic|unsubscribe_from_topic|get_user\\w*|create_user|update_user|delete_users?|list_users|set_custom_user_claims|revoke_refresh_tokens|create_session_cookie|generate_\\w+_link|import_users)$',
  ].join('|'),
);

/**
 * A call of a synchronous SDK (Stripe, the sync OpenAI client, PyMongo, a DNS lookup...): by its
 * qualified name, or as a method of a client the SDK built. Null when it does not block.
 */
export function sdkBlockingCall(params: { call: CallInfo; qualified: string | null; method: string | null; recv: Val | null }): BlockingCall | null {
  const { call, qualified, method, recv } = params;
  let id = qualified ? sdkFunction(qualified) : null;
  if (!id && method && recv?.t === 'inst' && recv.kind === 'sdk.Client' && recv.sdk && SYNC_SDKS[recv.sdk]?.methods?.test(method)) id = recv.sdk;
  const sdk = id ? SYNC_SDKS[id] : null;
  if (!sdk || (sdk.blocksWith && !hasNonZero(call, sdk.blocksWith))) return null;
  const text = call.scope.module.file.text(call.callee);
  const shown = text.length <= 50 && !/\s/.test(text) ? text : qualified ?? `.${method}`;
  return { kind: 'sdk', what: `\`${shown}()\` (${sdk.label})`, advice: sdk.fix };
}

/** True when the argument is given and is not `None` / `0`. */
function hasNonZero(call: CallInfo, arg: { keyword: string; position: number }): boolean {
  const file = call.scope.module.file;
  const value = kwarg(call.node, arg.keyword, file) ?? positional(call.node, arg.position);
  if (!value) return false;
  return !/^(None|0(\.0*)?)$/.test(file.text(unparen(value)));
}
