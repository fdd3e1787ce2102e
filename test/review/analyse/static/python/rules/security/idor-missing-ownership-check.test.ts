import { linesOf, py } from '../../review-python.js';

const RULE = 'idor-missing-ownership-check';

describe(RULE, () => {
  it('flags a fetch by path id when the current user is never used', async () => {
    const src = py`
      from fastapi import APIRouter, Depends, HTTPException
      from sqlalchemy import select
      from sqlalchemy.ext.asyncio import AsyncSession
      from app.deps import get_current_user, get_db
      from app.models import Invoice, User

      router = APIRouter(prefix="/invoices")

      @router.get("/{invoice_id}")
      async def get_invoice(invoice_id: int, user: User = Depends(get_current_user), db: AsyncSession = Depends(get_db)):
          invoice = await db.get(Invoice, invoice_id)
          if invoice is None:
              raise HTTPException(404)
          return invoice

      @router.get("/{invoice_id}/lines")
      async def lines(invoice_id: int, user: User = Depends(get_current_user), db: AsyncSession = Depends(get_db)):
          return (await db.scalars(select(Invoice).where(Invoice.id == invoice_id))).first()
    `;
    expect(await linesOf(RULE, 'app/routers/invoices.py', src)).toEqual([11, 18]);
  });

  it('does not flag ownership filters, ownership comparisons, staff callers or access-checking dependencies', async () => {
    const src = py`
      from fastapi import APIRouter, Depends, HTTPException
      from sqlalchemy import select
      from sqlalchemy.ext.asyncio import AsyncSession
      from app.deps import current_agent, get_current_user, get_db, get_rls_db, require_doc_access
      from app.models import Doc, Invoice, User

      router = APIRouter()

      @router.get("/invoices/{invoice_id}")
      async def owned(invoice_id: int, user: User = Depends(get_current_user), db: AsyncSession = Depends(get_db)):
          stmt = select(Invoice).where(Invoice.id == invoice_id, Invoice.account_id == user.account_id)
          return await db.scalar(stmt)

      @router.get("/tickets/{ticket_id}")
      async def ticket(ticket_id: int, agent=Depends(current_agent), db: AsyncSession = Depends(get_db)):
          return await db.get(Invoice, ticket_id)

      @router.get("/docs/{doc_id}")
      async def doc(doc_id: int, user: User = Depends(require_doc_access), db: AsyncSession = Depends(get_db)):
          return await db.get(Doc, doc_id)

      @router.get("/notes/{note_id}")
      async def note(note_id: int, user: User = Depends(get_current_user), db: AsyncSession = Depends(get_rls_db)):
          return await db.get(Doc, note_id)
    `;
    const deps = py`
      from fastapi import Depends
      from sqlalchemy import text
      from sqlalchemy.ext.asyncio import AsyncSession

      async def require_doc_access(doc_id: int, user=None):
          return user

      async def get_current_user():
          ...

      async def get_rls_db(user=Depends(get_current_user)) -> AsyncSession:
          ...
    `;
    expect(await linesOf(RULE, 'app/routers/ok.py', src, { 'app/deps.py': deps })).toEqual([]);
  });
});

describe(`${RULE} through repositories and services`, () => {
  const MODELS = py`
    from sqlalchemy import Column, ForeignKey, Integer, String
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

    class Base(DeclarativeBase):
        pass

    class Policyholder(Base):
        __tablename__ = "policyholders"
        id: Mapped[int] = mapped_column(primary_key=True)

    class Claim(Base):
        __tablename__ = "claims"
        id: Mapped[int] = mapped_column(primary_key=True)
        policyholder_id: Mapped[int] = mapped_column(ForeignKey("policyholders.id"))

    class Brochure(Base):
        __tablename__ = "brochures"
        id: Mapped[int] = mapped_column(primary_key=True)
        title: Mapped[str] = mapped_column(String(80))
  `;
  const REPO = py`
    from sqlalchemy import select
    from app.models import Brochure, Claim

    async def get_claim(session, claim_id: int):
        return await session.get(Claim, claim_id)

    async def get_claim_for_holder(session, claim_id: int, holder_id: int):
        return await session.scalar(select(Claim).where(Claim.id == claim_id, Claim.policyholder_id == holder_id))

    async def get_brochure(session, brochure_id: int):
        return await session.get(Brochure, brochure_id)

    class ClaimService:
        def __init__(self, session):
            self.session = session

        async def load(self, claim_id: int):
            return await get_claim(self.session, claim_id)
  `;
  const route = (...body: string[]) => py`
    from typing import Annotated
    from fastapi import APIRouter, Depends
    from app import repo
    from app.auth import current_holder
    from app.models import Policyholder

    router = APIRouter()
    Holder = Annotated[Policyholder, Depends(current_holder)]

    @router.get("/things/{claim_id}")
    async def read(claim_id: int, session, holder: Holder):
  ` + body.map((line) => `    ${line}\n`).join('');
  const others = { 'app/models.py': MODELS, 'app/repo.py': REPO };

  it('flags a repository function or a service method that loads an owned object by the id alone', async () => {
    expect(await linesOf(RULE, 'app/routers/things.py', route('return await repo.get_claim(session, claim_id)'), others)).toEqual([12]);
    const viaService = route('svc = repo.ClaimService(session)', 'return await svc.load(claim_id)');
    expect(await linesOf(RULE, 'app/routers/things.py', viaService, others)).toEqual([13]);
  });

  it('does not flag owner-filtering helpers, helpers given the caller, or models that belong to nobody', async () => {
    for (const body of [
      'return await repo.get_claim_for_holder(session, claim_id, 7)',
      'return await repo.get_claim_for_holder(session, claim_id, request_user_id)',
      'return await repo.get_brochure(session, claim_id)',
    ]) {
      expect(await linesOf(RULE, 'app/routers/things.py', route(body), others)).toEqual([]);
    }
  });

  it('does not flag a helper that checks access with the caller the route hands it under any name, and flags one that ignores it', async () => {
    const checked = py`
      from app.models import Claim

      async def load_checked(session, claim_id: int, auth):
          claim = await session.get(Claim, claim_id)
          if claim is None or claim.policyholder_id != auth.id:
              raise PermissionError(claim_id)
          return claim

      async def load_ignoring(session, claim_id: int, auth):
          return await session.get(Claim, claim_id)
    `;
    const handler = (helper: string) => py`
      from typing import Annotated
      from fastapi import APIRouter, Depends
      from app import checks
      from app.auth import current_holder
      from app.models import Policyholder

      router = APIRouter()

      @router.get("/things/{claim_id}")
      async def read(claim_id: int, session, auth: Annotated[Policyholder, Depends(current_holder)]):
          return await checks.${helper}(session, claim_id=claim_id, auth=auth)
    `;
    const files = { 'app/models.py': MODELS, 'app/checks.py': checked };
    expect(await linesOf(RULE, 'app/routers/things.py', handler('load_checked'), files)).toEqual([]);
    expect(await linesOf(RULE, 'app/routers/things.py', handler('load_ignoring'), files)).toEqual([11]);
  });

  it('flags raw SQL by id alone in a repository function, not SQL that names the owner', async () => {
    const rawRepo = py`
      async def get_invoice(conn, invoice_id: int):
          return await conn.fetchrow("SELECT id, total_cents FROM invoices WHERE id = $1", invoice_id)

      async def get_invoice_scoped(conn, invoice_id: int):
          return await conn.fetchrow("SELECT id FROM invoices WHERE id = $1 AND account_id = current_setting('app.account')::int", invoice_id)
    `;
    const src = (fn: string) => py`
      from fastapi import APIRouter, Depends
      from app.deps import current_user, get_conn
      from app import raw

      router = APIRouter()

      @router.get("/invoices/{invoice_id}")
      async def invoice(invoice_id: int, user=Depends(current_user), conn=Depends(get_conn)):
          return await raw.${fn}(conn, invoice_id)
    `;
    expect(await linesOf(RULE, 'app/routers/invoices.py', src('get_invoice'), { 'app/raw.py': rawRepo })).toEqual([9]);
    expect(await linesOf(RULE, 'app/routers/invoices.py', src('get_invoice_scoped'), { 'app/raw.py': rawRepo })).toEqual([]);
  });

  it('does not flag an organisation-shared object behind a permission dependency, but still flags one behind login alone', async () => {
    const models = py`
      from sqlalchemy import ForeignKey
      from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

      class Base(DeclarativeBase):
          pass

      class Task(Base):
          __tablename__ = "tasks"
          id: Mapped[int] = mapped_column(primary_key=True)
          owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
          title: Mapped[str]
    `;
    const src = py`
      from fastapi import APIRouter, Depends
      from sqlalchemy.orm import Session
      from app.deps import get_current_user, get_db
      from app.permissions import PermissionsDependency, TaskEditPermission
      from app.models import Task, User

      router = APIRouter()

      @router.put("/{task_id}", dependencies=[Depends(PermissionsDependency([TaskEditPermission]))])
      def update_task(task_id: int, db: Session = Depends(get_db), current_user: User = Depends(get_current_user)):
          task = db.get(Task, task_id)
          task.title = "x"
          return task

      @router.get("/{task_id}")
      def read_task(task_id: int, db: Session = Depends(get_db), current_user: User = Depends(get_current_user)):
          return db.get(Task, task_id)
    `;
    expect(await linesOf(RULE, 'app/routers/tasks.py', src, { 'app/models.py': models })).toEqual([17]);
  });

  it('still flags an owned object behind a role check: a role says who may call, not which objects', async () => {
    const models = py`
      from sqlalchemy import ForeignKey
      from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

      class Base(DeclarativeBase):
          pass

      class Order(Base):
          __tablename__ = "orders"
          id: Mapped[int] = mapped_column(primary_key=True)
          user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    `;
    const src = py`
      from fastapi import APIRouter, Depends
      from sqlalchemy.orm import Session
      from app.auth import RolesBasedAuthChecker
      from app.db import get_db
      from app.models import Order, UserRole

      router = APIRouter()

      @router.get("/orders/{order_id}")
      def get_order(order_id: int, db: Session = Depends(get_db), auth=Depends(RolesBasedAuthChecker([UserRole.CUSTOMER]))):
          return db.query(Order).filter(Order.id == order_id).first()
    `;
    const auth = py`
      from fastapi import Depends, HTTPException
      from app.deps import get_current_user

      class RolesBasedAuthChecker:
          def __init__(self, roles):
              self.roles = roles

          def __call__(self, user=Depends(get_current_user)):
              if user.role not in self.roles:
                  raise HTTPException(403)
              return user
    `;
    expect(await linesOf(RULE, 'app/routers/orders.py', src, { 'app/models.py': models, 'app/auth.py': auth })).toEqual([11]);
  });

  it('does not ask for an owner check on catalogue data read by id (a pricing plan), but does on a private key', async () => {
    const models = py`
      from sqlalchemy import ForeignKey
      from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

      class Base(DeclarativeBase):
          pass

      class BillingPlan(Base):
          __tablename__ = "billing_plans"
          id: Mapped[str] = mapped_column(primary_key=True)
          organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))

      class ApiKey(Base):
          __tablename__ = "api_keys"
          id: Mapped[str] = mapped_column(primary_key=True)
          user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    `;
    const src = py`
      from fastapi import APIRouter, Depends
      from sqlalchemy.orm import Session
      from app.deps import get_current_user, get_db
      from app.models import ApiKey, BillingPlan

      router = APIRouter()

      @router.get("/billing-plans/{billing_plan_id}")
      def plan(billing_plan_id: str, db: Session = Depends(get_db), _=Depends(get_current_user)):
          return db.get(BillingPlan, billing_plan_id)

      @router.get("/api-keys/{key_id}")
      def key(key_id: str, db: Session = Depends(get_db), user=Depends(get_current_user)):
          return db.get(ApiKey, key_id)
    `;
    expect(await linesOf(RULE, 'app/routers/billing.py', src, { 'app/models.py': models })).toEqual([14]);
  });
  it('flags a route that takes the caller and ignores it while its siblings hand the caller along with the same kind of id', async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from app.auth import require_permission, Permission
      from app.chats import get_chat_session_by_id, delete_chat_session, set_stop_fence, rename_session
      from app.models import User

      router = APIRouter()

      @router.get("/chat-session/{session_id}")
      def get_chat_session(session_id: str, user: User = Depends(require_permission(Permission.BASIC))):
          return get_chat_session_by_id(chat_session_id=session_id, user_id=user.id)

      @router.delete("/chat-session/{session_id}")
      def delete_session(session_id: str, user: User = Depends(require_permission(Permission.BASIC))):
          user_id = user.id
          delete_chat_session(user_id, session_id)

      @router.post("/stop-chat-session/{chat_session_id}")
      def stop_chat_session(chat_session_id: str, user: User = Depends(require_permission(Permission.BASIC))):  # noqa: ARG001
          set_stop_fence(chat_session_id, True)
          return {"message": "stopped"}

      @router.post("/rename/{session_id}")
      def rename(session_id: str, name: str, user: User = Depends(require_permission(Permission.BASIC))):
          rename_session(session_id, name, owner=user)
    `;
    const chats = 'def get_chat_session_by_id(chat_session_id, user_id):\n    pass\n\ndef delete_chat_session(user_id, session_id):\n    pass\n\ndef set_stop_fence(chat_session_id, value):\n    pass\n\ndef rename_session(session_id, name, owner):\n    pass\n';
    const found = await linesOf(RULE, 'app/routers/chat.py', src, { 'app/chats.py': chats });
    expect(found).toEqual([18]);
  });

  it('does not flag an ignored caller when the siblings ignore it too, or when no sibling uses the same kind of id', async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from app.auth import current_user
      from app.store import read_report, archive_report, read_board
      from app.models import User

      router = APIRouter()

      @router.get("/reports/{report_id}")
      def get_report(report_id: str, user: User = Depends(current_user)):
          return read_report(report_id)

      @router.post("/reports/{report_id}/archive")
      def archive(report_id: str, user: User = Depends(current_user)):
          archive_report(report_id)

      @router.get("/boards/{board_id}")
      def get_board(board_id: str, user: User = Depends(current_user)):
          return read_board(board_id, viewer=user)

      @router.get("/charts/{chart_id}")
      def get_chart(chart_id: str, user: User = Depends(current_user)):
          return read_board(chart_id, viewer=None)
    `;
    const store = 'def read_report(report_id):\n    pass\n\ndef archive_report(report_id):\n    pass\n\ndef read_board(board_id, viewer):\n    pass\n';
    expect(await linesOf(RULE, 'app/routers/reports.py', src, { 'app/store.py': store })).toEqual([]);
  });
});
