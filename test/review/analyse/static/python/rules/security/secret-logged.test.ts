import { findingsOf, linesOf, py } from '../../review-python.js';

const RULE = 'secret-logged';

describe(RULE, () => {
  it('flags a service-role key, a token in an f-string and a password passed to print', async () => {
    const src = py`
      import logging
      from app.config import settings

      logger = logging.getLogger(__name__)

      def make_client():
          logger.info("creating client url=%s key=%s", settings.supabase_url, settings.supabase_service_role_key)

      def login(username: str, password: str, access_token: str):
          logging.debug(f"login {username} token={access_token}")
          print("pw", password)
    `;
    expect(await linesOf(RULE, 'app/db.py', src)).toEqual([7, 10, 11]);
  });

  it('leaves test doubles alone: a console or fake provider that prints what it would send', async () => {
    const src = py`
      import logging

      logger = logging.getLogger(__name__)

      class ConsoleEmailProvider:
          def send_reset_email(self, to: str, reset_token: str):
              logger.info(f"reset link for {to}: token={reset_token}")
    `;
    expect(await linesOf(RULE, 'app/providers/email/console.py', src)).toEqual([7]);
    for (const path of ['app/providers/email/console_mock.py', 'app/adapters/email/fake.py', 'app/sources/stub.py', 'app/sources/file_stub.py', 'app/mock_email.py']) {
      expect(await linesOf(RULE, path, src)).toEqual([]);
    }
    // A word that merely contains one (`stubborn.py`, `mockup_service.py`) is no stand-in.
    expect(await linesOf(RULE, 'app/stubborn.py', src)).toEqual([7]);
    expect(await linesOf(RULE, 'app/mockup_service.py', src)).toEqual([7]);
  });

  it('does not take a flag about a code or a registry key name for the secret itself', async () => {
    const src = py`
      import logging
      from app.config import settings

      logger = logging.getLogger(__name__)

      def gate(place, wanted: bool, otp_code: str):
          should_resolve_verification_code = bool(place) and wanted
          logger.info("otp gating", extra={"resolving": should_resolve_verification_code})
          logger.info(f"registered model with key {settings.OPENAI_COMPATIBLE_MODEL_KEY}")
          logger.info(f"using {settings.OPENAI_API_KEY}")
          logger.info(f"code {otp_code}")
    `;
    expect(await linesOf(RULE, 'app/gate.py', src)).toEqual([10, 11]);
  });

  it('does not take a flag whose words only describe a secret (requires_token, uses_api_key, token_expires_in) for it', async () => {
    const src = py`
      import logging

      logger = logging.getLogger(__name__)

      def describe(tool, requires_token: bool, uses_api_key: bool, token_expires_in: int, api_token: str):
          logger.info("tool %s requires_token=%s", tool, requires_token)
          logger.info(f"uses key: {uses_api_key}, lifetime {token_expires_in}")
          logger.info(f"token {api_token}")
    `;
    expect(await linesOf(RULE, 'app/tools.py', src)).toEqual([8]);
  });

  it('flags logging the Authorization header', async () => {
    const src = py`
      import logging
      from fastapi import Request

      logger = logging.getLogger(__name__)

      async def audit(request: Request):
          logger.info("auth header %s", request.headers.get("authorization"))
    `;
    expect(await linesOf(RULE, 'app/mw.py', src)).toEqual([7]);
  });

  it('does not flag tokens that are content or positions (a marker in a title, a word of a name, where a listing starts), and still flags credential tokens', async () => {
    const src = py`
      import logging

      logger = logging.getLogger(__name__)

      def sync(start_token: str, name_token: str, title_with_token: str, comment_token: str, card_token: str, bot_token: str, refresh_token: str):
          logger.debug(f"incremental sync from {start_token}, name {name_token}")
          logger.info(f"created {title_with_token} with {comment_token} on {card_token}")
          logger.info(f"bot {bot_token} refresh {refresh_token}")
    `;
    expect(await linesOf(RULE, 'app/sync.py', src)).toEqual([8]);
  });

  it("does not take a tokenizer's special tokens, or a piece of a credential (an abbreviation, a prefix), for credentials", async () => {
    const src = py`
      import logging

      logger = logging.getLogger(__name__)

      def prepare(tokenizer, hf_token: str):
          logger.info(f"eos {tokenizer.eos_token} bos {tokenizer.bos_token} pad {tokenizer.pad_token}")
          logger.info(f"special {tokenizer.special_tokens}")
          logger.info(f"hub login with {hf_token}")
          short_token = hf_token[:5] + "..." + hf_token[-5:]
          logger.info(f"redirecting with token={short_token} (abbrv.)")
          logger.info(f"key prefix {settings.api_key_prefix}")
    `;
    expect(await linesOf(RULE, 'train/prepare.py', src)).toEqual([8]);
  });

  it('does not flag a credential logged where a test has shown it empty (None or ""), and flags it where it may hold a value', async () => {
    const src = py`
      import logging

      logger = logging.getLogger(__name__)

      def check(access_token: str | None, api_key: str | None, password: str):
          if not access_token:
              logger.warning(f"Invalid token: {access_token}")
          if api_key is None and password:
              logger.warning(f"missing api key {api_key!r}")
          if access_token is None or not access_token.startswith("Bearer "):
              logger.warning(f"Invalid token: {access_token}")
          if api_key is not None:
              logger.info(f"api key {api_key}")
          if not password:
              password = load_password()
              logger.info(f"loaded {password}")
          else:
              logger.info(f"given {password}")
    `;
    expect(await linesOf(RULE, 'app/auth.py', src)).toEqual([11, 13, 16, 18]);
  });

  it('flags a bare token only on evidence that it is a credential (its source, an auth function, a bearer use)', async () => {
    const src = py`
      import logging
      import uuid
      from fastapi import Depends
      from fastapi.security import OAuth2PasswordBearer

      logger = logging.getLogger(__name__)
      oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")

      def current_user(token: str = Depends(oauth2_scheme)):
          logger.info("user token %s", token)

      async def call_api(client, url: str, token: str):
          logger.debug(f"calling {url} with {token}")
          return await client.get(url, headers={"Authorization": f"Bearer {token}"})

      def fetch(payload: dict):
          token = payload.get("token") or get_token()
          logger.info(f"got {token}")

      def make_tasks(items, entities):
          for i in items:
              token = str(uuid.uuid4())[:8]
              logger.info(f"creating task with token {token}")
          for ent in entities:
              logger.info(f"checking {ent['token']} and {ent.get('token')}")

      def count_words(text: str):
          for token in text.split():
              logger.debug("token %s", token)

      class VerifyStep:
          async def update(self, client, ent: dict):
              await client.post("/x", headers={"Authorization": f"Bearer {self.access_token}"})
              logger.info(f"updated with marker {ent['token']}")
    `;
    expect(await linesOf(RULE, 'app/tokens.py', src)).toEqual([10, 13, 18]);
  });

  it('does not flag identifiers, URLs, key ids, cache keys or the key of a resource (a webhook\'s key), and still flags its signing key', async () => {
    const src = py`
      import logging

      log = logging.getLogger(__name__)

      def ok(user_id: int, token_type: str, api_key_id: str, cache_key: str, settings):
          log.info("user %s token type %s key id %s", user_id, token_type, api_key_id)
          log.debug("cache %s url %s", cache_key, settings.supabase_url)

      def webhooks(webhook_key: str, staged_webhook_keys: list[str], settings):
          log.info("removing webhook %s, keeping %s", webhook_key, staged_webhook_keys)
          log.info("signing with %s", settings.webhook_signing_key)
    `;
    expect(await linesOf(RULE, 'app/ok.py', src)).toEqual([11]);
  });

  it('does not flag a secrets directory, pagination or lock tokens, masked values, statuses, counts, lists of which secrets are missing or optional, or loaded records', async () => {
    const src = py`
      import logging
      from app.backend import backend, Record

      logger = logging.getLogger(__name__)

      def run(settings, next_page_token: str, cancel_token: str, masked_secret: str, policy, payload):
          logger.info("reading secrets from %s", settings.secrets_dir)
          logger.debug(f"page {next_page_token} cancel {cancel_token}")
          logger.debug("duplicate delivery for reservation %s (lease %s)", payload.reservation_token, payload.lease_token)
          logger.info("stripe secret %s", masked_secret)
          logger.info("status %s", policy.raw_secret_safety_status)
          new_token = backend.create_token("abc")
          logger.debug(f"created token record {new_token}")
          TOTAL_SECRETS = backend.count()
          print(f"Total rows in secrets: {TOTAL_SECRETS}")
          logger.info("%s tokens migrated, %s secrets remaining", len(settings.tokens), settings.secrets_count)
          missing_secrets = settings.required_secret_names - settings.defined_secret_names
          logger.error("Missing secrets", missing=missing_secrets, optional=settings.optional_secrets)
          credentials = backend.list_credentials("abc")
          logger.info("found %s", credentials)
          oauth_secrets: dict[str, Record] = {}
          logger.info("providers", oauth_provider_ids=oauth_secrets)
    `;
    const others = { 'app/backend.py': 'class Record:\n    pass\n\nclass Backend:\n    def create_token(self, name: str) -> Record:\n        return Record()\n\nbackend = Backend()\n' };
    expect(await linesOf(RULE, 'app/run.py', src, others)).toEqual([]);
  });

  it('leaves a time-based one-time code logged at debug level, and flags it at info', async () => {
    const src = py`
      import logging
      import pyotp

      LOG = logging.getLogger(__name__)

      def fill(secret: str, api_key: str) -> str:
          totp = pyotp.TOTP(secret).now()
          LOG.debug(f"current totp {totp}")
          LOG.debug(f"key {api_key}")
          LOG.info(f"entering totp {totp}")
          return totp
    `;
    expect(await linesOf(RULE, 'app/mfa.py', src)).toEqual([9, 10]);
  });

  it('flags a secret written at a custom level of a logger (notice, success), not a method of that name elsewhere', async () => {
    const src = py`
      from app.utils.logging import setup_logger

      logger = setup_logger()

      def request_verify(user_id: str, verification_token: str, api_key: str, board) -> None:
          logger.notice("Verification requested for %s. Verification token: %s", user_id, verification_token)
          logger.success(f"connected with {api_key}")
          board.notice(f"token for {user_id}: {verification_token}")
    `;
    expect(await linesOf(RULE, 'app/auth/users.py', src)).toEqual([6, 7]);
  });

  it('flags a one-time reset code printed to the console', async () => {
    const src = py`
      import secrets

      def start_reset(user, db):
          user.reset_password_code = "".join(str(secrets.randbelow(10)) for _ in range(4))
          db.commit()
          print(f"PIN {user.reset_password_code} set for {user.username}")
    `;
    expect(await linesOf(RULE, 'app/auth/service.py', src)).toEqual([6]);
  });

  it('does not flag a token that is a traded asset, not a credential', async () => {
    const src = py`
      import logging

      logger = logging.getLogger(__name__)

      class ChainApi:
          def get_token_holders(self, token: str, limit: int = 20):
              logger.debug("Retrieving token holders for %s", token)
              return self._get(f"/extended/v1/tokens/ft/{token}/holders", limit=limit)

          def fetch(self, token: str):
              logger.info("fetching %s", token)
              return self._get(f"/v2/contracts/{token}/info")

          def login(self, token: str):
              logger.info("logging in with %s", token)
              return self._post("/session", headers={"Authorization": f"Bearer {token}"})
    `;
    expect(await linesOf(RULE, 'app/services/chain.py', src)).toEqual([15]);
  });

  describe('a whole object that carries a credential', () => {
    const MODELS = py`
      from dataclasses import dataclass, field
      from pydantic import BaseModel, Field, SecretStr
      from sqlalchemy import Column, Integer, String
      from sqlalchemy.orm import declarative_base

      Base = declarative_base()

      class UserBase(BaseModel):
          name: str
          email: str
          password: str

      class UserIn(UserBase):
          organisation_id: int | None = None

      class SafeSignup(BaseModel):
          email: str
          password: SecretStr
          api_key: str = Field(repr=False)
          refresh_token: str = Field(exclude=True)

      class Profile(BaseModel):
          email: str
          hashed_password: str
          is_secret: bool

      class User(Base):
          __tablename__ = "users"
          id = Column(Integer, primary_key=True)
          email = Column(String)
          password = Column(String)

          def __repr__(self):
              return f"User(id={self.id}, email='{self.email}', password='{self.password}')"

      class Account(Base):
          __tablename__ = "accounts"
          id = Column(Integer, primary_key=True)
          password = Column(String)

          def __repr__(self):
              return f"Account(id={self.id})"

      class Plain(Base):
          __tablename__ = "plain"
          id = Column(Integer, primary_key=True)
          password = Column(String)

      @dataclass
      class SmtpConfig:
          host: str
          smtp_password: str

      @dataclass
      class HiddenSmtpConfig:
          host: str
          smtp_password: str = field(repr=False)

      class EnvVar(BaseModel):
          key: str
          value: str = Field(repr=False)

      class Agent(BaseModel):
          name: str
          secrets: list[EnvVar] = []

      class ApiKeyIn(BaseModel):
          label: str
          api_key: str

      class Integration(BaseModel):
          name: str
          credentials: ApiKeyIn | None = None
    `;

    it('follows a credential-named field typed with a model: flagged when that model prints its secret, not when it hides it', async () => {
      const src = py`
        import logging
        from app.models import Agent, Integration

        logger = logging.getLogger(__name__)

        def start(agent: Agent, integration: Integration):
            logger.info(f"starting {agent}")
            logger.info("integration %s", integration)
      `;
      const found = await findingsOf(RULE, [{ path: 'app/services/agents.py', head: src }], { 'app/models.py': MODELS });
      expect(found.map((f) => f.line)).toEqual([8]);
      expect(found[0].message).toContain('`credentials`');
    });

    it('takes a name that says it holds an id for the id, whatever the annotation of the function it came from', async () => {
      const src = py`
        import logging
        from app.models import UserIn

        logger = logging.getLogger(__name__)

        def lookup(token: str) -> UserIn:
            ...

        def handle(token: str):
            user_id = lookup(token)
            logger.info(f"handling {user_id=}")
            user = lookup(token)
            logger.info(f"handling {user=}")
      `;
      expect((await findingsOf(RULE, [{ path: 'app/routers/users.py', head: src }], { 'app/models.py': MODELS })).map((f) => f.line)).toEqual([13]);
    });

    it('flags logging a request model with a password field, an ORM object whose __repr__ formats it, a dump and a dataclass', async () => {
      const src = py`
        import logging
        from app.models import SmtpConfig, User, UserIn

        logger = logging.getLogger(__name__)

        def create_user(user: UserIn, smtp: SmtpConfig):
            logger.info("Received user data: %s", user)
            db_user = User(email=user.email, password=user.password)
            logger.info("User created: %s", db_user)
            logger.debug(f"payload {user.model_dump()}")
            print(str(smtp))
            return db_user
      `;
      const found = await findingsOf(RULE, [{ path: 'app/routers/users.py', head: src }], { 'app/models.py': MODELS });
      expect(found.map((f) => f.line)).toEqual([7, 9, 10, 11]);
      expect(found[0].message).toContain('`user` is written to the logs with its `password` in clear text: it is a `UserIn`, and pydantic prints every field');
      expect(found[1].message).toContain('its `__repr__` formats it');
      expect(found[1].message).toContain('leave it out of `__repr__`');
      expect(found[0].message).toContain('`SecretStr`');
      expect(found[3].message).toContain('`smtp_password`');
    });

    it('does not flag hidden, masked, excluded or hashed fields, a repr that leaves the secret out, or a default ORM repr', async () => {
      const src = py`
        import logging
        from app.models import Account, HiddenSmtpConfig, Plain, Profile, SafeSignup

        logger = logging.getLogger(__name__)

        def signup(body: SafeSignup, profile: Profile, account: Account, plain: Plain, smtp: HiddenSmtpConfig):
            logger.info("signup %s", body)
            logger.info(f"profile {profile}")
            logger.info("account %s", account)
            logger.info("plain %s", plain)
            logger.info("smtp %s", smtp)
            logger.info("user %s", body.email)
      `;
      expect(await findingsOf(RULE, [{ path: 'app/routers/signup.py', head: src }], { 'app/models.py': MODELS })).toEqual([]);
    });
  });

  it('does not take a name bound only to text the source spells out (a terminal escape) for a secret; a computed one stays', async () => {
    const src = py`
      import logging
      import secrets

      logger = logging.getLogger(__name__)

      def show(line: str, color: str):
          reset_code = "\\033[0m" if color else ""
          logger.info(f"{line}{reset_code}")

      def issue():
          reset_code = secrets.token_urlsafe(16)
          logger.info(f"reset code {reset_code}")
    `;
    expect(await linesOf(RULE, 'app/ui.py', src)).toEqual([12]);
  });

  it('does not take a name the code compares with words (a kind), nor what a file prints when run by hand; a token stays', async () => {
    const src = py`
      import logging

      logger = logging.getLogger(__name__)

      def connect(service_key: str, api_token: str):
          if service_key == "slack":
              pass
          elif service_key in ("airtable", "notion"):
              pass
          logger.warning("could not fetch metadata for %s", service_key)
          logger.warning("token %s refused", api_token)

      if __name__ == "__main__":
          meeting = {"password": "from-the-api"}
          print(meeting["password"], meeting.get("password"))
          logger.info("password %s", meeting.get("password"))
    `;
    expect(await linesOf(RULE, 'app/providers/zoom.py', src)).toEqual([11]);
  });
});
