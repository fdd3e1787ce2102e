import { linesOf, py } from '../../review-python.js';

const RULE = 'missing-auth-dependency';

const ROUTER = (extra: string) =>
  py`
    from fastapi import APIRouter, Depends
    from app.deps import get_current_user, get_db

    router = APIRouter(prefix="/invoices")

    @router.get("")
    async def list_invoices(user=Depends(get_current_user), db=Depends(get_db)):
        return []

    @router.post("/{invoice_id}/send")
    async def send_invoice(invoice_id: int, user=Depends(get_current_user), db=Depends(get_db)):
        return {}
  ` + extra;

describe(RULE, () => {
  it('flags a new mutating route without the auth dependency its siblings have', async () => {
    const src = ROUTER(`
@router.post("/{invoice_id}/void")
async def void_invoice(invoice_id: int, db=Depends(get_db)):
    return {}
`);
    expect(await linesOf(RULE, 'app/routers/invoices.py', src)).toEqual([15]);
  });

  it('accepts router-level dependencies, Annotated aliases, security schemes and public flows', async () => {
    const src = py`
      from typing import Annotated
      from fastapi import APIRouter, Depends, Header, Security
      from fastapi.security import OAuth2PasswordBearer

      oauth2 = OAuth2PasswordBearer(tokenUrl="token")
      CurrentUser = Annotated[dict, Depends(oauth2)]
      router = APIRouter()

      @router.get("/me")
      async def me(user: CurrentUser):
          return user

      @router.post("/notes")
      async def create_note(user: CurrentUser):
          return {}

      @router.delete("/notes/{note_id}")
      async def delete_note(note_id: int, token: str = Security(oauth2)):
          return {}

      @router.post("/login")
      async def login():
          return {}

      @router.post("/webhooks/stripe")
      async def stripe_webhook(stripe_signature: str = Header(...)):
          return {}
    `;
    expect(await linesOf(RULE, 'app/routers/notes.py', src)).toEqual([]);
    const guarded = py`
      from fastapi import APIRouter, Depends
      from app.deps import require_staff

      router = APIRouter(dependencies=[Depends(require_staff)])

      @router.get("/items")
      async def items():
          return []

      @router.post("/items")
      async def create():
          return {}
    `;
    expect(await linesOf(RULE, 'app/routers/items.py', guarded)).toEqual([]);
  });

  it('does not flag account recovery, public forms, or a claim that carries its one-time token', async () => {
    const recovery = ROUTER(`
@router.post("/password-recovery/{email}")
def recover_password(email: str, db=Depends(get_db)):
    return {}

@router.post("/faq-inquiries")
def create_inquiry(db=Depends(get_db)):
    return {}
`);
    expect(await linesOf(RULE, 'app/routers/invoices.py', recovery)).toEqual([]);
    const claim = ROUTER(`
from pydantic import BaseModel

class SeatClaim(BaseModel):
    invitation_token: str

@router.post("/seats/claim")
async def claim_seat(body: SeatClaim, db=Depends(get_db)):
    return {}
`);
    expect(await linesOf(RULE, 'app/routers/invoices.py', claim)).toEqual([]);
  });

  it('takes the handler\'s docstring for it when it says the route is public or opens with a public verb, not when it only mentions one', async () => {
    const src = (doc: string) => ROUTER(`
@router.post("/auth/header")
async def header_auth(db=Depends(get_db)):
    \"\"\"${doc}\"\"\"
    return {}
`);
    expect(await linesOf(RULE, 'app/routers/invoices.py', src('Login a user using the header callback.'))).toEqual([]);
    expect(await linesOf(RULE, 'app/routers/invoices.py', src('Fetch the key.\\n\\n    This endpoint is public (no auth required): the key is safe to expose.'))).toEqual([]);
    expect(await linesOf(RULE, 'app/routers/invoices.py', src('Rotate the header secret; the caller must login first.'))).toEqual([15]);
    expect(await linesOf(RULE, 'app/routers/invoices.py', src('Rotate the header secret; unauthenticated callers get a 401.'))).toEqual([15]);
  });

  it('does not flag code sign-in, a route whose path carries a secret, or a license key validated by possession', async () => {
    const src = ROUTER(`
from pydantic import BaseModel

class CodeRequest(BaseModel):
    email: str

class CodeAuthenticate(BaseModel):
    code: str

class LicenseKeyValidate(BaseModel):
    key: str

@router.post("/session/request")
async def request(body: CodeRequest, db=Depends(get_db)):
    return None

@router.post("/session/authenticate")
async def authenticate(body: CodeAuthenticate, db=Depends(get_db)):
    return {}

@router.patch("/client/{client_secret}")
async def client_update(client_secret: str, db=Depends(get_db)):
    return {}

@router.post("/license-keys/validate")
async def validate(body: LicenseKeyValidate, db=Depends(get_db)):
    return {}

@router.post("/license-keys/deactivate")
async def deactivate(body: LicenseKeyValidate, db=Depends(get_db)):
    return {}
`);
    expect(await linesOf(RULE, 'app/routers/invoices.py', src)).toEqual([]);
    // A path id that is not a secret, and a validate that carries no key, are still reported.
    const plain = ROUTER(`
@router.patch("/client/{client_code_id}")
async def client_update(client_code_id: int, db=Depends(get_db)):
    return {}

@router.post("/{invoice_id}/validate")
async def validate_invoice(invoice_id: int, db=Depends(get_db)):
    return {}
`);
    expect(await linesOf(RULE, 'app/routers/invoices.py', plain)).toEqual([15, 19]);
  });

  it("reads the prefix and dependencies of the project's own APIRouter class", async () => {
    const routing = py`
      from app.kit import get_api_router_class, Route

      APIRouter = get_api_router_class(Route)
    `;
    const src = py`
      from fastapi import Depends
      from app.routing import APIRouter
      from app.deps import get_current_user, get_db

      router = APIRouter(prefix="/customer-session")
      admin = APIRouter(prefix="/orders", dependencies=[Depends(get_current_user)])

      @router.post("/request")
      async def request(body: dict, db=Depends(get_db)):
          return None

      @router.get("/introspect")
      async def introspect(user=Depends(get_current_user)):
          return {}

      @router.post("/rename")
      async def rename(user=Depends(get_current_user)):
          return {}

      @admin.post("/{order_id}/refund")
      async def refund(order_id: int, db=Depends(get_db)):
          return {}
    `;
    expect(await linesOf(RULE, 'app/routers/cs.py', src, { 'app/routing.py': routing })).toEqual([]);
  });

  it('does not flag self-registration (a new account with its password and no rights), but flags creating one with a role', async () => {
    const src = (fields: string) => py`
      from fastapi import APIRouter, Depends
      from pydantic import BaseModel
      from app.deps import get_current_user, get_db

      router = APIRouter()


      class AccountBase(BaseModel):
          name: str
          email: str


      class AccountCreate(AccountBase):
          password: str
          ${fields}

      @router.post("/user")
      async def write_user(account: AccountCreate, db=Depends(get_db)):
          return {}

      @router.get("/users")
      async def read_users(user=Depends(get_current_user), db=Depends(get_db)):
          return []

      @router.patch("/user/{username}")
      async def patch_user(username: str, user=Depends(get_current_user), db=Depends(get_db)):
          return {}
    `;
    expect(await linesOf(RULE, 'app/routers/users.py', src('nickname: str | None = None'))).toEqual([]);
    expect(await linesOf(RULE, 'app/routers/users.py', src('is_superuser: bool = False'))).toEqual([18]);
  });

  it('does not take a sibling that only forwards the Authorization header (a proxy) for one that requires auth', async () => {
    const src = (guard: string) => py`
      import httpx
      from fastapi import APIRouter, Depends, Request
      from app.deps import get_current_user, get_headers

      router = APIRouter(prefix="/proxy")

      @router.post("/v1/messages")
      async def messages_proxy(request: Request, headers=Depends(get_headers)${guard}):
          forwarded = {"authorization": request.headers.get("authorization", "")}
          async with httpx.AsyncClient() as client:
              return (await client.post("https://upstream/v1/messages", headers=forwarded)).json()

      @router.api_route("/v1/{endpoint:path}", methods=["GET", "POST"])
      async def catchall_proxy(endpoint: str, request: Request, headers=Depends(get_headers)):
          async with httpx.AsyncClient() as client:
              return (await client.request(request.method, f"https://upstream/v1/{endpoint}")).json()
    `;
    expect(await linesOf(RULE, 'app/routers/proxy.py', src(''))).toEqual([]);
    expect(await linesOf(RULE, 'app/routers/proxy.py', src(', user=Depends(get_current_user)'))).toEqual([14]);
  });

  it('does not flag a handler that refuses callers itself with 401 / 403 (a first-install token), but flags one that only answers 404', async () => {
    const src = ROUTER(`
@router.put("/first_install")
async def first_install(data: dict, db=Depends(get_db)):
    if not settings.first_install:
        raise HTTPException(HTTPStatus.FORBIDDEN, "This is not your first install")
    if settings.first_install_token != data.get("token"):
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="Invalid token")
    return {}

@router.delete("/{invoice_id}")
async def delete_invoice(invoice_id: int, db=Depends(get_db)):
    if invoice_id < 0:
        raise HTTPException(status_code=404, detail="Not found")
    return {}
`);
    expect(await linesOf(RULE, 'app/routers/invoices.py', src)).toEqual([23]);
  });

  it('still flags a claim without a token and a status change, whatever their words', async () => {
    const src = ROUTER(`
@router.post("/{invoice_id}/claim")
async def claim_invoice(invoice_id: int, db=Depends(get_db)):
    return {}

@router.put("/{invoice_id}/status")
async def set_status(invoice_id: int, db=Depends(get_db)):
    return {}
`);
    expect(await linesOf(RULE, 'app/routers/invoices.py', src)).toEqual([15, 19]);
  });

  it('reads dependencies given through a module-level alias of Depends(...)', async () => {
    const deps = py`
      from fastapi import Depends, Request

      def superuser_verify(request: Request) -> bool:
          if not request.user.is_superuser:
              raise PermissionError
          return True

      DependsSuperUser = Depends(superuser_verify)
    `;
    const src = py`
      from fastapi import APIRouter, Depends
      from app.security import DependsSuperUser
      from app.deps import get_current_user, get_db

      router = APIRouter()

      @router.get("")
      async def list_users(user=Depends(get_current_user), db=Depends(get_db)):
          return []

      @router.post("", dependencies=[DependsSuperUser])
      async def create_user(db=Depends(get_db)):
          return {}

      @router.put("/{pk}", dependencies=[DependsSuperUser])
      async def update_user(pk: int, db=Depends(get_db)):
          return {}
    `;
    expect(await linesOf(RULE, 'app/routers/users.py', src, { 'app/security.py': deps })).toEqual([]);
  });

  it('reads a dependency factory that returns Depends(...) (ctx = require_role(check)), and still flags one that checks nothing', async () => {
    const deps = py`
      from fastapi import Depends, Header, HTTPException

      async def get_context(x_api_key: str = Header(None)):
          if not x_api_key:
              raise HTTPException(status_code=401)
          return {"key": x_api_key}

      def require_role(check):
          async def _enforce(ctx=Depends(get_context)):
              if not check(ctx):
                  raise HTTPException(status_code=403)
              return ctx
          return Depends(_enforce)

      def with_paging(limit: int = 50):
          def _paging(offset: int = 0):
              return (offset, limit)
          return Depends(_paging)
    `;
    const src = py`
      from fastapi import APIRouter, Depends
      from app.deps import get_context, get_db, require_role, with_paging

      router = APIRouter()

      @router.get("")
      async def list_providers(ctx=Depends(get_context), db=Depends(get_db)):
          return []

      @router.post("/")
      async def connect_provider(*, db=Depends(get_db), ctx=require_role(can_manage)):
          return {}

      @router.delete("/{pid}")
      async def delete_provider(pid: str, db=Depends(get_db), page=with_paging(10)):
          return {}
    `;
    expect(await linesOf(RULE, 'app/routers/providers.py', src, { 'app/deps.py': deps })).toEqual([15]);
  });

  it('does not claim a route is unauthenticated when its caller comes from an alias the review could not load', async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from app.deps import get_current_user, get_db
      from app.auth import AuthorizeWebUserWrite

      router = APIRouter()

      @router.get("/totp")
      async def totp_status(user=Depends(get_current_user)):
          return {}

      @router.post("/totp")
      async def totp_enroll(auth_subject: AuthorizeWebUserWrite, db=Depends(get_db)):
          return {}
    `;
    // app/auth.py re-exports from app/authz/__init__.py, which re-exports from app/authz/dependencies.py:
    // three imports away, past the review's import bound.
    const others = {
      'app/auth.py': 'from app.authz import AuthorizeWebUserWrite\n',
      'app/authz/__init__.py': 'from app.authz.dependencies import AuthorizeWebUserWrite\n',
      'app/authz/dependencies.py': 'from typing import Annotated\nfrom fastapi import Depends\nfrom app.deps import get_current_user\n\nAuthorizeWebUserWrite = Annotated[dict, Depends(get_current_user)]\n',
    };
    expect(await linesOf(RULE, 'app/routers/totp.py', src, others)).toEqual([]);
  });

  it('reads an Annotated alias named through its module (auth.OrganizationsCreate)', async () => {
    const authModule = py`
      from typing import Annotated
      from fastapi import Depends
      from app.deps import get_current_user

      OrganizationsCreate = Annotated[dict, Depends(get_current_user)]
    `;
    const src = py`
      from fastapi import APIRouter, Depends
      from app.deps import get_current_user, get_db
      from app.organization import auth

      router = APIRouter()

      @router.get("/")
      async def list_orgs(user=Depends(get_current_user)):
          return []

      @router.post("/")
      async def create(auth_subject: auth.OrganizationsCreate, db=Depends(get_db)):
          return {}
    `;
    expect(await linesOf(RULE, 'app/organization/endpoints.py', src, { 'app/organization/auth.py': authModule })).toEqual([]);
  });

  it('does not flag a POST under an object anyone may read, but flags changing that object', async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from app.deps import get_current_user, get_db

      router = APIRouter(prefix="/jobs")

      @router.get("/{job_id}")
      def read_job(job_id: str, db=Depends(get_db)):
          return {}

      @router.post("")
      def create_job(user=Depends(get_current_user), db=Depends(get_db)):
          return {}

      @router.delete("/{job_id}")
      def delete_job(job_id: str, user=Depends(get_current_user), db=Depends(get_db)):
          return {}

      @router.post("/{job_id}/applications")
      def apply(job_id: str, db=Depends(get_db)):
          return {}

      @router.put("/{job_id}")
      def update_job(job_id: str, db=Depends(get_db)):
          return {}
    `;
    expect(await linesOf(RULE, 'app/routers/jobs.py', src)).toEqual([23]);
  });

  it('flags admin routes with no authentication (reads too) when the app requires an administrator elsewhere; not with a router guard or in an app with no admin guard', async () => {
    const admin = (router: string) => py`
      from fastapi import APIRouter, Depends
      from app.config import get_slack_config, update_slack_config
      from app.deps import current_admin_user

      router = ${router}

      @router.get("/connectors/slack/config")
      def fetch_slack_config():
          return get_slack_config()

      @router.post("/connectors/slack/config")
      def modify_slack_config(config: dict):
          update_slack_config(config)
    `;
    const users = (dep: string) => py`
      from fastapi import APIRouter, Depends
      from app.deps import ${dep}

      router = APIRouter(prefix="/manage")

      @router.patch("/users/{user_id}/promote")
      def promote(user_id: int, user=Depends(${dep})):
          return {}
    `;
    const open = 'APIRouter(prefix="/admin")';
    expect(await linesOf(RULE, 'app/routers/admin.py', admin(open), { 'app/routers/manage.py': users('current_admin_user') })).toEqual([8, 12]);
    expect(await linesOf(RULE, 'app/routers/admin.py', admin('APIRouter(prefix="/admin", dependencies=[Depends(current_admin_user)])'), { 'app/routers/manage.py': users('current_admin_user') })).toEqual([]);
    expect(await linesOf(RULE, 'app/routers/admin.py', admin(open), { 'app/routers/manage.py': users('current_user') })).toEqual([]);
    // A handler that checks for an administrator itself.
    const checked = admin(open).replace('return get_slack_config()', 'ensure_admin(request)\n    return get_slack_config()').replace('def fetch_slack_config():', 'def fetch_slack_config(request):');
    expect(await linesOf(RULE, 'app/routers/admin.py', checked, { 'app/routers/manage.py': users('current_admin_user') })).toEqual([13]);
    // A handler that only sends the caller to a fixed address (the guarded admin app) exposes nothing.
    const redirect = admin(open).replace('return get_slack_config()', 'return RedirectResponse("/admin/connectors/", status_code=308)');
    expect(await linesOf(RULE, 'app/routers/admin.py', redirect, { 'app/routers/manage.py': users('current_admin_user') })).toEqual([12]);
    const computed = admin(open).replace('return get_slack_config()', 'return RedirectResponse(get_slack_config()["url"])');
    expect(await linesOf(RULE, 'app/routers/admin.py', computed, { 'app/routers/manage.py': users('current_admin_user') })).toEqual([8, 12]);
  });

  it('does not flag when no sibling route is authenticated either (a public service)', async () => {
    const src = py`
      from fastapi import APIRouter

      router = APIRouter()

      @router.get("/quotes")
      async def quotes():
          return []

      @router.post("/quotes/estimate")
      async def estimate():
          return {}
    `;
    expect(await linesOf(RULE, 'app/routers/quotes.py', src)).toEqual([]);
  });
});

describe(`${RULE} with router-wide dependencies`, () => {
  it('sees dependencies given where the router is included in main.py', async () => {
    const router = py`
      from fastapi import APIRouter, Depends
      from app.deps import require_admin
      from app.jobs import rebuild_reports

      router = APIRouter(prefix="/reports")

      @router.get("/daily", dependencies=[Depends(require_admin)])
      async def daily():
          return []

      @router.post("/rebuild")
      async def rebuild():
          return await rebuild_reports()
    `;
    const main = py`
      from fastapi import Depends, FastAPI
      from app.deps import get_current_user
      from app.routers import reports

      app = FastAPI()
      app.include_router(reports.router, dependencies=[Depends(get_current_user)])
    `;
    expect(await linesOf(RULE, 'app/routers/reports.py', router, { 'app/main.py': main })).toEqual([]);
    expect(await linesOf(RULE, 'app/routers/reports.py', router)).toEqual([12]);
  });
});

describe(`${RULE}: a route that only computes`, () => {
  const router = (body: string, extra = '') => py`
    import bolt11
    from fastapi import APIRouter, Depends
    from pydantic import BaseModel
    from app.deps import get_current_user
    from app.services import payments
    from app.lnurl import url_decode

    router = APIRouter(prefix="/payments")
    CACHE: dict = {}

    class Decode(BaseModel):
        data: str
        fields: list[str] = []

    def keep(d: dict, fields: list[str]) -> dict:
        return {k: v for k, v in d.items() if not fields or k in fields}

    @router.post("/pay")
    async def pay(data: Decode, user=Depends(get_current_user)):
        return await payments.pay(user, data.data)

    @router.post("/decode")
    async def decode(data: Decode${extra}):
    ${body}
  `;
  const PURE = `    s = data.data.strip()
        if s[:5] == "LNURL":
            return {"domain": str(url_decode(s))}
        invoice = bolt11.decode(s)
        out = keep(invoice.data, data.fields)
        out["kind"] = ", ".join(["bolt11"])
        return out`;

  const OTHERS = {
    'app/services/payments.py': 'async def pay(user, invoice):\n    return {}\n\ndef session():\n    return {}\n\nasync def log(x):\n    return None\n\ndef remember(x):\n    STORE.append(x)\n\nSTORE = []\n',
    'app/lnurl.py': 'import base64\n\ndef url_decode(s: str) -> str:\n    return base64.b64decode(s[5:]).decode()\n',
    'app/deps.py': 'def get_current_user():\n    return None\n',
  };

  it('does not ask for authentication on a POST that decodes its body and changes nothing', async () => {
    expect(await linesOf(RULE, 'app/routers/payments.py', router(PURE), OTHERS)).toEqual([]);
  });

  it('still flags it when the handler awaits, changes state, calls a service or takes a dependency', async () => {
    const cases = [
      router(PURE.replace('return out', 'await payments.log(out)\n        return out')),
      router(PURE.replace('return out', 'CACHE[s] = out\n        return out')),
      router(PURE.replace('return out', 'payments.remember(out)\n        return out')),
      router(PURE, ', db=Depends(payments.session)'),
    ];
    expect(await Promise.all(cases.map((src) => linesOf(RULE, 'app/routers/payments.py', src, OTHERS)))).toEqual([[23], [23], [23], [23]]);
  });

  // The decoder of a real project is a chain of small helpers: the proof follows them past two levels.
  const chain = (last: string) => ({
    ...OTHERS,
    'app/lnurl.py': py`
      import base64

      SEEN: list = []

      def url_decode(s: str) -> str:
          return _text(_strip(s))

      def _strip(s: str) -> str:
          return _pad(s[5:].lower())

      def _pad(s: str) -> str:
          return ${last}

      def _text(b: bytes) -> str:
          return b.decode()
    `,
  });

  it('follows pure project helpers past two levels', async () => {
    expect(await linesOf(RULE, 'app/routers/payments.py', router(PURE), chain('base64.b64decode(s + "=" * (-len(s) % 4))'))).toEqual([]);
  });

  it('still flags it when a helper deep down, a builtin or a method changes state, or runs code', async () => {
    expect(await linesOf(RULE, 'app/routers/payments.py', router(PURE), chain('SEEN.append(s) or s.encode()'))).toEqual([23]);
    const changes = [
      'setattr(data, "seen", True)',
      'exec(s)',
      'eval(s)',
      'list(map(payments.STORE.append, [s]))',
      'import shutil\n        shutil.rmtree(s)',
      'seen = CACHE\n        seen[s] = out',
      'del CACHE[s]',
      'data.fields.append(s)',
    ];
    const cases = changes.map((line) => router(PURE.replace('return out', `${line}\n        return out`)));
    const found = await Promise.all(cases.map((src) => linesOf(RULE, 'app/routers/payments.py', src, OTHERS)));
    expect(Object.fromEntries(changes.map((c, i) => [c, found[i]]))).toEqual(Object.fromEntries(changes.map((c) => [c, [23]])));
  });

  it('builds a project object whose constructor only fills itself, but not one whose constructor registers it', async () => {
    const built = router(PURE.replace('return out', 'return Decoded("bolt11", out).data')).replace('from app.lnurl import url_decode', 'from app.lnurl import Decoded, url_decode');
    const lnurl = (init: string) => ({
      ...OTHERS,
      'app/lnurl.py': `${OTHERS['app/lnurl.py']}\nREGISTRY = []\n\nclass Decoded:\n    def __init__(self, kind: str, data: dict):\n        self.kind = kind\n        self.data = dict(data)\n${init}`,
    });
    expect(await linesOf(RULE, 'app/routers/payments.py', built, lnurl(''))).toEqual([]);
    expect(await linesOf(RULE, 'app/routers/payments.py', built, lnurl('        REGISTRY.append(self)\n'))).toEqual([23]);
  });

  it('follows an untyped helper that only calls methods of plain values, but not a method of a collaborator it cannot resolve', async () => {
    const helper = (body: string) =>
      router(PURE.replace('invoice = bolt11.decode(s)', 'invoice = bolt11.decode(tidy(s, data))')).replace('def keep(', `def tidy(s, sink):\n${body}\n\ndef keep(`);
    expect(await linesOf(RULE, 'app/routers/payments.py', helper('    return s.strip().lower()'), OTHERS)).toEqual([]);
    // `sink` may be a service: `archive` is no method of a plain value.
    expect(await linesOf(RULE, 'app/routers/payments.py', helper('    sink.archive(s)\n    return s'), OTHERS)).toEqual([27]);
    // `self.store` is the object's collaborator (a service, a repository): its methods are code the proof cannot see.
    const codec = router(PURE.replace('invoice = bolt11.decode(s)', 'invoice = bolt11.decode(Codec().clean(s))')).replace(
      'def keep(',
      'class Codec:\n    store = payments\n\n    def clean(self, s: str) -> str:\n        self.store.archive(s)\n        return s\n\ndef keep(',
    );
    expect(await linesOf(RULE, 'app/routers/payments.py', codec, OTHERS)).toEqual([30]);
  });

  // `lnbits/bolt11.py` is `from bolt11 import decode, encode`: the project's module wraps the library of the same name.
  const WRAPPED = router(PURE).replace('import bolt11\n', 'from app import bolt11\n');

  it('follows a library function the project re-exports through a module named like the library', async () => {
    const wrapper = { ...OTHERS, 'app/bolt11.py': 'from bolt11 import (\n    decode,  # noqa: F401\n    encode,  # noqa: F401\n)\n' };
    expect(await linesOf(RULE, 'app/routers/payments.py', WRAPPED, wrapper)).toEqual([]);
  });

  it('still flags it when the wrapper module defines, or re-exports from the repository, what the route calls', async () => {
    const own = { ...OTHERS, 'app/bolt11.py': 'STORE = []\n\ndef decode(s):\n    STORE.append(s)\n    return s\n' };
    // Re-exported twice: the module that defines it is beyond the imports the review loads, so it may do anything.
    const unloaded = {
      ...OTHERS,
      'app/bolt11.py': 'from app.codec.bolt11 import decode\n',
      'app/codec/bolt11.py': 'from app.codec.impl import decode\n',
      'app/codec/impl.py': 'def decode(s):\n    return s\n',
    };
    expect(await linesOf(RULE, 'app/routers/payments.py', WRAPPED, own)).toEqual([23]);
    expect(await linesOf(RULE, 'app/routers/payments.py', WRAPPED, unloaded)).toEqual([23]);
  });
});

describe(`${RULE}: dependencies recognised by what they do`, () => {
  const DEPS = py`
    from typing import Annotated
    import jwt
    from fastapi import Depends, Header, HTTPException, Request, status
    from app.config import settings

    def kiosk_gate(x_kiosk_token: Annotated[str, Header()]) -> str:
        return x_kiosk_token

    def station(request: Request) -> str:
        raw = request.state.raw
        try:
            claims = jwt.decode(raw, settings.secret, algorithms=["HS256"])
        except jwt.PyJWTError:
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "invalid")
        return claims["station"]

    class Gatekeeper:
        def __call__(self, request: Request) -> None:
            if request.state.ok is not True:
                raise HTTPException(status_code=401)

    def pagination(page: int = 1, size: int = 20) -> tuple[int, int]:
        return page, size

    def lookup(request: Request) -> str:
        if request.state.flag:
            raise HTTPException(status_code=404)
        return "x"

    KioskGate = Annotated[str, Depends(kiosk_gate)]
    Station = Annotated[str, Depends(station)]
    Page = Annotated[tuple, Depends(pagination)]
    Lookup = Annotated[str, Depends(lookup)]
  `;
  const router = (route: string) => py`
    from fastapi import APIRouter, Depends
    from app.deps import Gatekeeper, KioskGate, Lookup, Page, Station

    router = APIRouter()

    @router.get("/gates")
    async def gates(gate: KioskGate):
        return []

    @router.post("/gates/{gate_id}/open")
    async def open_gate(gate_id: int, ${route}):
        return {}
  `;

  it('accepts a dependency that reads a credential header, verifies a token, or answers 401', async () => {
    for (const param of ['gate: KioskGate', 'station: Station', 'ok: None = Depends(Gatekeeper())']) {
      expect(await linesOf(RULE, 'app/routers/gates.py', router(param), { 'app/deps.py': DEPS })).toEqual([]);
    }
  });

  it('still flags a route whose only dependencies neither read nor check a credential', async () => {
    for (const param of ['page: Page', 'found: Lookup']) {
      expect(await linesOf(RULE, 'app/routers/gates.py', router(param), { 'app/deps.py': DEPS })).toEqual([11]);
    }
  });
});

describe(`${RULE}: a user's record changed on a public router`, () => {
  const MODELS = py`
    from sqlalchemy import Column, ForeignKey, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()

    class Patron(Base):
        __tablename__ = "patrons"
        id = Column(Integer, primary_key=True)

    class Loan(Base):
        __tablename__ = "loans"
        id = Column(Integer, primary_key=True)
        patron_id = Column(Integer, ForeignKey("patrons.id"))
        renewals = Column(Integer)
        views = Column(Integer)

    class Book(Base):
        __tablename__ = "books"
        id = Column(Integer, primary_key=True)
        title = Column(String)
  `;
  const AUTH = py`
    from fastapi import Depends, Header, HTTPException
    from app.models import Patron

    def current_patron(authorization: str = Header(...)) -> Patron:
        raise HTTPException(status_code=401)
  `;
  const ACCOUNT = py`
    from fastapi import APIRouter, Depends
    from app.auth import current_patron

    router = APIRouter()

    @router.get("/me")
    def me(patron=Depends(current_patron)):
        return patron
  `;
  const MAIN = py`
    from fastapi import FastAPI
    from app.routers import account, opac

    app = FastAPI()
    app.include_router(account.router)
    app.include_router(opac.router)
  `;
  const opac = (...route: string[]) =>
    py`
      from fastapi import APIRouter, Depends
      from app.db import get_db
      from app.models import Book, Loan

      router = APIRouter(prefix="/opac")

      @router.get("/books/{book_id}")
      def get_book(book_id: int, db=Depends(get_db)):
          return db.query(Book).get(book_id)

    ` + route.map((l) => `${l}\n`).join('');
  const repo = { 'app/models.py': MODELS, 'app/auth.py': AUTH, 'app/routers/account.py': ACCOUNT, 'app/main.py': MAIN };

  it('flags a mutating route that changes a patron-owned loan by id with no identity, when the app authenticates elsewhere', async () => {
    const renew = opac(
      '@router.post("/loans/{loan_id}/renew")',
      'def renew_loan(loan_id: int, db=Depends(get_db)):',
      '    loan = db.query(Loan).get(loan_id)',
      '    loan.renewals = loan.renewals + 1',
      '    db.commit()',
    );
    expect(await linesOf(RULE, 'app/routers/opac.py', renew, repo)).toEqual([11]);
    const remove = opac(
      '@router.delete("/loans/{loan_id}")',
      'def drop_loan(loan_id: int, db=Depends(get_db)):',
      '    loan = db.get(Loan, loan_id)',
      '    db.delete(loan)',
    );
    expect(await linesOf(RULE, 'app/routers/opac.py', remove, repo)).toEqual([11]);
  });

  it('does not flag unowned records, counters, magic-link tokens, or apps without any authentication', async () => {
    const cases = [
      ['@router.post("/books/{book_id}/retitle")', 'def retitle(book_id: int, db=Depends(get_db)):', '    book = db.get(Book, book_id)', '    book.title = "x"'],
      ['@router.post("/loans/{loan_id}/view")', 'def view(loan_id: int, db=Depends(get_db)):', '    loan = db.get(Loan, loan_id)', '    loan.views += 1'],
      ['@router.post("/loans/{loan_id}/renew")', 'def renew(loan_id: int, token: str, db=Depends(get_db)):', '    loan = db.get(Loan, loan_id)', '    if token != loan.secret:', '        return None', '    loan.renewals = 2'],
    ];
    cases.push(['@router.post("/loans/{loan_id}/renew")', 'def renew_mw(loan_id: int, request: Request, db=Depends(get_db)):', '    loan = db.get(Loan, loan_id)', '    if loan.patron_id != request.user.id:', '        return None', '    loan.renewals = 2']);
    for (const route of cases) expect(await linesOf(RULE, 'app/routers/opac.py', opac(...route), repo)).toEqual([]);
    const renew = opac('@router.post("/loans/{loan_id}/renew")', 'def renew_loan(loan_id: int, db=Depends(get_db)):', '    loan = db.get(Loan, loan_id)', '    loan.renewals = 2');
    expect(await linesOf(RULE, 'app/routers/opac.py', renew, { 'app/models.py': MODELS })).toEqual([]);
  });
});

describe(`${RULE} with nested routers`, () => {
  it('sees the dependencies of the parent router or app a router is included into', async () => {
    const items = py`
      from fastapi import APIRouter, Depends
      from app.deps import get_current_user, get_db

      router = APIRouter(prefix="/items")

      @router.get("/{item_id}")
      async def read(item_id: int, user=Depends(get_current_user)):
          return {}

      @router.delete("/{item_id}")
      async def remove(item_id: int, db=Depends(get_db)):
          return {}
    `;
    const api = py`
      from fastapi import APIRouter, Depends
      from app.deps import verify_api_key
      from app.routers import items

      api_router = APIRouter(dependencies=[Depends(verify_api_key)])
      api_router.include_router(items.router)
    `;
    const main = py`
      from fastapi import FastAPI
      from app.api import api_router

      app = FastAPI()
      app.include_router(api_router, prefix="/api")
    `;
    expect(await linesOf(RULE, 'app/routers/items.py', items, { 'app/api.py': api, 'app/main.py': main })).toEqual([]);
    const bare = api.replace('APIRouter(dependencies=[Depends(verify_api_key)])', 'APIRouter()');
    expect(await linesOf(RULE, 'app/routers/items.py', items, { 'app/api.py': bare, 'app/main.py': main })).toEqual([11]);
  });

  it('sees the dependencies of a router a factory function builds, and of a list the factory fills before making it', async () => {
    const base = py`
      from fastapi import APIRouter, Depends
      from app.deps import jwt_auth, api_key_auth

      def get_routers(extra=[]):
          public_app = APIRouter()
          app = APIRouter(dependencies=[Depends(jwt_auth)] + extra)
          app_apikey = APIRouter(dependencies=[Depends(api_key_auth)] + extra)
          return public_app, app, app_apikey
    `;
    const flags = (router: string) => py`
      from fastapi import Depends
      from app.deps import get_db, jwt_auth
      from app.routers.base import get_routers

      public_app, app, app_apikey = get_routers()

      @${router}.get("/flags")
      async def list_flags(user=Depends(jwt_auth)):
          return []

      @${router}.delete("/flags/{flag_id}")
      async def delete_flag(flag_id: int, db=Depends(get_db)):
          return {}
    `;
    expect(await linesOf(RULE, 'app/routers/flags.py', flags('app'), { 'app/routers/base.py': base })).toEqual([]);
    expect(await linesOf(RULE, 'app/routers/flags.py', flags('public_app'), { 'app/routers/base.py': base })).toEqual([12]);
    // The factory's module is not in the repository (a build step copies it in): the router's dependencies are unknown.
    expect(await linesOf(RULE, 'app/routers/flags.py', flags('app'))).toEqual([]);

    const v1 = (fill: string) => py`
      from fastapi import APIRouter, Depends
      from app.deps import is_authenticated
      from app.routers import projects

      def create_v1_router(authentication_enabled: bool) -> APIRouter:
          dependencies = []
          if authentication_enabled:
              ${fill}
          router = APIRouter(prefix="/v1", dependencies=dependencies)
          router.include_router(projects.router)
          return router
    `;
    const projects = py`
      from fastapi import APIRouter, Depends
      from app.deps import get_db, is_authenticated

      router = APIRouter()

      @router.get("/projects")
      async def list_projects(user=Depends(is_authenticated)):
          return []

      @router.post("/projects")
      async def create_project(db=Depends(get_db)):
          return {}
    `;
    const main = py`
      from fastapi import FastAPI
      from app.routers.v1 import create_v1_router

      app = FastAPI()
      app.include_router(create_v1_router(True))
    `;
    const deps = py`
      from fastapi import HTTPException, Request

      def is_authenticated(request: Request):
          if not request.headers.get("authorization"):
              raise HTTPException(status_code=401)

      def get_db():
          yield None
    `;
    const filled = v1('dependencies.append(Depends(is_authenticated))');
    expect(await linesOf(RULE, 'app/routers/projects.py', projects, { 'app/routers/v1.py': filled, 'app/main.py': main, 'app/deps.py': deps })).toEqual([]);
    expect(await linesOf(RULE, 'app/routers/projects.py', projects, { 'app/routers/v1.py': v1('pass'), 'app/main.py': main, 'app/deps.py': deps })).toEqual([11]);
  });
});
