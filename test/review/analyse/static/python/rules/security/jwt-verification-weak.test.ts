import { findingsOf, linesOf, py } from '../../review-python.js';

const RULE = 'jwt-verification-weak';

describe(RULE, () => {
  it('flags disabled signature verification, the none algorithm and algorithms from the header', async () => {
    const src = py`
      import jwt
      from jose import jwt as jose_jwt

      def decode_partner(token: str) -> dict:
          return jwt.decode(token, options={"verify_signature": False}, algorithms=["RS256"])

      def decode_service(token: str, secret: str) -> dict:
          return jwt.decode(token, secret, algorithms=["HS256", "none"])

      def decode_any(token: str, key: str) -> dict:
          header = jwt.get_unverified_header(token)
          return jwt.decode(token, key, algorithms=[header["alg"]])

      def get_current_claims(token: str) -> dict:
          return jose_jwt.get_unverified_claims(token)
    `;
    expect(await linesOf(RULE, 'app/security.py', src)).toEqual([5, 8, 12, 15]);
  });

  it('does not flag pinned verification or kid routing through the unverified header', async () => {
    const src = py`
      import jwt
      from jose import jwt as jose_jwt

      ALGORITHM = "HS256"

      def decode(token: str, secret: str, keys: dict) -> dict:
          kid = jwt.get_unverified_header(token)["kid"]
          claims = jwt.decode(token, keys[kid], algorithms=["RS256"], audience="authenticated")
          return claims

      def decode_jose(token: str, secret: str) -> dict:
          return jose_jwt.decode(token, secret, algorithms=[ALGORITHM], audience="api")

      def issuer_of(token: str, keys: dict) -> dict:
          iss = jwt.decode(token, options={"verify_signature": False})["iss"]
          return jwt.decode(token, keys[iss], algorithms=["RS256"])

      class Client:
          def __init__(self, token: str):
              # The token must at least parse; nothing reads its claims.
              jwt.decode(token, options={"verify_signature": False})
              self.token = token

      def expired_seconds_ago(token: str, now: int) -> int | None:
          claims = jwt.decode(token, options={"verify_signature": False, "verify_exp": False})
          expiry = claims.get("exp")
          return now - expiry if expiry else None
    `;
    expect(await linesOf(RULE, 'app/security.py', src)).toEqual([]);
  });

  // python-jose refuses an asymmetric key (PEM, certificate, RSA JWK) as an HMAC secret and has no `none`
  // algorithm, so an unpinned list is hardening, not the algorithm confusion a review comment would claim.
  it('leaves python-jose and PyJWT decodes that pin no algorithm alone', async () => {
    const src = py`
      import jwt
      from jose import jwt as jose_jwt

      def a(token: str, key: str) -> dict:
          return jose_jwt.decode(token, key)

      def b(token: str, key: str) -> dict:
          return jose_jwt.decode(token, key, ["RS256"])

      def c(token: str, key: str) -> dict:
          return jwt.decode(token, key)

      def d(token: str, key: str) -> dict:
          return jose_jwt.decode(token, key, algorithms=["none", "HS256"])
    `;
    expect(await linesOf(RULE, 'app/security.py', src)).toEqual([14]);
  });

  describe('constants', () => {
    const SETTINGS = py`
      from pydantic_settings import BaseSettings

      class Settings(BaseSettings):
          jwt_verify: bool = False
          jwt_strict: bool = True

      settings = Settings()
    `;
    const CONFIG = py`
      VERIFY_TOKENS = False
      STRICT_TOKENS = True

      class Security:
          VERIFY = False
    `;

    it('flags verify_signature switched off by a module constant, an imported one, a config class or a settings default', async () => {
      const src = py`
        from jose import jwt
        from app.config import VERIFY_TOKENS, Security
        from app import config
        from app.settings import settings

        VERIFY_SIGNATURE = False
        DECODE_OPTIONS = {"verify_signature": VERIFY_TOKENS}

        def a(token: str, key: str) -> dict:
            return jwt.decode(token, key, algorithms=["HS256"], options={"verify_signature": VERIFY_SIGNATURE})

        def b(token: str, key: str) -> dict:
            return jwt.decode(token, key, algorithms=["HS256"], options={"verify_signature": VERIFY_TOKENS})

        def c(token: str, key: str) -> dict:
            return jwt.decode(token, key, algorithms=["HS256"], options={"verify_signature": Security.VERIFY})

        def d(token: str, key: str) -> dict:
            return jwt.decode(token, key, algorithms=["HS256"], options={"verify_signature": config.VERIFY_TOKENS})

        def e(token: str, key: str) -> dict:
            return jwt.decode(token, key, algorithms=["HS256"], options=DECODE_OPTIONS)

        def f(token: str, key: str) -> dict:
            return jwt.decode(token, key, algorithms=["HS256"], options={"verify_signature": settings.jwt_verify})
      `;
      const found = await findingsOf(RULE, [{ path: 'app/security.py', head: src }], { 'app/config.py': CONFIG, 'app/settings.py': SETTINGS });
      expect(found.map((x) => x.line)).toEqual([10, 13, 16, 19, 22, 25]);
      expect(found[0].message).toContain('turned off (`VERIFY_SIGNATURE = False`)');
      expect(found[1].message).toContain('(`VERIFY_TOKENS = False`)');
    });

    it('does not flag constants that keep verification on, disagree, or come from the environment', async () => {
      const src = py`
        import os
        from jose import jwt
        from app.config import STRICT_TOKENS
        from app.settings import settings

        VERIFY = True
        MAYBE = False
        if os.getenv("ENV") == "prod":
            MAYBE = True
        FROM_ENV = os.getenv("JWT_VERIFY", "true") == "true"

        def a(token: str, key: str) -> dict:
            return jwt.decode(token, key, algorithms=["HS256"], options={"verify_signature": VERIFY})

        def b(token: str, key: str) -> dict:
            return jwt.decode(token, key, algorithms=["HS256"], options={"verify_signature": STRICT_TOKENS})

        def c(token: str, key: str) -> dict:
            return jwt.decode(token, key, algorithms=["HS256"], options={"verify_signature": MAYBE})

        def d(token: str, key: str) -> dict:
            return jwt.decode(token, key, algorithms=["HS256"], options={"verify_signature": FROM_ENV})

        def e(token: str, key: str) -> dict:
            return jwt.decode(token, key, algorithms=["HS256"], options={"verify_signature": settings.jwt_strict})

        def f(token: str, key: str, verify: bool) -> dict:
            return jwt.decode(token, key, algorithms=["HS256"], options={"verify_signature": verify})
      `;
      const found = await findingsOf(RULE, [{ path: 'app/security.py', head: src }], { 'app/config.py': CONFIG, 'app/settings.py': SETTINGS });
      expect(found.map((x) => x.line)).toEqual([]);
    });

    it('reports on the constant when the change flips it and leaves the decode call alone', async () => {
      const base = py`
        from jose import jwt

        VERIFY_SIGNATURE = True

        def decode(token: str, key: str) -> dict:
            return jwt.decode(token, key, algorithms=["HS256"], options={"verify_signature": VERIFY_SIGNATURE})
      `;
      const head = base.replace('VERIFY_SIGNATURE = True', 'VERIFY_SIGNATURE = False');
      expect(await linesOf(RULE, 'app/security.py', head, {}, base)).toEqual([3]);
      // A constant in another changed module (the decode's module changed elsewhere): reported on its line there.
      const config = 'VERIFY_TOKENS = False\n';
      const user = py`
        from jose import jwt
        from app.config import VERIFY_TOKENS

        def decode(token: str, key: str) -> dict:
            return jwt.decode(token, key, algorithms=["HS256"], options={"verify_signature": VERIFY_TOKENS})
      `;
      const found = await findingsOf(RULE, [
        { path: 'app/config.py', head: config, base: 'VERIFY_TOKENS = True\n' },
        { path: 'app/security.py', head: user + '\n\ndef audience() -> str:\n    return "api"\n', base: user },
      ]);
      expect(found.map((x) => `${x.path}:${x.line}`)).toEqual(['app/config.py:1']);
    });
  });

  it('leaves test modules alone wherever they live: a test framework import makes the module test code', async () => {
    const decode = py`
      import jwt

      def read_claims(token: str) -> dict:
          return jwt.decode(token, options={"verify_signature": False})
    `;
    // Outside any test folder and without a test-like file name: judged by its import alone.
    expect(await linesOf(RULE, 'app/services/auth_checks.py', 'import unittest\n' + decode)).toEqual([]);
    expect(await linesOf(RULE, 'app/services/auth_checks.py', decode)).toEqual([4]);
  });
});
