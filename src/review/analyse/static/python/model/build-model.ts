import { fieldOf, hasToken, type PyNode } from '../syntax/py-node.js';
import type { PyFile } from './py-file.js';
import type { CallInfo, ClassInfo, FunctionInfo, LoopInfo, ModuleModel, Scope } from './types.js';
import { bindImport } from './bind-imports.js';
import { bindTargets, recordAssignment } from './build-bindings.js';
import { visitComprehension, visitFor, visitWith, type At, type Walker } from './build-blocks.js';
import { addBinding, newScope } from './scope.js';
import { readParam } from './params.js';


const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/** Builds the semantic model of one file in a single pre-order walk of its tree. */
export function buildModel(file: PyFile, dotted: string): ModuleModel {
  const model = { file, dotted, functions: [], classes: [], calls: [], strings: [], imports: new Map(), starImports: [], stateAssigns: [] } as unknown as ModuleModel;
  model.scope = newScope('module', null, model, null, null);
  const builder = new ModelBuilder(model);
  builder.visitChildren(file.root, { scope: model.scope, fn: null, loop: null });
  // `from time import sleep as pause`: to every name filter, a call of `pause` is a call of `sleep`.
  if (model.imports.size) {
    for (const call of model.calls) {
      const imported = call.callee.type === 'identifier' ? model.imports.get(call.name)?.name : null;
      if (imported && imported !== call.name) call.name = imported.slice(imported.lastIndexOf('.') + 1);
    }
  }
  return model;
}

/** Nesting beyond this is not modelled (generated code); the rest of the file still is. */
const MAX_NESTING = 1200;

class ModelBuilder implements Walker {
  private depth = 0;

  constructor(readonly model: ModuleModel) {}

  visitChildren(node: PyNode, at: At): void {
    if (this.depth > MAX_NESTING) return;
    this.depth++;
    const kids = node.children;
    for (let i = 0; i < kids.length; i++) this.visit(kids[i], at);
    this.depth--;
  }

  /**
   * `a + b + c + ...` is a left-deep tree: visit its operands in a loop, not by recursion. The walk
   * goes down the `left` field; whatever else an operator node holds (an ERROR node from a syntax
   * error) is visited as a plain child, so no node is ever visited twice.
   */
  private visitOperatorChain(node: PyNode, at: At): void {
    const others: PyNode[][] = [];
    let cur = node;
    for (;;) {
      const left = fieldOf(cur, 'left');
      if (cur.type !== node.type || !left) break;
      others.push(cur.children.filter((c) => c !== left));
      cur = left;
    }
    if (cur === node) return this.visitChildren(node, at);
    this.visit(cur, at);
    for (let i = others.length - 1; i >= 0; i--) for (const c of others[i]) this.visit(c, at);
  }

  visit(node: PyNode, at: At): void {
    switch (node.type) {
      case 'binary_operator':
      case 'boolean_operator':
        return this.visitOperatorChain(node, at);
      case 'identifier':
        if (at.fn && node.field !== 'attribute' && node.field !== 'name') at.fn.refNodes.push(node);
        return;
      case 'string':
        this.model.strings.push(node);
        if (node.children.length) this.visitChildren(node, at);
        return;
      case 'comment':
      case 'integer':
      case 'float':
        if (node.children.length) this.visitChildren(node, at);
        return;
      case 'call':
        return this.visitCall(node, at);
      case 'attribute':
        if (at.fn) at.fn.attributes.push(node);
        return this.visitChildren(node, at);
      case 'decorated_definition':
        return this.visitDecorated(node, at);
      case 'function_definition':
        return void this.visitFunction(node, node, [], at);
      case 'class_definition':
        return this.visitClass(node, node, [], at);
      case 'lambda':
        return this.visitLambda(node, at);
      case 'assignment':
        return this.visitAssignment(node, at);
      case 'augmented_assignment':
        bindTargets(this.model, { target: fieldOf(node, 'left'), kind: 'augassign', value: fieldOf(node, 'right'), scope: at.scope });
        return this.visitChildren(node, at);
      case 'named_expression': {
        const name = fieldOf(node, 'name');
        if (name) addBinding(at.scope, { kind: 'walrus', name: this.model.file.text(name), node: name, value: fieldOf(node, 'value') ?? undefined });
        return this.visitChildren(node, at);
      }
      case 'for_statement':
        return visitFor(this, node, at);
      case 'while_statement': {
        const loop: LoopInfo = { node, kind: 'while', iter: null, target: null, isAsync: false, outer: at.loop };
        if (at.fn) at.fn.loops.push(loop);
        return this.visitChildren(node, { ...at, loop });
      }
      case 'with_statement':
        return visitWith(this, node, at);
      case 'import_statement':
      case 'import_from_statement':
        bindImport(this.model, node, at.scope);
        return;
      case 'return_statement':
        if (at.fn && node.children.length) at.fn.returns.push(node.children[0]);
        return this.visitChildren(node, at);
      case 'yield':
        if (at.fn) at.fn.yields.push(node);
        return this.visitChildren(node, at);
      case 'await':
        if (at.fn) at.fn.awaits++;
        return this.visitChildren(node, at);
      case 'global_statement':
      case 'nonlocal_statement':
        if (at.fn) {
          at.fn.hasGlobal = true;
          if (node.type === 'global_statement') {
            const names = (at.fn.globalNames ??= new Set());
            for (const id of node.children) if (id.type === 'identifier') names.add(this.model.file.text(id));
          }
        }
        return;
      default:
        if (COMPREHENSIONS.has(node.type)) return visitComprehension(this, node, at);
        return this.visitChildren(node, at);
    }
  }

  private visitCall(node: PyNode, at: At): void {
    const callee = fieldOf(node, 'function');
    if (callee) {
      const last = callee.type === 'attribute' ? fieldOf(callee, 'attribute') : callee.type === 'identifier' ? callee : null;
      const name = last ? this.model.file.source.slice(last.start, last.end) : '';
      const call: CallInfo = { node, callee, name, args: fieldOf(node, 'arguments'), fn: at.fn, loop: at.loop, scope: at.scope };
      this.model.calls.push(call);
      if (at.fn) at.fn.calls.push(call);
    }
    this.visitChildren(node, at);
  }

  private visitDecorated(node: PyNode, at: At): void {
    const decorators: PyNode[] = [];
    let def: PyNode | null = null;
    for (const ch of node.children) {
      if (ch.type === 'decorator') {
        if (ch.children[0]) decorators.push(ch.children[0]);
        this.visitChildren(ch, at);
      } else if (ch.field === 'definition') def = ch;
    }
    if (def?.type === 'function_definition') this.visitFunction(def, node, decorators, at);
    else if (def?.type === 'class_definition') this.visitClass(def, node, decorators, at);
  }

  private newFunction(node: PyNode, outerNode: PyNode, decorators: PyNode[], at: At, name: string): FunctionInfo {
    const fn = {
      name, node, outerNode, decorators, isAsync: hasToken(node, 'async'), isLambda: node.type === 'lambda',
      params: [], returnType: null, body: fieldOf(node, 'body'), cls: at.scope.kind === 'class' ? at.scope.cls : null,
      outer: at.fn, module: this.model, calls: [], returns: [], yields: [], awaits: 0, loops: [],
      refNodes: [], attributes: [], hasGlobal: false, nested: [],
    } as unknown as FunctionInfo;
    // Names inside a function resolve in the enclosing function or module scope, never the class body.
    let parent: Scope | null = at.scope;
    while (parent && parent.kind === 'class') parent = parent.parent;
    fn.scope = newScope('function', parent, this.model, fn, null);
    if (at.fn) at.fn.nested.push(fn);
    return fn;
  }

  private visitFunction(node: PyNode, outerNode: PyNode, decorators: PyNode[], at: At): FunctionInfo {
    const nameNode = fieldOf(node, 'name');
    const name = nameNode ? this.model.file.text(nameNode) : '<anonymous>';
    const fn = this.newFunction(node, outerNode, decorators, at, name);
    fn.returnType = fieldOf(node, 'return_type');
    if (!fn.isLambda) this.model.functions.push(fn);
    if (nameNode) addBinding(at.scope, { kind: 'def', name, node: nameNode, fn });
    if (fn.cls) fn.cls.methods.set(name, fn);
    if (fn.cls && nameNode) this.recordDeclaredAttr(fn.cls, name, fn);
    const params = fieldOf(node, 'parameters');
    if (params) this.visitParams(params, fn, at);
    if (fn.returnType) this.visit(fn.returnType, at);
    if (fn.body) this.visitChildren(fn.body, { scope: fn.scope, fn, loop: null });
    return fn;
  }

  /**
   * SQLAlchemy's `@declared_attr def owner_id(cls): return Column(ForeignKey(...))` declares the column (or
   * relationship) `owner_id` on every mapped subclass, as a class-body assignment would: it is recorded as a field,
   * its value the returned expression. Dunder attributes (`__tablename__`, `__table_args__`) are computed per class
   * and stay methods; `declared_attr.directive` marks exactly those.
   */
  private recordDeclaredAttr(cls: ClassInfo, name: string, fn: FunctionInfo): void {
    if (name.startsWith('__') || cls.fields.has(name)) return;
    if (!fn.decorators.some((d) => /(^|\.)declared_attr(\.cascading)?$/.test(this.model.file.text(d)))) return;
    const docstring = (c: PyNode) => c.type === 'expression_statement' && c.children[0]?.type === 'string';
    const statements = fn.body?.children.filter((c) => c.type !== 'comment' && !docstring(c)) ?? [];
    const only = statements.length === 1 ? statements[0] : null;
    const value = only?.type === 'return_statement' ? only.children.find((c) => c.type !== 'comment') ?? null : null;
    if (value) cls.fields.set(name, { node: value, annotation: null, value });
  }

  private visitLambda(node: PyNode, at: At): void {
    const fn = this.newFunction(node, node, [], at, '<lambda>');
    const params = fieldOf(node, 'parameters');
    if (params) this.visitParams(params, fn, at);
    if (fn.body) this.visit(fn.body, { scope: fn.scope, fn, loop: null });
  }

  /** Binds parameters in the function scope; annotations and defaults run in the outer scope. */
  private visitParams(params: PyNode, fn: FunctionInfo, at: At): void {
    for (const p of params.children) {
      const info = readParam(p, this.model.file);
      if (!info) continue;
      fn.params.push(info);
      addBinding(fn.scope, { kind: 'param', name: info.name, node: info.node, annotation: info.annotation ?? undefined, param: info, fn });
      if (info.annotation) this.visit(info.annotation, at);
      if (info.default) this.visit(info.default, at);
    }
  }

  private visitClass(node: PyNode, outerNode: PyNode, decorators: PyNode[], at: At): void {
    const nameNode = fieldOf(node, 'name');
    const name = nameNode ? this.model.file.text(nameNode) : '<anonymous>';
    const supers = fieldOf(node, 'superclasses');
    const cls = {
      name, node, decorators, module: this.model, methods: new Map(), fields: new Map(), selfAttrs: new Map(),
      bases: supers ? supers.children.filter((c) => c.type !== 'keyword_argument') : [],
      keywords: supers ? supers.children.filter((c) => c.type === 'keyword_argument') : [],
    } as unknown as ClassInfo;
    cls.scope = newScope('class', at.scope, this.model, at.fn, cls);
    this.model.classes.push(cls);
    void outerNode;
    if (nameNode) addBinding(at.scope, { kind: 'class', name, node: nameNode, cls });
    if (supers) this.visitChildren(supers, at);
    const body = fieldOf(node, 'body');
    if (body) this.visitChildren(body, { scope: cls.scope, fn: at.fn, loop: at.loop });
  }

  private visitAssignment(node: PyNode, at: At): void {
    const left = fieldOf(node, 'left');
    let right = fieldOf(node, 'right');
    // a = b = value: every target gets the innermost value.
    while (right && right.type === 'assignment') right = fieldOf(right, 'right');
    const annotation = fieldOf(node, 'type');
    bindTargets(this.model, { target: left, kind: 'assign', value: right, scope: at.scope, annotation });
    recordAssignment(this.model, { left, right, annotation, scope: at.scope, fn: at.fn });
    for (const ch of node.children) {
      if (ch === left && ch.type === 'identifier') continue;
      this.visit(ch, at);
    }
  }

}
