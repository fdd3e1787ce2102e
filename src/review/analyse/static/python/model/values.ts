import type { PyNode } from '../syntax/py-node.js';
import type { Sym } from './resolve.js';
import type { ClassInfo, ParamInfo, Scope } from './types.js';

/**
 * What an expression evaluates to, as far as the rules care. `K` names the kinds of library objects
 * the framework knowledge tells apart (knowledge/known.ts); the model itself knows no library.
 */
export type Val<K extends string = string> =
  | { t: 'sym'; sym: Sym }
  | { t: 'inst'; kind: K; async?: boolean; service?: boolean; sdk?: string }
  | { t: 'obj'; cls: ClassInfo }
  | { t: 'coro'; of: Val<K> | null };

/** A library object (a client, a session, a path...). */
export type Inst<K extends string = string> = Extract<Val<K>, { t: 'inst' }>;

/** A node together with the scope its names resolve in (an alias may live in another module). */
export interface Scoped {
  node: PyNode;
  scope: Scope;
}

/**
 * What the value inference asks of the framework knowledge. The model knows Python; which calls build
 * a database session, what a FastAPI parameter is injected with, what an annotation like
 * `sqlalchemy.orm.Session` promises are facts handed to it as this object by whoever builds the
 * analysis (knowledge/library-values.ts).
 */
export interface ValueKnowledge<K extends string = string> {
  /** What calling an external callable gives (`supabase.create_client(url, key)`), or null when unknown. */
  callResult(name: string, call: PyNode, scope: Scope): Val<K> | null;
  /** An attribute of a library object (`client.auth`), or null when unknown. */
  attribute(base: Inst<K>, attr: string): Val<K> | null;
  /** What a method of a library object returns (`client.table(...)`, `session.begin()`, `__call__`, `__truediv__`). */
  methodResult(base: Inst<K>, method: string): Val<K> | null;
  /** The object an external annotation promises (`sqlalchemy.orm.Session`), or null when unknown. */
  annotation(name: string): Val<K> | null;
  /** The object a library keeps under a global name (`fastapi_sqlalchemy.db.session`), or null when unknown. */
  global?(name: string): Val<K> | null;
  /** The callable a parameter is injected from (FastAPI's `Depends(target)`), or null. */
  injectedBy(scope: Scope, param: ParamInfo): Scoped | null;
}
