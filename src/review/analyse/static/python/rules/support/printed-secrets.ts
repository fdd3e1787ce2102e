import { fieldOf, unparen, walk, type PyNode } from '../../syntax/py-node.js';
import { resolveExpr } from '../../model/resolve.js';
import { kwarg } from '../../model/call-args.js';
import type { Analysis } from '../../knowledge/analysis.js';
import { declaredNoSecret, ormModelOf } from '../../knowledge/orm.js';
import type { ClassInfo, FunctionInfo } from '../../model/types.js';
import { isSecretName } from './secrets.js';
import { BARE_TOKEN } from './bare-token.js';

/** How an object becomes text: `str()` / `%s` / an f-string / print, or a dump (`.model_dump()`, `.dict()`, `.json()`). */
export type Rendering = 'str' | 'dump';

/** The credential fields an object of this class shows when rendered, and why it shows them. */
export interface PrintedSecrets {
  fields: string[];
  /** `its __repr__` / `pydantic prints every field` ... for the message. */
  how: string;
  /** How to hide them, one clause. */
  fix: string;
}

/** Types whose value renders masked (`SecretStr('**********')`). */
const MASKED_TYPE = /\bSecret(Str|Bytes)\b/;
/** `self.__dict__`, `vars(self)`, `asdict(self)`, `self.model_dump()`: the method renders every attribute. */
const RENDERS_ALL = /\bself\.__dict__\b|\bvars\(\s*self\s*\)|\basdict\(\s*self\s*\)|\bself\.(model_dump|dict|model_dump_json|json)\(/;

/**
 * The credential fields (a password, a secret, an API key; not a hash, a flag or a bare `token`) that
 * an object of a project class writes out when it is logged: the fields its own `__str__` / `__repr__`
 * formats, else every field pydantic, SQLModel or a dataclass puts in its automatic repr or dump. A field
 * declared `SecretStr`, `Field(exclude=True)` or `Field(repr=False)` is hidden. A plain class or a
 * SQLAlchemy model without such a method prints only its class name and address.
 */
export function printedSecrets(an: Analysis, cls: ClassInfo, rendering: Rendering, depth = 3): PrintedSecrets | null {
  const chain = [cls, ...an.baseClasses(cls)];
  const shows = (names: string[]) => credentialFields(chain, names).filter((name) => nestedShows(an, chain, name, rendering, depth));
  if (rendering === 'str') {
    const own = chain.map((c) => c.methods.get('__str__') ?? c.methods.get('__repr__')).find(Boolean);
    if (own) {
      const fields = shows(formattedNames(own, chain));
      const them = fields.length > 1 ? 'them' : 'it';
      return fields.length ? { fields, how: `its \`${own.name}\` formats ${them}`, fix: `leave ${them} out of \`${own.name}\`` } : null;
    }
  }
  const auto = autoRendered(an, cls, rendering);
  if (!auto) return null;
  const fields = shows(auto.fields);
  return fields.length ? { fields, how: auto.how, fix: auto.fix } : null;
}

/**
 * A credential-named field typed with project classes (`secrets: List[AgentEnvironmentVariable]`,
 * `key: ApiKey | None`) renders as those objects do: it shows a credential only when one of them does
 * (its value declared `Field(repr=False)`, a `Secret` type printing `****`, hides it). A field of any
 * other type (`str`, `dict`, a library type) shows what it holds.
 */
function nestedShows(an: Analysis, chain: ClassInfo[], name: string, rendering: Rendering, depth: number): boolean {
  const owner = chain.find((c) => c.fields.has(name));
  const annotation = owner?.fields.get(name)?.annotation;
  if (!owner || !annotation) return true;
  const classes: ClassInfo[] = [];
  walk(annotation, (n) => {
    if (n.type !== 'identifier' && n.type !== 'attribute') return;
    const sym = resolveExpr(an.project, owner.scope, n);
    if (sym?.t === 'cls') classes.push(sym.cls);
    return false;
  });
  if (!classes.length) return true;
  return depth <= 0 || classes.some((c) => printedSecrets(an, c, rendering, depth - 1) !== null);
}

/** The fields a pydantic model / SQLModel / dataclass renders by itself, or null when it renders none. */
function autoRendered(an: Analysis, cls: ClassInfo, rendering: Rendering): { fields: string[]; how: string; fix: string } | null {
  const chain = [cls, ...an.baseClasses(cls)];
  const text = (c: ClassInfo, n: PyNode) => c.module.file.text(n);
  const sqlModel = chain.some((c) => c.bases.some((b) => /(^|\.)SQLModel$/.test(text(c, b))));
  if (an.isPydantic(cls) || sqlModel) {
    return { fields: an.fieldNames(cls).filter((f) => !f.startsWith('_') && f !== 'model_config' && f !== 'Config'), how: rendering === 'dump' ? 'the dump has every field' : 'pydantic prints every field', fix: 'declare the secret `SecretStr` (or `Field(repr=False, exclude=True)`)' };
  }
  if (rendering === 'str') {
    const dataclass = cls.decorators.find((d) => /^(dataclasses\.)?dataclass\b/.test(text(cls, d)));
    if (dataclass && !/\brepr\s*=\s*False\b/.test(text(cls, dataclass))) return { fields: [...cls.fields.keys()], how: 'the dataclass repr prints every field', fix: 'declare the secret `field(repr=False)`' };
  }
  return null;
}

/** The credential fields among `names` that are not declared hidden (SecretStr, exclude=True, repr=False). */
function credentialFields(chain: ClassInfo[], names: string[]): string[] {
  return names.filter((name) => {
    if (!isSecretName(name) || BARE_TOKEN.test(name)) return false;
    const owner = chain.find((c) => c.fields.has(name));
    if (!owner) return true;
    if (declaredNoSecret(owner, name)) return false;
    const f = owner.fields.get(name)!;
    const file = owner.module.file;
    if (f.annotation && MASKED_TYPE.test(file.text(f.annotation))) return false;
    const value = f.value ? unparen(f.value) : null;
    if (value?.type !== 'call' || !/(^|\.)(Field|field|mapped_column|Column)$/.test(file.text(fieldOf(value, 'function')!))) return true;
    const hidden = (kw: string) => {
      const v = kwarg(value, kw, file);
      return !!v && file.text(v) === (kw === 'exclude' ? 'True' : 'False');
    };
    return !hidden('exclude') && !hidden('repr');
  });
}

/** The attributes a `__str__` / `__repr__` formats (`self.password`, or all of them through `self.__dict__`). */
function formattedNames(method: FunctionInfo, chain: ClassInfo[]): string[] {
  const body = method.body ? method.module.file.text(method.body) : '';
  const named = [...body.matchAll(/\bself\.(\w+)\b(?!\s*\()/g)].map((m) => m[1]);
  const all = RENDERS_ALL.test(body) ? chain.flatMap((c) => [...c.fields.keys(), ...c.selfAttrs.keys(), ...(ormModelOf(c)?.columns ?? [])]) : [];
  return [...new Set([...named, ...all])];
}
