import { linesOf, py } from '../review-python.js';

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

      router = APIRouter(prefix="/reports")

      @router.get("/daily", dependencies=[Depends(require_admin)])
      async def daily():
          return []

      @router.post("/rebuild")
      async def rebuild():
          return {}
    `;
    const main = py`
      from fastapi import Depends, FastAPI
      from app.deps import get_current_user
      from app.routers import reports

      app = FastAPI()
      app.include_router(reports.router, dependencies=[Depends(get_current_user)])
    `;
    expect(await linesOf(RULE, 'app/routers/reports.py', router, { 'app/main.py': main })).toEqual([]);
    expect(await linesOf(RULE, 'app/routers/reports.py', router)).toEqual([11]);
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
