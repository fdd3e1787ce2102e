import { linesOf, py } from '../../review-python.js';

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

  it('does not flag labels, publishable keys, patterns, words that merely contain "token", or dev defaults', async () => {
    const src = py`
      import os
      from pydantic_settings import BaseSettings

      class Settings(BaseSettings):
          posthog_project_api_key: str = "phc_bVT2ugnZhMHRWqMvSRHPdeTjaPxQqT3QSsI3r5FlQR5"
          stripe_publishable_key: str = "pk_live_51HxQ2bC3dE4fG5hI6jK7lM8nOpQrStUv"
          access_token_pattern: str = r"[A-Za-z0-9._~+/-]+=*"
          aws_secret_access_key: str = "local123456789"
          faktory_access_token: str = os.getenv("FAKTORY_TOKEN", "faktory-access-token-v2")

      LLM = {"gpt": {"tokenizer_hub": "Acme/gpt-4o-tokenizer2", "max_tokens": 8192}}
      TEMPLATE_LEAKED_TOKEN = "oauth2_leaked_token"
      KEY_CACHE_SALT = os.environ.get("KEY_CACHE_SALT_SECRET", "acme-mcp-api-key-cache-v1")
    `;
    expect(await linesOf(RULE, 'app/config.py', src)).toEqual([]);
  });

  it('does not flag example values documenting a schema, or seed scripts, unless the value is a production credential', async () => {
    const schema = py`
      from pydantic import BaseModel, Field

      class CredentialIn(BaseModel):
          username: str
          password: str = Field(..., examples=["s3cureExamplePassw9rd"])
          model_config = {"json_schema_extra": {"examples": [{"password": "Hx7pQ2mZ9vLw4t"}]}}
    `;
    expect(await linesOf(RULE, 'app/schemas.py', schema)).toEqual([]);
    const seed = py`
      from app.models import Link

      def seed(session):
          session.add(Link(client_secret="acme_cl_Zr8Q2pLm4Xv9Tn3K"))
          session.add(Link(service_key="${SERVICE_JWT}"))
    `;
    expect(await linesOf(RULE, 'scripts/seed_data.py', seed)).toEqual([5]);
  });


  it('does not flag the throwaway values a task runner sets for a check run, and flags the same dict in application code', async () => {
    const src = (head: string) => py`
      ${head}

      REQUIRED_ENV_VARS = {
          "APP_ENCRYPTION_KEY": "OLMkv91j8DHiDAULnK5Lxx3kSCov30b3",
          "OAUTH_ROOT_CLIENT_SECRET": "fidesadminsecretQ7x2Lm",
      }
    `;
    expect(await linesOf(RULE, 'checks/ci_tasks.py', src('import nox'))).toEqual([]);
    expect(await linesOf(RULE, 'app/settings_env.py', src('import os'))).toEqual([4, 5]);
  });
  it('does not flag a documented token shape filled with filler, and still flags a real-looking one', async () => {
    const src = py`
      EXAMPLE = {"auth_fields": {"personal_access_token": "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}}
      GITHUB_TOKEN = "ghp_R8s2LmQ9vTz4Xw7Kp3Nb6Yc1Hd5Jf0Ga2Ue9"
    `;
    expect(await linesOf(RULE, 'app/api/examples.py', src)).toEqual([2]);
  });

  it('flags staff passwords an app seeds at startup in its own package', async () => {
    const src = py`
      from app.db import SessionLocal
      from app.users import create_user_if_missing

      def init_app_data():
          with SessionLocal() as db:
              create_user_if_missing(db, username="chef", password="Kp9vT2xQmW4z")
    `;
    expect(await linesOf(RULE, 'app/init.py', src)).toEqual([6]);
  });

  it('flags a real private key in application code but not a stub key or a test CA key in tests', async () => {
    const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7'.repeat(6);
    const app = `KEY = """-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----"""\nSTUB = "-----BEGIN PRIVATE KEY-----abc-----END PRIVATE KEY-----"\n`;
    expect(await linesOf(RULE, 'app/keys.py', app)).toEqual([1]);
    expect(await linesOf(RULE, 'tests/test_keys.py', app)).toEqual([]);
  });
});

