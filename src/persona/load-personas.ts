import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PersonaError, parsePersona, type Persona } from './parse-persona.js';

/** The `agents/` folder shipped with the app (two levels up from src/persona and dist/persona). */
export function defaultAgentsDir(): string {
  return fileURLToPath(new URL('../../agents/', import.meta.url));
}

/**
 * Loads every persona file (`*.md`) directly inside `dir`; sub-folders such as `instructions/`
 * and a README.md are not personas. Throws PersonaError on the first malformed file or on a
 * duplicate name.
 */
export async function loadPersonas(dir: string = defaultAgentsDir()): Promise<Persona[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.md') && e.name.toLowerCase() !== 'readme.md')
    .map((e) => e.name)
    .sort();
  const personas: Persona[] = [];
  for (const file of files) {
    const path = join(dir, file);
    const persona = parsePersona(await readFile(path, 'utf8'), path);
    const twin = personas.find((p) => p.name === persona.name);
    if (twin) throw new PersonaError(path, 'name', `"${persona.name}" is already used by ${twin.source}`);
    personas.push(persona);
  }
  return personas;
}

/** One persona by name, or an error that lists the ones there are. */
export async function loadPersona(name: string, dir: string = defaultAgentsDir()): Promise<Persona> {
  const personas = await loadPersonas(dir);
  const persona = personas.find((p) => p.name === name);
  if (!persona) throw new Error(`no persona named "${name}" in ${dir} (found: ${personas.map((p) => p.name).join(', ') || 'none'})`);
  return persona;
}

export type InstructionName = 'review' | 'plan';

/** The app's own instructions for a task (agents/instructions/<name>.md), kept apart from the persona. */
export async function loadInstructions(name: InstructionName, dir: string = defaultAgentsDir()): Promise<string> {
  const text = await readFile(join(dir, 'instructions', `${name}.md`), 'utf8');
  return text.trim();
}
