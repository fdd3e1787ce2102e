import { linesOf, py } from '../review-python.js';

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
