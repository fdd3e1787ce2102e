import type { Context } from 'probot';
import { parsePersona, type Persona } from './parse-persona.js';

/** Where a repository keeps its own copy of the persona (Claude Code's subagent folder). */
export const repoPersonaPath = (name: string) => `.claude/agents/${name}.md`;

/**
 * The repository's own persona, read from its default branch (never from the pull request, so a
 * PR cannot rewrite its reviewer). None when the file is absent; a problem when it is invalid, in
 * which case the built-in persona reviews.
 */
export async function loadRepoPersona(context: Pick<Context, 'octokit' | 'repo'>, name: string): Promise<{ persona?: Persona; problem?: string }> {
  const path = repoPersonaPath(name);
  let text: string;
  try {
    const { data } = await context.octokit.rest.repos.getContent(context.repo({ path }));
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return {};
    text = Buffer.from(data.content, 'base64').toString('utf8');
  } catch (err) {
    if ((err as { status?: number }).status === 404) return {};
    return { problem: `${path} could not be read (${(err as Error).message.split('\n')[0]}); the built-in persona reviewed` };
  }
  try {
    const persona = parsePersona(text, `${context.repo().owner}/${context.repo().repo}:${path}`);
    if (persona.name !== name) return { problem: `${path}: front matter field "name" is "${persona.name}", expected "${name}"; the built-in persona reviewed` };
    return { persona };
  } catch (err) {
    return { problem: `${(err as Error).message}; the built-in persona reviewed` };
  }
}
