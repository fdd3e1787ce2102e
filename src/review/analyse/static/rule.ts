import type { Category, Severity } from '../../types.js';

/**
 * What every static rule declares about itself. The SARIF output, the `help` command, the config
 * validation of `rules:` keys and the docs are all built from these.
 */
export interface RuleMeta {
  /** kebab-case, stable: it appears in comments, fingerprints, config and SARIF. */
  id: string;
  category: Category;
  /** Default severity; `.github/backend-agent.yml` may override it per repository. */
  severity: Severity;
  /** One line, e.g. "Blocking HTTP call inside async def". */
  title: string;
  /** One paragraph: why this matters in a FastAPI / Supabase backend, and the fix. */
  rationale: string;
  /** Where the rule comes from (Ruff ASYNC210, splinter 0013, squawk ...). */
  anchors?: string[];
}
