// The README's example review is the demo's output, quoted: `npm run readme` writes it and
// test/readme.test.ts fails when the two differ.

export const README_EXAMPLE_START = '<!-- demo-output:start: written by `npm run readme` from `npm run demo`, do not edit -->';
export const README_EXAMPLE_END = '<!-- demo-output:end -->';

/** The demo's markdown as a blockquote, so the README shows it rendered, as it would be posted. */
export function quoteDemoOutput(output: string): string {
  return output
    .trimEnd()
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');
}

/** The example between the markers, or null when the README has no such block. */
export function readReadmeExample(readme: string): string | null {
  const start = readme.indexOf(README_EXAMPLE_START);
  const end = readme.indexOf(README_EXAMPLE_END);
  if (start < 0 || end < start) return null;
  return readme.slice(start + README_EXAMPLE_START.length, end).trim();
}

export function replaceReadmeExample(readme: string, output: string): string {
  const start = readme.indexOf(README_EXAMPLE_START);
  const end = readme.indexOf(README_EXAMPLE_END);
  if (start < 0 || end < start) throw new Error(`the README has no ${README_EXAMPLE_START} ... ${README_EXAMPLE_END} block`);
  return `${readme.slice(0, start + README_EXAMPLE_START.length)}\n${quoteDemoOutput(output)}\n${readme.slice(end)}`;
}

/** How long each analyzer took is measured, so it differs between runs: the only part compared loosely. */
export function maskDurations(text: string): string {
  return text.replace(/\((static|live|llm), \d+ ms\)/g, '($1, N ms)');
}
