/** Rule metadata lives in the catalogue (./catalog/), which imports no engine code. */
export type { RuleMeta } from './catalog/rule-meta.js';
