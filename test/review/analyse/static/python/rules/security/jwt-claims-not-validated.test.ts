import { findingsOf, linesOf, py } from '../../review-python.js';

const RULE = 'jwt-claims-not-validated';

describe(RULE, () => {
  it('flags disabled expiry, a leeway of hours or days, disabled audience and unvalidated authlib claims', async () => {
    const src = py`
      from datetime import timedelta
      import jwt
      from jose import jwt as jose_jwt
      from authlib.jose import jwt as authlib_jwt

      KIOSK_OPTIONS = {"verify_exp": False}
      MONTH = 30 * 24 * 3600

      def kiosk(token: str, key: str) -> dict:
          return jose_jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False})

      def kiosk_const(token: str, key: str) -> dict:
          return jwt.decode(token, key, algorithms=["HS256"], options=KIOSK_OPTIONS)

      def device(token: str, key: str) -> dict:
          return jwt.decode(token, key, algorithms=["HS256"], leeway=timedelta(days=30))

      def device_seconds(token: str, key: str) -> dict:
          return jwt.decode(token, key, algorithms=["HS256"], leeway=MONTH)

      def partner(token: str, key: str) -> dict:
          return jwt.decode(token, key, algorithms=["RS256"], options={"verify_aud": False})

      def sso(token: str, key: str) -> str:
          claims = authlib_jwt.decode(token, key)
          return claims["sub"]
    `;
    const found = await findingsOf(RULE, [{ path: 'app/auth.py', head: src }]);
    expect(found.map((f) => f.line)).toEqual([10, 13, 16, 19, 22, 25]);
    expect(found[2].message).toContain('30 days');
    expect(found.every((f) => f.category === 'security')).toBe(true);
  });

  it('does not flag seconds of leeway, required claims, validated authlib claims or signature-less decodes', async () => {
    const src = py`
      from datetime import timedelta
      import jwt
      from authlib.jose import jwt as authlib_jwt
      from app.config import settings

      def user(token: str) -> dict:
          return jwt.decode(token, settings.key, algorithms=["RS256"], audience="api", leeway=timedelta(seconds=30),
                            options={"require": ["exp", "sub"], "verify_exp": True})

      def skew(token: str) -> dict:
          return jwt.decode(token, settings.key, algorithms=["HS256"], leeway=settings.token_leeway_s)

      def sso(token: str, key: str) -> str:
          claims = authlib_jwt.decode(token, key, claims_options={"iss": {"essential": True}})
          claims.validate()
          return claims["sub"]

      def peek(token: str) -> str:
          return jwt.decode(token, options={"verify_signature": False, "verify_exp": False})["iss"]
    `;
    const config = py`
      from pydantic_settings import BaseSettings

      class Settings(BaseSettings):
          key: str
          token_leeway_s: int = 30

      settings = Settings()
    `;
    expect(await linesOf(RULE, 'app/auth.py', src, { 'app/config.py': config })).toEqual([]);
  });

  it('does not flag a check that is moved into code after the decode, not dropped', async () => {
    const src = py`
      import time
      import jwt

      def verify(token: str, key: str, resource: str):
          payload = jwt.decode(token, key, algorithms=["HS256"], options={"verify_aud": False})
          if payload.get("aud", "").rstrip("/") != resource.rstrip("/"):
              raise PermissionError("wrong audience")
          return payload

      def load_api_token(token: str, key: str):
          payload = jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False})
          expires_at = payload.get("exp")
          if expires_at is not None and expires_at < time.time():
              return None
          return payload
    `;
    expect(await linesOf(RULE, 'app/auth.py', src)).toEqual([]);
  });

  it('follows a decode helper that hands the payload back to callers that check expiry, and flags it when one does not', async () => {
    const src = (check: string) => py`
      import time
      import jwt

      def _decode(token: str, key: str):
          try:
              return jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False})
          except jwt.PyJWTError:
              return None

      def _decode_model(token: str, key: str):
          payload = jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False})
          return Token(**payload)

      def current_org(token: str, key: str):
          payload = _decode(token, key)
          ${check}
          return payload

      def local_key(token: str, key: str):
          payload = _decode_model(token, key)
          if payload.exp < time.time():
              return None
          return payload
    `;
    expect(await linesOf(RULE, 'app/auth.py', src('_validate_expiry(payload)'))).toEqual([]);
    expect(await linesOf(RULE, 'app/auth.py', src('print(payload)'))).toEqual([6]);
  });
});

