import { linesOf, py } from '../review-python.js';

const RULE = 'hardcoded-secret';
const SERVICE_JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6Inp4cWxwb2t3bXRyZGJudmEiLCJyb2xlIjoic2VydmljZV9yb2xlIiwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjIwMTU1NzYwMDB9.nka49j_MFIdYbQVXFVe_wCgN8zzvfWLzTHYH_3zrtRY';
const ANON_JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJvbGUiOiJhbm9uIiwiaWF0IjoxNzAwMDAwMDAwfQ.dGVzdHNpZ25hdHVyZXRlc3RzaWduYXR1cmU';

describe(RULE, () => {
  it('flags a service-role JWT, an env fallback, settings defaults and a DSN with a password', async () => {
    const src = py`
      import os
      from pydantic_settings import BaseSettings

      SUPABASE_SERVICE_KEY = "${SERVICE_JWT}"
      SERVICE_ROLE = os.environ.get("SUPABASE_SERVICE_ROLE_KEY", "${SERVICE_JWT}")

      class Settings(BaseSettings):
          media_access_key_id: str = "AKIA4SNAPMEDIAUPLOAD"
          media_secret_access_key: str = "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"
          database_url: str = "postgresql://app:Zq8vN2pLm4@db.prod.internal:5432/app"
          stripe_key: str = "sk_live_51HxQ2bC3dE4fG5hI6jK7lM8n"
    `;
    expect(await linesOf(RULE, 'app/config.py', src)).toEqual([4, 5, 9, 10, 11]);
  });

  it('flags a literal JWT signing key passed to jwt.encode', async () => {
    const src = py`
      import jwt

      def issue(user_id: str) -> str:
          return jwt.encode({"sub": user_id}, "my-signing-key", algorithm="HS256")
    `;
    expect(await linesOf(RULE, 'app/auth.py', src)).toEqual([4]);
  });

  it('does not flag env lookups, placeholders, the anon key, local DSNs, or fake values in tests', async () => {
    const src = py`
      import os
      from pydantic_settings import BaseSettings

      SUPABASE_ANON_KEY = "${ANON_JWT}"
      JWT_SECRET = os.environ["JWT_SECRET"]

      class Settings(BaseSettings):
          jwt_secret: str = "change-me"
          service_token_secret: str = "dev-only-service-secret"
          api_key: str = ""
          token_url: str = "https://auth.example.com/oauth/token"
          database_url: str = "postgresql+asyncpg://app:app@localhost:5432/app"
          password_min_length: int = 12
    `;
    expect(await linesOf(RULE, 'app/config.py', src)).toEqual([]);
    const test = py`
      API_KEY = "kZ3v9QeR1tXw7yB2nM5pL8sD4fG6hJ0aCuEiO2rT"
    `;
    expect(await linesOf(RULE, 'tests/test_api.py', test)).toEqual([]);
  });
});
