import { findingsOf, linesOf, py } from '../../review-python.js';

const RULE = 'mass-assignment';

const MODELS = py`
  from pydantic import BaseModel
  from sqlalchemy import ForeignKey
  from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


  class Base(DeclarativeBase):
      pass


  class Note(Base):
      __tablename__ = "notes"
      id: Mapped[int] = mapped_column(primary_key=True)
      owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
      title: Mapped[str]
      body: Mapped[str]


  class NoteCreate(BaseModel):
      title: str
      body: str
      owner_id: int


  class NoteSafe(BaseModel):
      title: str
      body: str


  class MemberInvite(BaseModel):
      user_id: int
      role: str


  class Membership(Base):
      __tablename__ = "memberships"
      id: Mapped[int] = mapped_column(primary_key=True)
      team_id: Mapped[int]
      user_id: Mapped[int]
      role: Mapped[str]


  class ProfileUpdate(BaseModel):
      display_name: str | None = None
      role: str | None = None
`;

const HEADER = `from fastapi import APIRouter, Depends, Request
from app.db import get_session
from app.auth import current_user
from app.models import Membership, MemberInvite, Note, NoteCreate, NoteSafe, ProfileUpdate
router = APIRouter()
`;

const others = {
  'app/models.py': MODELS,
  'app/db.py': 'from sqlalchemy.ext.asyncio import AsyncSession\nasync def get_session() -> AsyncSession: ...\n',
  'app/auth.py': 'async def current_user(): ...\n',
};

/** A crud helper that stores every field of the request model it is handed. */
const crud = py`
  from app.models import Note, NoteCreate

  def create_note(db, note_in: NoteCreate):
      note = Note(**note_in.model_dump())
      db.add(note)
      return note
`;

describe(RULE, () => {
  it('flags an ORM row built from a request model that carries owner_id', async () => {
    const src = HEADER + py`
      @router.post("/notes")
      async def create_note(body: NoteCreate, db=Depends(get_session), user=Depends(current_user)):
          note = Note(**body.model_dump())
          db.add(note)
          await db.commit()
          return {"id": note.id}
    `;
    const [f, ...rest] = await findingsOf(RULE, [{ path: 'app/routers/notes.py', head: src }], others);
    expect(rest).toEqual([]);
    expect(f.line).toBe(8);
    expect(f.message).toContain('`Note(**body.model_dump())` stores every field of `NoteCreate`, including `owner_id`');
  });

  it('flags a setattr update loop and a supabase update with a client-chosen role', async () => {
    const src = HEADER + py`
      from supabase import Client, create_client
      sb: Client = create_client("url", "anon")

      @router.patch("/me")
      async def update_me(body: ProfileUpdate, db=Depends(get_session), user=Depends(current_user)):
          row = await db.get(Note, user.id)
          for key, value in body.model_dump(exclude_unset=True).items():
              setattr(row, key, value)
          await db.commit()

      @router.patch("/profiles/me")
      def update_profile(body: ProfileUpdate, user=Depends(current_user)):
          data = body.model_dump(exclude_unset=True)
          return sb.table("profiles").update(data).eq("id", user.id).execute()
    `;
    const found = await findingsOf(RULE, [{ path: 'app/routers/me.py', head: src }], others);
    expect(found.map((f) => f.line)).toEqual([13, 19]);
    expect(found[1].message).toContain('`.update(data)` stores every field of `ProfileUpdate` (`body.model_dump(exclude_unset=True)`), including `role`');
  });

  it('flags raw request JSON splatted into a row with an ownership column', async () => {
    const src = HEADER + py`
      @router.post("/notes/raw")
      async def create_raw(request: Request, db=Depends(get_session), user=Depends(current_user)):
          payload = await request.json()
          db.add(Note(**payload))
          await db.commit()
    `;
    expect(await linesOf(RULE, 'app/routers/raw.py', src, others)).toEqual([9]);
  });

  it('flags SQLModel sqlmodel_update and SQLAlchemy insert().values(**...)', async () => {
    const src = HEADER + py`
      from sqlalchemy import insert

      @router.patch("/notes/{note_id}")
      async def patch_note(note_id: int, body: NoteCreate, db=Depends(get_session), user=Depends(current_user)):
          note = await db.get(Note, note_id)
          note.sqlmodel_update(body.model_dump(exclude_unset=True))
          await db.execute(insert(Note).values(**body.model_dump()))
    `;
    const found = await findingsOf(RULE, [{ path: 'app/routers/patch.py', head: src }], others);
    expect(found.map((f) => [f.line, f.message.split(' stores')[0]])).toEqual([
      [11, '`.sqlmodel_update(body.model_dump(exclude_unset=True))`'],
      [12, '`.values(**body.model_dump())`'],
    ]);
  });

  it('does not flag excluded, server-set or checked fields, safe models, or admin routes', async () => {
    const src = HEADER + py`
      @router.post("/a")
      async def excluded(body: NoteCreate, db=Depends(get_session), user=Depends(current_user)):
          db.add(Note(**body.model_dump(exclude={"owner_id"}), owner_id=user.id))

      @router.post("/b")
      async def overwritten(body: NoteCreate, db=Depends(get_session), user=Depends(current_user)):
          note = Note(**body.model_dump())
          note.owner_id = user.id
          db.add(note)

      @router.post("/c")
      async def checked(body: NoteCreate, db=Depends(get_session), user=Depends(current_user)):
          if body.owner_id != user.id:
              raise PermissionError
          db.add(Note(**body.model_dump()))

      @router.post("/d")
      async def safe(body: NoteSafe, db=Depends(get_session), user=Depends(current_user)):
          db.add(Note(**body.model_dump(), owner_id=user.id))

      @router.post("/admin/notes")
      async def admin_create(body: NoteCreate, db=Depends(get_session)):
          db.add(Note(**body.model_dump()))

      @router.post("/teams/{team_id}/members")
      async def invite(team_id: int, body: MemberInvite, db=Depends(get_session), user=Depends(current_user)):
          db.add(Membership(**body.model_dump(), team_id=team_id))

      @router.post("/e")
      async def with_dict(body: NoteCreate, db=Depends(get_session), user=Depends(current_user)):
          db.add(Note(**{**body.model_dump(), "owner_id": user.id}))
    `;
    expect(await linesOf(RULE, 'app/routers/ok.py', src, others)).toEqual([]);
  });

  it('follows a crud helper that a changed non-admin route hands its request body, on changed lines only', async () => {
    const router = (path: string) => HEADER + py`
      from app import crud

      @router.post("${path}")
      def create(body: NoteCreate, db=Depends(get_session), user=Depends(current_user)):
          return crud.create_note(db, note_in=body)
    `;
    const flagged = await findingsOf(RULE, [{ path: 'app/crud.py', head: crud }, { path: 'app/routers/notes.py', head: router('/notes') }], others);
    expect(flagged.map((f) => [f.path, f.line])).toEqual([['app/crud.py', 4]]);
    // Only an admin route calls it: the admin may set the owner.
    expect(await findingsOf(RULE, [{ path: 'app/crud.py', head: crud }, { path: 'app/routers/notes.py', head: router('/admin/notes') }], others)).toEqual([]);
    // No loaded route passes client input to it: nothing is known about its callers.
    expect(await linesOf(RULE, 'app/crud.py', crud, others)).toEqual([]);
    // The splat line is unchanged.
    const head = crud.replace('    return note', '    db.flush()\n    return note');
    expect(await findingsOf(RULE, [{ path: 'app/crud.py', head, base: crud }, { path: 'app/routers/notes.py', head: router('/notes') }], others)).toEqual([]);
  });

  it('leaves a crud helper whose every caller checks the field before handing the model over', async () => {
    const router = (check: string) => HEADER + py`
      from fastapi import HTTPException
      from app import crud

      @router.post("/notes")
      def create(body: NoteCreate, db=Depends(get_session), user=Depends(current_user)):
          ${check}
          return crud.create_note(db, note_in=body)
    `;
    const checked = router('if body.owner_id != user.id: raise HTTPException(403)');
    expect(await findingsOf(RULE, [{ path: 'app/crud.py', head: crud }, { path: 'app/routers/notes.py', head: checked }], others)).toEqual([]);
    const unchecked = router('print(body.title)');
    expect((await findingsOf(RULE, [{ path: 'app/crud.py', head: crud }, { path: 'app/routers/notes.py', head: unchecked }], others)).map((f) => f.line)).toEqual([4]);
  });

  it("does not treat a free-text owner (a contact's name or e-mail) as an ownership field", async () => {
    const src = py`
      from typing import Optional
      from fastapi import APIRouter, Depends
      from pydantic import BaseModel
      from app.deps import get_current_user, get_db
      from app.models import TeamContact

      router = APIRouter()

      class TeamContactCreate(BaseModel):
          name: str
          owner: Optional[str] = None

      @router.post("/team-contacts")
      def create(body: TeamContactCreate, user=Depends(get_current_user), db=Depends(get_db)):
          contact = TeamContact(**body.dict())
          db.add(contact)
          db.commit()
          return contact
    `;
    const models = py`
      from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

      class Base(DeclarativeBase):
          pass

      class TeamContact(Base):
          __tablename__ = "team_contacts"
          id: Mapped[int] = mapped_column(primary_key=True)
          name: Mapped[str]
          owner: Mapped[str | None]
    `;
    expect(await linesOf(RULE, 'app/routers/contacts.py', src, { 'app/models.py': models })).toEqual([]);
  });

  describe('privileged fields copied one by one', () => {
    const ACCOUNTS = py`
      from pydantic import BaseModel
      from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


      class Base(DeclarativeBase):
          pass


      class User(Base):
          __tablename__ = "users"
          id: Mapped[int] = mapped_column(primary_key=True)
          email: Mapped[str]
          role: Mapped[str] = mapped_column(default="member")
          is_verified: Mapped[bool] = mapped_column(default=False)


      class ChatMessage(Base):
          __tablename__ = "chat_messages"
          id: Mapped[int] = mapped_column(primary_key=True)
          role: Mapped[str]
          content: Mapped[str]


      class SignUp(BaseModel):
          email: str
          password: str
          role: str = "member"
          is_verified: bool = False


      class MessageIn(BaseModel):
          role: str
          content: str
    `;
    const HEAD = `from fastapi import APIRouter, Depends, Form
from app.db import get_session
from app.auth import current_user
from app.accounts import ChatMessage, MessageIn, SignUp, User
router = APIRouter()
`;
    const accounts = { 'app/accounts.py': ACCOUNTS, 'app/db.py': others['app/db.py'], 'app/auth.py': others['app/auth.py'] };

    it('flags a sign-up that copies role and is_verified from the request, in the route or in a helper', async () => {
      const src = HEAD + py`
        from app import users_crud

        @router.post("/signup")
        async def signup(body: SignUp, db=Depends(get_session)):
            user = User(email=body.email, role=body.role, is_verified=body.is_verified)
            db.add(user)

        @router.post("/register")
        async def register(body: SignUp, db=Depends(get_session)):
            return users_crud.create_user(db, email=body.email, role=body.role)

        @router.post("/register-form")
        def register_form(email: str = Form(...), role: str = Form("member"), db=Depends(get_session)):
            db.add(User(email=email, role=role))
      `;
      const crud = py`
        from app.accounts import User

        def create_user(db, email: str, role: str) -> User:
            user = User(email=email, role=role)
            db.add(user)
            return user
      `;
      const found = await findingsOf(RULE, [{ path: 'app/routers/signup.py', head: src }, { path: 'app/users_crud.py', head: crud }], accounts);
      expect(found.map((f) => `${f.path}:${f.line}`)).toEqual(['app/routers/signup.py:10', 'app/routers/signup.py:19', 'app/users_crud.py:4']);
      expect(found[0].title).toBe('Client chooses a privileged field');
      expect(found[0].message).toContain('`User(...)` sets `role` from `body.role` (the request body `body` of `POST /signup`)');
      expect(found[2].message).toContain('from `role` (the request body `body` of `POST /register`, through `register()`)');
    });

    it('flags a privileged attribute of a loaded or authenticated row set from the request', async () => {
      const src = HEAD + py`
        from app.auth import get_current_user

        async def me(db=Depends(get_session)) -> User: ...

        @router.patch("/me")
        async def update_me(body: SignUp, user: User = Depends(me)):
            user.email = body.email
            user.role = body.role

        @router.patch("/me/checked")
        async def update_checked(body: SignUp, user: User = Depends(me)):
            if body.role not in {"member", "viewer"}:
                raise ValueError(body.role)
            user.role = body.role
      `;
      expect(await linesOf(RULE, 'app/routers/me.py', src, accounts)).toEqual([13]);
    });

    it('flags a SQLModel row validated from a public request model that carries is_verified', async () => {
      const models = py`
        from sqlmodel import Field, SQLModel


        class AccountIn(SQLModel):
            email: str
            is_verified: bool = False


        class Account(SQLModel, table=True):
            id: int | None = Field(default=None, primary_key=True)
            email: str
            is_verified: bool = False
            hashed_password: str = ""
      `;
      const src = py`
        from fastapi import APIRouter, Depends
        from app.db import get_session
        from app.models import Account, AccountIn
        router = APIRouter()

        @router.post("/accounts")
        def open_account(body: AccountIn, db=Depends(get_session)):
            account = Account.model_validate(body, update={"hashed_password": "x"})
            db.add(account)
      `;
      expect(await linesOf(RULE, 'app/routers/accounts.py', src, { ...accounts, 'app/models.py': models })).toEqual([8]);
    });

    it('does not flag chat roles, checked values, server-set values, grants or admin routes', async () => {
      const src = HEAD + py`
        ALLOWED_ROLES = {"member", "viewer"}

        @router.post("/chats/{chat_id}/messages")
        async def post_message(chat_id: int, body: MessageIn, db=Depends(get_session), user=Depends(current_user)):
            db.add(ChatMessage(role=body.role, content=body.content))

        @router.post("/signup-checked")
        async def signup_checked(body: SignUp, db=Depends(get_session)):
            if body.role not in ALLOWED_ROLES:
                raise ValueError(body.role)
            db.add(User(email=body.email, role=body.role))

        @router.post("/signup-default")
        async def signup_default(body: SignUp, db=Depends(get_session)):
            db.add(User(email=body.email, role="member", is_verified=False))

        @router.post("/admin/users")
        async def admin_create(body: SignUp, db=Depends(get_session)):
            db.add(User(email=body.email, role=body.role, is_verified=body.is_verified))

        @router.put("/members/{member_id}/role")
        async def change_role(member_id: int, body: SignUp, db=Depends(get_session), user=Depends(current_user)):
            db.add(User(email=body.email, role=body.role))

        def _validate_assignable_role(role: str) -> None:
            if role == "admin":
                raise PermissionError(role)

        @router.post("/signup-validated")
        async def signup_validated(body: SignUp, db=Depends(get_session)):
            _validate_assignable_role(body.role)
            db.add(User(email=body.email, role=body.role))
      `;
      expect(await linesOf(RULE, 'app/routers/ok.py', src, accounts)).toEqual([]);
    });
  });

  it('does not take a free-text `owner` (a contact name or e-mail) for an access-control field', async () => {
    const models = py`
      from pydantic import BaseModel
      from sqlalchemy import Column, Integer, String
      from sqlalchemy.orm import DeclarativeBase


      class Base(DeclarativeBase):
          pass


      class Contact(Base):
          __tablename__ = "contacts"
          id = Column(Integer, primary_key=True)
          name = Column(String)
          owner = Column(String)


      class ContactCreate(BaseModel):
          name: str
          owner: str | None = None
    `;
    const src = py`
      from fastapi import APIRouter, Depends
      from app.db import get_session
      from app.contacts import Contact, ContactCreate
      router = APIRouter()

      @router.post("/contacts")
      def create(body: ContactCreate, db=Depends(get_session)):
          db.add(Contact(**body.dict()))
    `;
    expect(await linesOf(RULE, 'app/routers/contacts.py', src, { ...others, 'app/contacts.py': models })).toEqual([]);
  });

  describe('a privileged field added to a public input model', () => {
    const schemaBase = py`
      from pydantic import BaseModel


      class UserCreate(BaseModel):
          email: str
          password: str


      class UserInvite(BaseModel):
          email: str
    `;
    const schemaHead = schemaBase.replace('    password: str\n', '    password: str\n    is_admin: bool = False\n').replace('class UserInvite(BaseModel):\n    email: str', 'class UserInvite(BaseModel):\n    email: str\n    role: str = "member"');
    const models = py`
      from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


      class Base(DeclarativeBase):
          pass


      class User(Base):
          __tablename__ = "users"
          id: Mapped[int] = mapped_column(primary_key=True)
          email: Mapped[str]
          is_admin: Mapped[bool] = mapped_column(default=False)
          role: Mapped[str] = mapped_column(default="member")
    `;
    const route = py`
      from fastapi import APIRouter, Depends
      from app.db import get_session
      from app.models import User
      from app.schemas import UserCreate, UserInvite
      router = APIRouter()

      @router.post("/signup")
      def signup(body: UserCreate, db=Depends(get_session)):
          db.add(User(**body.model_dump(exclude={"password"})))

      @router.post("/teams/{team_id}/invitations")
      def invite(team_id: int, body: UserInvite, db=Depends(get_session)):
          db.add(User(email=body.email, role=body.role))
    `;
    const main = 'from fastapi import FastAPI\nfrom app.routers import users\napp = FastAPI()\napp.include_router(users.router)\n';
    const repo = { 'app/models.py': models, 'app/routers/users.py': route, 'app/main.py': main, 'app/db.py': others['app/db.py'] };

    it('reports the new field where a public route stores the model, not a grant model', async () => {
      const found = await findingsOf(RULE, [{ path: 'app/schemas.py', head: schemaHead, base: schemaBase }], repo);
      expect(found.map((f) => `${f.path}:${f.line}`)).toEqual(['app/schemas.py:7']);
      expect(found[0].message).toContain('`UserCreate.is_admin` is filled by the client, and `POST /signup` stores it');
      expect(found[0].message).toContain('app/routers/users.py:9');
    });

    it('stays silent when no loaded route stores it, or the write is itself in the change', async () => {
      const quiet = { ...repo, 'app/routers/users.py': route.replace('db.add(User(**body.model_dump(exclude={"password"})))', 'db.add(User(email=body.email))') };
      expect(await findingsOf(RULE, [{ path: 'app/schemas.py', head: schemaHead, base: schemaBase }], quiet)).toEqual([]);
      const both = await findingsOf(RULE, [{ path: 'app/schemas.py', head: schemaHead, base: schemaBase }, { path: 'app/routers/users.py', head: route }], repo);
      expect(both.map((f) => `${f.path}:${f.line}`)).toEqual(['app/routers/users.py:9']);
    });
  });
});

