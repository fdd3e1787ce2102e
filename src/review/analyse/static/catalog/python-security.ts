import { section } from './section.js';

/** Python rules of the security category: injection, secrets, tokens, transport. */
export const PYTHON_SECURITY = section('python', {
  'sql-string-built': {
    category: 'security',
    severity: 'high',
    title: 'SQL built from untrusted text',
    rationale:
      'Formatting a request value into SQL (f-string, `+`, `%`, `.format`) and passing it to `execute`, `fetch*`, ' +
      '`text()` or `exec_driver_sql` lets the caller rewrite the query: read other tenants\' rows, bypass filters or ' +
      'modify data. Bind values as parameters (`:name` with `text()`, `$1` with asyncpg, `%s` with a separate ' +
      'argument tuple in psycopg) and choose identifiers (sort columns, table names) from an allow-list. The same ' +
      'holds for SQL text sent to a database function that executes it (`supabase.rpc("execute_sql", {"query": ' +
      'sql})`): write a function that takes the values as typed arguments instead. Constants, numbers and validated ' +
      'enums/dates are not reported.',
    anchors: ['Ruff S608', 'Bandit B608', 'semgrep formatted-sql-query / asyncpg-sqli / psycopg-sqli / avoid-sqlalchemy-text'],
    plan: { service: 6, security: 4 },
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'like-wildcard-injection': {
    category: 'security',
    severity: 'low',
    title: 'Request text used as a LIKE pattern without escaping',
    rationale:
      'In `LIKE` / `ILIKE`, `%` matches any run of characters and `_` any single one. Request text put into a pattern ' +
      'as is (`Model.name.ilike(f"%{q}%")`, supabase `.ilike("name", f"%{q}%")`, `text("... LIKE :p")`) lets the ' +
      'caller widen the match: a search for `_` lists everything, and patterns such as `%a%b%c%...` make PostgreSQL ' +
      'scan and compare every row at length (no index helps a leading `%`). Low in a search box, where the result is ' +
      'only unintended matches and an expensive query; it is reported at medium when the request value is the whole ' +
      'pattern (`User.email.ilike(email)`), because `%` then matches an arbitrary record in what was meant as a ' +
      'lookup. Escape `\\`, `%` and `_` before building the pattern, or use `.contains(q, autoescape=True)` ' +
      '(`.contains()` / `.startswith()` without `autoescape` are reported too); compare with `==` for lookups.',
    anchors: ['CWE-155 (improper neutralization of wildcards)', 'PostgreSQL docs: LIKE', 'SQLAlchemy ColumnOperators.contains(autoescape=True)'],
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'hardcoded-secret': {
    category: 'security',
    severity: 'high',
    title: 'Hard-coded secret',
    rationale:
      'A credential committed to the repository (a Supabase service-role key, a JWT signing secret, a cloud access ' +
      'key, a DSN with a password) is readable by everyone with access to the code and stays in git history after it ' +
      'is removed. A service-role key bypasses Row Level Security for the whole project. Load secrets from the ' +
      'environment or a secret store, fail fast when they are missing, and rotate any key that was committed. Obvious ' +
      'placeholders and fixtures in tests are not reported.',
    anchors: ['Ruff S105/S106/S107', 'Bandit B105-B107', 'semgrep jwt-python-hardcoded-secret', 'gitleaks'],
    plan: { auth: 4, security: 6 },
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'secret-logged': {
    category: 'security',
    severity: 'high',
    title: 'Secret written to the logs',
    rationale:
      'Log lines are shipped to aggregators, kept for months and readable by many more people than the secret store. ' +
      'Logging a service-role key, an API key, a password or a bearer token hands it to all of them; a leaked ' +
      'service-role key bypasses every RLS policy. Log an identifier or a masked prefix instead, never the value.',
    anchors: ['OWASP Logging Cheat Sheet (data to exclude)', 'CWE-532'],
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'jwt-verification-weak': {
    category: 'security',
    severity: 'high',
    title: 'JWT accepted without verifying its signature',
    rationale:
      'A token whose signature is not checked proves nothing: anyone can mint one with any `sub`, `role` or tenant. ' +
      'Decoding with `verify_signature: False`, allowing the `none` algorithm, taking the algorithm from the ' +
      'unverified header, or authorising on `get_unverified_claims` all accept forged tokens. Verify with the issuer ' +
      'key (or JWKS), pin `algorithms=[...]` and check the audience. Reading the unverified header only to pick a key ' +
      '(`kid`) is fine.',
    anchors: ['semgrep unverified-jwt-decode', 'semgrep jwt-python-none-alg', 'RFC 8725 (JWT BCP) §3.1-3.2'],
    plan: { auth: 1 },
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'jwt-claims-not-validated': {
    category: 'security',
    severity: 'medium',
    title: 'JWT expiry or audience not enforced',
    rationale:
      'A verified signature only proves who issued a token, not that it is still valid or meant for this API. ' +
      'Decoding with `verify_exp: False` (or a `leeway` of hours or days) accepts expired, leaked or revoked tokens ' +
      'indefinitely; `verify_aud: False` accepts tokens minted for another service of the same issuer; authlib\'s ' +
      '`jwt.decode` checks no claim at all until `claims.validate()` is called. Keep the checks on, issue tokens with ' +
      'the lifetime you need, and keep the leeway to seconds of clock skew.',
    anchors: ['RFC 8725 (JWT BCP) §3.8-3.10', 'PyJWT docs: leeway and options', 'authlib docs: JWTClaims.validate'],
    plan: { auth: 2 },
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'cors-wildcard-credentials': {
    category: 'security',
    severity: 'high',
    title: 'CORS allows any origin with credentials',
    rationale:
      'With `allow_origins=["*"]` and `allow_credentials=True`, Starlette\'s CORSMiddleware reflects the caller\'s ' +
      'Origin back when a cookie is sent, so any website can make authenticated requests on behalf of a logged-in ' +
      'user and read the responses. List the allowed origins explicitly (from settings), or drop credentials for a ' +
      'public API.',
    anchors: ['semgrep python.fastapi.security.wildcard-cors', 'FastAPI docs: CORS', 'Starlette CORSMiddleware source'],
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'fastapi-debug-enabled': {
    category: 'security',
    severity: 'medium',
    title: 'Debug mode hard-coded on',
    rationale:
      '`FastAPI(debug=True)` / `Starlette(debug=True)` makes unhandled errors return the full traceback (source ' +
      'lines, local variables, configuration) to any client. Drive it from settings that default to off in production.',
    anchors: ['Bandit B201 (Flask debug, analogue)', 'semgrep flask debug-enabled (analogue)', 'Starlette docs: debug'],
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'tls-verification-disabled': {
    category: 'security',
    severity: 'high',
    title: 'TLS certificate verification disabled',
    rationale:
      '`verify=False` (requests, httpx) or an unverified SSL context accepts any certificate, so anyone on the ' +
      'network path can impersonate the remote service, read the credentials sent to it and tamper with its answers. ' +
      'Keep verification on; for a private CA pass its bundle (`verify="/path/ca.pem"`).',
    anchors: ['Ruff S501', 'Bandit B501', 'semgrep disabled-cert-validation'],
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'unsafe-deserialization': {
    category: 'security',
    severity: 'high',
    title: 'Unsafe deserialization',
    rationale:
      '`yaml.load` with the default or unsafe `Loader` and `pickle.loads` can construct arbitrary Python objects, ' +
      'which means running code chosen by whoever controls the input. Use `yaml.safe_load` and JSON (validated with a ' +
      'Pydantic model) for anything that comes from a request or another service.',
    anchors: ['Ruff S301', 'Ruff S506', 'Bandit B506', 'semgrep avoid-pyyaml-load / avoid-pickle'],
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'command-injection': {
    category: 'security',
    severity: 'high',
    title: 'Shell command built from untrusted text',
    rationale:
      'A command string run through a shell (`shell=True`, `os.system`, `os.popen`, `create_subprocess_shell`) is ' +
      'parsed by `/bin/sh`: a value containing `;`, `$(...)` or backticks runs extra commands with the service\'s ' +
      'privileges. Pass an argument list without a shell (`subprocess.run(["git", "clone", url, dest])`), or quote ' +
      'every value with `shlex.quote`.',
    anchors: ['Ruff S602/S604/S605', 'Bandit B602/B605', 'CWE-78'],
    examples: { bad: 'TODO', good: 'TODO' },
  },
  'path-traversal': {
    category: 'security',
    severity: 'high',
    title: 'File path built from request input',
    rationale:
      'A file name or path segment taken from the request (a query or path parameter, a form field, an upload\'s own ' +
      '`filename`, a client-chosen extension) and joined onto a directory can climb out of it with `../` or replace ' +
      'it with an absolute path: the route then reads, overwrites, deletes or serves any file the service can reach ' +
      '(`.env`, keys, the code itself). Generate stored names on the server (`uuid4().hex` plus an allow-listed ' +
      'extension), reduce client names to their last component (`Path(name).name`, `secure_filename`), or resolve the ' +
      'final path and check `path.resolve().is_relative_to(BASE.resolve())` before touching it.',
    anchors: ['CWE-22', 'OWASP Path Traversal', 'semgrep python.lang.security.audit.path-traversal', 'Bandit (no equivalent)'],
    examples: { bad: 'TODO', good: 'TODO' },
  },
});
