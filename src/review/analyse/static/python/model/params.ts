import { fieldOf, type PyNode } from '../syntax/py-node.js';
import type { PyFile } from './py-file.js';
import type { ParamInfo } from './types.js';

/** One entry of a `parameters` / `lambda_parameters` node, or null for separators (`*`, `/`). */
export function readParam(p: PyNode, file: PyFile): ParamInfo | null {
  switch (p.type) {
    case 'identifier':
      return { name: file.text(p), node: p, annotation: null, default: null, star: false };
    case 'typed_parameter': {
      const id = p.children.find((c) => c.type === 'identifier' && c.field === null);
      const splat = p.children.find((c) => c.type === 'list_splat_pattern' || c.type === 'dictionary_splat_pattern');
      const nameNode = id ?? splat?.children[0];
      if (!nameNode) return null;
      return { name: file.text(nameNode), node: nameNode, annotation: fieldOf(p, 'type'), default: null, star: !!splat };
    }
    case 'default_parameter':
    case 'typed_default_parameter': {
      const nameNode = fieldOf(p, 'name');
      if (!nameNode) return null;
      return { name: file.text(nameNode), node: nameNode, annotation: fieldOf(p, 'type'), default: fieldOf(p, 'value'), star: false };
    }
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern': {
      const nameNode = p.children[0];
      return nameNode ? { name: file.text(nameNode), node: nameNode, annotation: null, default: null, star: true } : null;
    }
    default:
      return null;
  }
}
