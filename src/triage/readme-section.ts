/**
 * The README's plan example, between two markers, so a script can rewrite it and a test can tell
 * when it drifted from what the app would post for the bundled example.
 */
export const PLAN_EXAMPLE_START = '<!-- plan-example:start -->';
export const PLAN_EXAMPLE_END = '<!-- plan-example:end -->';

export function planExampleSection(example: { title: string; body: string; reply: string }): string {
  return [
    PLAN_EXAMPLE_START,
    `The bundled example's issue ([\`examples/demo/issue.md\`](examples/demo/issue.md)), opened on its default branch ([\`examples/demo/base\`](examples/demo/base)), with no API key:`,
    `> **${example.title}**\n>\n> ${example.body}`,
    'The comment the app posts (written by `npm run readme`, do not edit):',
    `<details open><summary>The triage reply</summary>\n\n${example.reply}\n\n</details>`,
    PLAN_EXAMPLE_END,
  ].join('\n\n');
}

/** The README with its plan example replaced; throws when the markers are missing. */
export function replacePlanExample(readme: string, section: string): string {
  const start = readme.indexOf(PLAN_EXAMPLE_START);
  const end = readme.indexOf(PLAN_EXAMPLE_END);
  if (start < 0 || end < start) throw new Error(`README has no ${PLAN_EXAMPLE_START} … ${PLAN_EXAMPLE_END} section`);
  return `${readme.slice(0, start)}${section}${readme.slice(end + PLAN_EXAMPLE_END.length)}`;
}

/** The section as it stands in the README. */
export function currentPlanExample(readme: string): string | null {
  const start = readme.indexOf(PLAN_EXAMPLE_START);
  const end = readme.indexOf(PLAN_EXAMPLE_END);
  return start < 0 || end < start ? null : readme.slice(start, end + PLAN_EXAMPLE_END.length);
}
