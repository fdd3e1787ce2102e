import type { ModuleModel } from '../../model/types.js';

/** The local name a module is imported under at module level (`import asyncio as aio` -> `aio`). */
export function moduleAlias(model: ModuleModel, module: string): string | null {
  for (const [local, imp] of model.imports) if (imp.name === null && imp.module === module) return local;
  return null;
}
