/** Code that runs once from a terminal (scripts, CLIs, examples, evaluation harnesses), not in a server. */
const TERMINAL_PATH = /(^|\/)(scripts?|bin|tools|devtools|management\/commands|cli|examples?|e2e|evals?|evaluations?|benchmarks?)\/|(^|\/)(cli|__main__|manage)\.py$/;

/** True for a file that runs from a terminal: no concurrent requests to starve, no page of rows per request. */
export function runsFromTerminal(path: string): boolean {
  return TERMINAL_PATH.test(path);
}
