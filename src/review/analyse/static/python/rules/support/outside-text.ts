// Text from outside the program, for sinks where any derived text is dangerous (SQL, a shell command).
import type { PyNode } from '../../syntax/py-node.js';
import type { Analysis } from '../../knowledge/analysis.js';
import type { Scope } from '../../model/types.js';
import type { PieceJudge } from './built-strings.js';
import { RequestInput } from './request-input.js';
import { TrustJudge } from './untrusted.js';

/** Project helpers a value may cross between the route and the sink (route -> service -> repository -> helper). */
const INPUT_HOPS = 5;

/**
 * A piece of built text counts only when it can be followed to what the client sends (the request a route or a
 * dependency serves) or to another service's response; text the program composes from its own values (constants,
 * rows it read, names it chose, its operator's arguments) changes nothing an attacker writes. `input` names the source.
 */
export function outsideText(an: Analysis): { pieces: PieceJudge; input: RequestInput } {
  const input = new RequestInput(an, undefined, { hops: INPUT_HOPS, broad: true, services: true });
  // Project helpers are followed by the search itself, not taken as safe.
  const own = new TrustJudge(an, { helpers: false });
  return { input, pieces: { isTrusted: (n: PyNode, s: Scope) => own.isTrusted(n, s) || !input.valueIn(n, s) } };
}
