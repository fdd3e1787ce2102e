const isMapping = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

/**
 * Merges config files, the most general first and the repository's own last: mappings merge key
 * by key, lists are joined (the general entries first), anything else is taken from the later
 * file. The way `_extends` has always combined files (Probot's config reader used deepmerge).
 */
export function mergeConfigs(datas: readonly unknown[]): unknown {
  return datas.reduce<unknown>((into, next) => merge(into, next), {});
}

function merge(into: unknown, next: unknown): unknown {
  if (Array.isArray(into) && Array.isArray(next)) return [...into, ...next];
  if (isMapping(into) && isMapping(next)) {
    const out: Record<string, unknown> = { ...into };
    for (const [key, value] of Object.entries(next)) out[key] = key in out ? merge(out[key], value) : value;
    return out;
  }
  return next;
}
