import type { Analysis } from '../../knowledge/analysis.js';
import type { ClassInfo, FunctionInfo } from '../../model/types.js';

/**
 * True when nothing in the repository can run `fn`: a module-level function whose name is used
 * nowhere (an import that the importing file never uses again is no use), or a method of such a
 * class. Its blocking call stalls no request. Decorated functions and classes (a route, a task, a
 * registration), dunders and nested functions are never dead here; neither is a method of a class
 * that is used, unless the class has no base at all and every use of the method's name in the
 * repository is a call the model resolves to another function (`twitter._ainitialize()` is not
 * `DiscordService._ainitialize`); a class with a base may have its methods called by the framework
 * (LangChain's `_arun`, a hook of a base class). Without the
 * repository's name index (a budgeted snapshot, a repository too large), or in a module that no
 * other module imports, nothing is dead.
 */
export function isUnreferenced(an: Analysis, fn: FunctionInfo, depth = 0): boolean {
  const refs = an.nameRefs;
  if (!refs || fn.isLambda || fn.outer || fn.decorators.length || /^__\w+__$/.test(fn.name)) return false;
  // A module nothing imports may be loaded by path or by a string (a plugin folder, an entry point):
  // that its names are unused proves nothing.
  if (!refs.moduleImported(fn.module.file.path)) return false;
  if (fn.cls) return isUnreferencedClass(an, fn.cls) || isUncalledMethod(an, fn, fn.cls);
  if (fn.node.parent?.type !== 'module' && fn.outerNode.parent?.type !== 'module') return false;
  // A module's own function of the same name, defined and called elsewhere (a copy of the module), is no use of this one.
  return !refs.usedOutside(fn.name, fn.module.file.path, fn.outerNode.start, fn.outerNode.end) || onlyOthersOfTheName(an, fn) || onlyCalledByDead(an, fn, depth);
}

/**
 * Every mention of the function's name is a call from a function that is itself dead (`get_document_from_file`, which
 * nothing calls, is the only caller of `extract_text`): nothing runs it either. Two levels of callers at most, each in a
 * loaded module whose every mention of the name is such a call.
 */
function onlyCalledByDead(an: Analysis, fn: FunctionInfo, depth: number): boolean {
  if (depth >= 2) return false;
  const uses = an.nameRefs!.usesOf(fn.name, fn.module.file.path, fn.outerNode.start, fn.outerNode.end);
  return uses.length > 0 && uses.every(({ path, count }) => {
    const model = an.project.modelAt(path);
    if (!model) return false;
    const calls = model.calls.filter((c) => c.name === fn.name);
    return calls.length === count && calls.every((c) => !!c.fn && c.fn !== fn && an.calledFunction(c) === fn && isUnreferenced(an, c.fn, depth + 1));
  });
}

function isUnreferencedClass(an: Analysis, cls: ClassInfo): boolean {
  if (cls.decorators.length || cls.node.parent?.type !== 'module') return false;
  return !an.nameRefs!.usedOutside(cls.name, cls.module.file.path, cls.node.start, cls.node.end);
}

/**
 * A method of a base-less class (`object` is no base) that no call reaches: its name appears nowhere in its own module but
 * its definition, and every other module that names it is loaded and only defines or calls other
 * functions of that name. A module that is not loaded, or a mention that is not such a call (a callback, a
 * `getattr` string), is a use.
 */
function isUncalledMethod(an: Analysis, fn: FunctionInfo, cls: ClassInfo): boolean {
  // `class SyncServer(object):` is a class without a base: `object` calls no method of its subclasses.
  const bases = cls.bases.filter((b) => cls.module.file.text(b) !== 'object');
  return !bases.length && !cls.keywords.length && onlyOthersOfTheName(an, fn);
}

/**
 * Every use of the function's name outside its own module is in a loaded module that only defines or calls
 * other functions of that name (each call resolves, and not to `fn`); its own module never names it again.
 */
function onlyOthersOfTheName(an: Analysis, fn: FunctionInfo): boolean {
  const uses = an.nameRefs!.usesOf(fn.name, fn.module.file.path, fn.outerNode.start, fn.outerNode.end);
  return uses.every(({ path, count }) => {
    const model = path === fn.module.file.path ? null : an.project.modelAt(path);
    if (!model) return false;
    // Another class's method of that name is defined there, not used.
    const defs = model.functions.filter((f) => f.name === fn.name).length;
    const calls = model.calls.filter((c) => c.name === fn.name);
    return calls.length + defs === count && calls.every((c) => {
      const target = an.calledFunction(c);
      return !!target && target !== fn;
    });
  });
}
