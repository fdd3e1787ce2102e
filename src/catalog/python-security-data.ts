import { section } from './section.js';

/** Python rules of the security category: SQL and LIKE built from input, secrets in code and logs, JWT checks. */
export const PYTHON_SECURITY_DATA = section('python', {
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
      'sql})`): write a function that takes the values as typed arguments instead. Only a value followed to what the ' +
      'client sends (a route or dependency parameter, a request body field, the raw request), through the helpers ' +
      'that hand it on, or to the body of another service\'s response is reported, and the finding says which: text ' +
      'the program composes from its own values (constants, rows it read, names it chose) is not. Numbers and ' +
      'validated enums/dates are not reported either.',
    anchors: ['Ruff S608', 'Bandit B608', 'semgrep formatted-sql-query / asyncpg-sqli / psycopg-sqli / avoid-sqlalchemy-text'],
    plan: { service: 6, security: 4 },
    examples: {
      bad: `
        from fastapi import APIRouter, Depends
        from sqlalchemy import text

        router = APIRouter()

        @router.get("/users")
        async def find_user(email: str, db=Depends(get_db)):
            return await db.execute(text(f"SELECT * FROM users WHERE email = '{email}'"))`,
      good: `
        from fastapi import APIRouter, Depends
        from sqlalchemy import text

        router = APIRouter()

        @router.get("/users")
        async def find_user(email: str, db=Depends(get_db)):
            return await db.execute(text("SELECT id, email FROM users WHERE email = :email"), {"email": email})`,
    },
  },
  'like-wildcard-injection': {
    category: 'security',
    severity: 'medium',
    title: 'Request text used as a LIKE pattern without escaping',
    rationale:
      'In `LIKE` / `ILIKE`, `%` matches any run of characters and `_` any single one. A search built from request text ' +
      '(`Model.name.ilike(f"%{q}%")`, supabase `.ilike("name", f"%{q}%")`, `text("... LIKE :p")`, `.contains(q)` without ' +
      '`autoescape`) is reported when the term must have a minimum length (`Query(min_length=3)`, `Field(min_length=3)`, ' +
      'a `len(q) < 3` check): that length keeps searches narrow (no listing of every customer by a one-letter e-mail ' +
      'search), and `___` passes it while matching everything. A search with no such limit is left alone: a wildcard ' +
      'only widens the matches to what a short search returns anyway, and whether that matters is left to the AI ' +
      'review. A request value used as the whole pattern (`User.email.ilike(email)`) is always reported, because `%` ' +
      'then matches an arbitrary record in what was meant as a lookup. Escape `\\`, `%` and `_` before building the ' +
      'pattern, or use `.contains(q, autoescape=True)`; compare with `==` for lookups.',
    anchors: ['CWE-155 (improper neutralization of wildcards)', 'PostgreSQL docs: LIKE', 'SQLAlchemy ColumnOperators.contains(autoescape=True)'],
    examples: {
      bad: `
        from fastapi import APIRouter, Depends, Query
        from sqlalchemy import select

        router = APIRouter()

        @router.get("/customers")
        async def search(q: str = Query(min_length=3), db=Depends(get_session)):
            return (await db.execute(select(Customer).where(Customer.email.ilike(f"%{q}%")))).scalars().all()`,
      good: `
        from fastapi import APIRouter, Depends, Query
        from sqlalchemy import select

        router = APIRouter()

        @router.get("/customers")
        async def search(q: str = Query(min_length=3), db=Depends(get_session)):
            escaped = q.replace("\\\\", "\\\\\\\\").replace("%", "\\\\%").replace("_", "\\\\_")
            return (await db.execute(select(Customer).where(Customer.email.ilike(f"%{escaped}%", escape="\\\\")))).scalars().all()`,
    },
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
    examples: {
      bad: `
        import stripe

        stripe.api_key = "sk_live_51HcK2pLkQz8v3XyT9bR4mN7wQe2"`,
      good: `
        import os
        import stripe

        stripe.api_key = os.environ["STRIPE_API_KEY"]`,
    },
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
    examples: {
      bad: `
        import logging

        def login(username: str, password: str):
            logging.info("login %s with %s", username, password)`,
      good: `
        import logging

        def login(username: str, password: str):
            logging.info("login %s", username)`,
    },
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
    examples: {
      bad: `
        import jwt

        def claims(token: str) -> dict:
            return jwt.decode(token, options={"verify_signature": False})`,
      good: `
        import jwt

        def claims(token: str, secret: str) -> dict:
            return jwt.decode(token, secret, algorithms=["HS256"], audience="authenticated")`,
    },
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
    examples: {
      bad: `
        import jwt

        def claims(token: str, secret: str) -> dict:
            return jwt.decode(token, secret, algorithms=["HS256"], options={"verify_exp": False})`,
      good: `
        import jwt

        def claims(token: str, secret: str) -> dict:
            return jwt.decode(token, secret, algorithms=["HS256"], audience="authenticated")`,
    },
  },
});
