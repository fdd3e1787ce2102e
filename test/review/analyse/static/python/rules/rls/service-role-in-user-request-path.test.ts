import { findingsOf, linesOf, py } from '../../review-python.js';

const RULE = 'service-role-in-user-request-path';

const DB = py`
  from functools import lru_cache
  from supabase import Client, create_client
  from app.config import settings

  def get_user_client(token: str) -> Client:
      client = create_client(settings.supabase_url, settings.supabase_anon_key)
      client.postgrest.auth(token)
      return client

  @lru_cache
  def get_service_client() -> Client:
      return create_client(settings.supabase_url, settings.supabase_service_role_key)

  def load_invoice(invoice_id: int):
      return get_service_client().table("invoices").select("*").eq("id", invoice_id).execute()
`;

describe(RULE, () => {
  it('flags a route reading data with the service-role client, directly or through a helper', async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from app.db import get_service_client, load_invoice
      from app.deps import get_current_user

      router = APIRouter(prefix="/invoices")

      @router.get("/{invoice_id}")
      def get_invoice(invoice_id: int, user=Depends(get_current_user)):
          admin = get_service_client()
          return admin.table("invoices").select("id").eq("id", invoice_id).limit(1).execute().data

      @router.get("/{invoice_id}/pdf")
      def pdf(invoice_id: int, user=Depends(get_current_user)):
          return load_invoice(invoice_id)
    `;
    const found = await findingsOf(RULE, [{ path: 'app/routers/invoices.py', head: src }], { 'app/db.py': DB });
    expect(found.map((f) => f.line)).toEqual([9, 14]);
    expect(found[0].category).toBe('rls');
  });

  it('flags a service-role client injected with Depends behind a plain Client annotation', async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from supabase import Client, create_client
      from app.config import settings
      from app.deps import get_current_user

      router = APIRouter()

      def get_admin_db() -> Client:
          return create_client(settings.supabase_url, settings.service_role_key)

      @router.get("/boards/{board_id}/notes")
      def notes(board_id: int, db: Client = Depends(get_admin_db), user=Depends(get_current_user)):
          return db.table("notes").select("id, body").eq("board_id", board_id).range(0, 49).execute().data
    `;
    expect(await linesOf(RULE, 'app/routers/notes.py', src, { 'app/db.py': DB })).toEqual([13]);
  });

  it("does not flag a query filtered by the caller's own id, a helper handed the caller, or a query after an access check on the caller", async () => {
    const helpers = py`
      from app.db import get_service_client

      def orders_of(user_id: str):
          return get_service_client().table("orders").select("id").eq("user_id", user_id).execute().data

      def check_board_access(board_id: int, user_id: str) -> None:
          ...
    `;
    const src = py`
      from fastapi import APIRouter, Depends
      from app.db import get_service_client, load_invoice
      from app.deps import get_current_user
      from app.repo import check_board_access, orders_of

      router = APIRouter()

      @router.get("/me/orders")
      def my_orders(user=Depends(get_current_user)):
          return get_service_client().table("orders").select("*").eq("user_id", user.id).execute()

      @router.get("/me/orders/ids")
      def my_order_ids(user=Depends(get_current_user)):
          return orders_of(str(user.id))

      @router.get("/boards/{board_id}/cards")
      def cards(board_id: int, user=Depends(get_current_user)):
          check_board_access(board_id, user.id)
          return get_service_client().table("cards").select("id").eq("board_id", board_id).execute().data

      @router.get("/invoices/{invoice_id}")
      def invoice(invoice_id: int, user=Depends(get_current_user)):
          return load_invoice(invoice_id)
    `;
    // Only the invoice, loaded by its id alone, is reported.
    expect(await linesOf(RULE, 'app/routers/me.py', src, { 'app/db.py': DB, 'app/repo.py': helpers })).toEqual([23]);
  });

  it('does not flag admin-guarded routes, the user-scoped client or jobs', async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from app.db import get_service_client, get_user_client
      from app.deps import get_current_user, require_moderator

      router = APIRouter()

      @router.post("/profiles/{pid}/ban")
      def ban(pid: str, moderator=Depends(require_moderator)):
          get_service_client().table("profiles").update({"banned": True}).eq("id", pid).execute()

      @router.get("/tasks")
      def tasks(user=Depends(get_current_user)):
          return get_user_client(user.token).table("tasks").select("id").range(0, 49).execute().data

      def nightly_job():
          get_service_client().rpc("refresh", {}).execute()
    `;
    expect(await linesOf(RULE, 'app/routers/p.py', src, { 'app/db.py': DB })).toEqual([]);
  });

  it('follows module globals set at startup through `global` (getter defined before or after the initialiser)', async () => {
    const clients = py`
      from supabase import AsyncClient, acreate_client
      from app.settings import settings

      _anon: AsyncClient | None = None
      _admin: AsyncClient | None = None

      def get_admin_client() -> AsyncClient:
          if _admin is None:
              raise RuntimeError("not initialised")
          return _admin

      async def init_clients() -> None:
          global _anon, _admin
          _anon = await acreate_client(settings.supabase_url, settings.supabase_anon_key)
          _admin = await acreate_client(settings.supabase_url, settings.supabase_service_role_key)

      def get_anon_client() -> AsyncClient:
          return _anon
    `;
    const src = py`
      from fastapi import APIRouter, Depends
      from app.clients import get_admin_client, get_anon_client
      from app.deps import current_user

      router = APIRouter()

      @router.get("/shifts/{shift_id}/signups")
      async def signups(shift_id: int, user=Depends(current_user)):
          admin = get_admin_client()
          return (await admin.table("signups").select("id").eq("shift_id", shift_id).limit(50).execute()).data

      @router.get("/shifts")
      async def shifts(user=Depends(current_user)):
          anon = get_anon_client()
          return (await anon.table("shifts").select("id").limit(50).execute()).data
    `;
    expect(await linesOf(RULE, 'app/routers/shifts.py', src, { 'app/clients.py': clients, 'app/db.py': DB })).toEqual([9]);
  });

  it('leaves sign-in flows (no caller JWT exists yet) and a backend that never runs a query as the user', async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from app.db import get_service_client
      from app.deps import get_current_user

      router = APIRouter(prefix="/auth")

      @router.post("/login")
      def login(form: dict):
          get_service_client().table("users").update({"last_login": "now()"}).eq("email", form["email"]).execute()

      @router.post("/password/reset")
      def reset_password(form: dict):
          return get_service_client().table("users").select("id").eq("email", form["email"]).execute()

      @router.get("/orders/{order_id}")
      def order(order_id: int, user=Depends(get_current_user)):
          return get_service_client().table("orders").select("*").eq("id", order_id).execute()
    `;
    expect(await linesOf(RULE, 'app/routers/auth.py', src, { 'app/db.py': DB })).toEqual([17]);
    // The same project without get_user_client: every query runs as the service role, by design.
    const serviceOnly = DB.replace(/def get_user_client[\s\S]*?return client\n/, '');
    expect(serviceOnly).not.toContain('postgrest.auth');
    expect(await linesOf(RULE, 'app/routers/auth.py', src, { 'app/db.py': serviceOnly })).toEqual([]);
    // A header that carries the service key is no user client.
    const rest = 'import httpx\nfrom app.config import settings\n\ndef call(path):\n    return httpx.get(path, headers={"apikey": settings.SERVICE_KEY, "Authorization": f"Bearer {settings.SERVICE_KEY}"})\n';
    expect(await linesOf(RULE, 'app/routers/auth.py', src, { 'app/db.py': serviceOnly, 'app/rest.py': rest })).toEqual([]);
  });
});
