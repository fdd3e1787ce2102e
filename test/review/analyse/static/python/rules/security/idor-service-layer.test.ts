import { linesOf, py } from '../../review-python.js';

const RULE = 'idor-missing-ownership-check';

const MODELS = py`
  from sqlalchemy import ForeignKey
  from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

  class Base(DeclarativeBase):
      pass

  class Note(Base):
      __tablename__ = "notes"
      id: Mapped[int] = mapped_column(primary_key=True)
      owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
      body: Mapped[str]
`;

const SERVICE = py`
  from fastapi import Depends
  from sqlalchemy import select
  from sqlalchemy.ext.asyncio import AsyncSession
  from app.db import get_session
  from app.models import Note

  class NoteRepository:
      def __init__(self, session: AsyncSession):
          self.session = session

      async def get(self, note_id: int) -> Note | None:
          return await self.session.scalar(select(Note).where(Note.id == note_id))

      async def get_owned(self, note_id: int, owner_id: int) -> Note | None:
          return await self.session.scalar(select(Note).where(Note.id == note_id, Note.owner_id == owner_id))

  class NoteService:
      def __init__(self, session: AsyncSession = Depends(get_session)):
          self.session = session
          self.repo = NoteRepository(session)

      async def get_note(self, note_id: int) -> Note | None:
          return await self.session.get(Note, note_id)

      async def find(self, note_id: int) -> Note | None:
          return await self.repo.get(note_id)

      async def find_for(self, note_id: int, user_id: int) -> Note | None:
          return await self.repo.get_owned(note_id, user_id)

      async def load(self, note_id: int, user_id: int) -> Note | None:
          # The caller is handed over, and ignored.
          return await self.session.get(Note, note_id)
`;

describe(`${RULE} through a service layer`, () => {
  it('flags an id fetched through an injected service (one or two calls deep) that never scopes to the caller, even when handed the caller', async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from app.deps import CurrentUser
      from app.services.notes import NoteService

      router = APIRouter()

      @router.get("/notes/{note_id}")
      async def read_note(note_id: int, user: CurrentUser, service: NoteService = Depends()):
          return await service.get_note(note_id)

      @router.get("/notes/{note_id}/raw")
      async def read_raw(note_id: int, user: CurrentUser, service: NoteService = Depends()):
          return await service.find(note_id)

      @router.get("/notes/{note_id}/mine")
      async def read_mine(note_id: int, user: CurrentUser, service: NoteService = Depends()):
          return await service.find_for(note_id, user.id)

      @router.get("/notes/{note_id}/loaded")
      async def read_loaded(note_id: int, user: CurrentUser, service: NoteService = Depends()):
          return await service.load(note_id, user_id=user.id)
    `;
    const deps = py`
      from typing import Annotated
      from fastapi import Depends
      from app.models import User

      def get_current_user() -> "User":
          ...

      CurrentUser = Annotated[User, Depends(get_current_user)]
    `;
    const others = { 'app/models.py': MODELS, 'app/services/notes.py': SERVICE, 'app/deps.py': deps, 'app/db.py': 'async def get_session():\n    yield None\n' };
    expect(await linesOf(RULE, 'app/routers/notes.py', src, others)).toEqual([9, 13, 21]);
  });
});
