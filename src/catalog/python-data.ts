import { section } from './section.js';

/** Python rules about what goes in and out: response fields, client input, user metadata, the service role. */
export const PYTHON_DATA = section('python', {
  'response-leaks-sensitive-fields': {
    category: 'security',
    severity: 'high',
    title: 'Route returns sensitive fields',
    rationale:
      'Without a `response_model` (or an output model as return annotation) FastAPI serialises whatever the handler ' +
      'returns. Returning an ORM object sends every column (password hashes, MFA secrets, tokens) and returning the ' +
      'input model echoes the submitted password. Declare an output schema (`response_model=UserPublic` or `-> ' +
      'UserPublic`) that lists only the public fields.',
    anchors: ['FastAPI docs: Response Model - Return Type (password echo example)', 'FastAPI SQL tutorial (HeroPublic)'],
    plan: { models: 1 },
    examples: {
      bad: `
        from fastapi import APIRouter, Depends
        from sqlalchemy import select
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

        class Base(DeclarativeBase):
            pass

        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)
            email: Mapped[str]
            hashed_password: Mapped[str]

        router = APIRouter()

        @router.get("/users")
        async def everyone(db=Depends()):
            return (await db.scalars(select(User).limit(50))).all()`,
      good: `
        from fastapi import APIRouter, Depends
        from pydantic import BaseModel
        from sqlalchemy import select
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

        class Base(DeclarativeBase):
            pass

        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)
            email: Mapped[str]
            hashed_password: Mapped[str]

        class UserOut(BaseModel):
            id: int
            email: str

        router = APIRouter()

        @router.get("/users", response_model=list[UserOut])
        async def everyone(db=Depends()):
            return (await db.scalars(select(User).limit(50))).all()`,
    },
  },
  'mass-assignment': {
    category: 'security',
    severity: 'medium',
    title: 'Client input copied wholesale into a row',
    rationale:
      'Splatting a request model into an ORM constructor or a PostgREST write (`Note(**body.model_dump())`, ' +
      '`.update(body.model_dump())`, a `setattr` loop) stores every field the client sent. When the input model ' +
      'carries fields only the server should set (`owner_id`, `role`, `is_admin`, `balance`), any caller can give a ' +
      'row to someone else or make themselves an admin. Keep such fields out of the input model (separate Create / ' +
      'Update models, `extra="forbid"`), or exclude them and set them on the server.',
    anchors: ['semgrep django mass-assignment', 'FastAPI SQL tutorial (HeroCreate / HeroUpdate)', 'OWASP API3:2023 (mass assignment)'],
    plan: { models: 2 },
    examples: {
      bad: `
        from fastapi import APIRouter, Depends
        from pydantic import BaseModel
        from sqlalchemy import ForeignKey
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

        class Base(DeclarativeBase):
            pass

        class Note(Base):
            __tablename__ = "notes"
            id: Mapped[int] = mapped_column(primary_key=True)
            owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
            body: Mapped[str]

        class NoteCreate(BaseModel):
            body: str
            owner_id: int

        router = APIRouter()

        @router.post("/notes")
        async def create_note(body: NoteCreate, db=Depends(get_session), user=Depends(current_user)):
            note = Note(**body.model_dump())
            db.add(note)
            await db.commit()`,
      good: `
        from fastapi import APIRouter, Depends
        from pydantic import BaseModel
        from sqlalchemy import ForeignKey
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

        class Base(DeclarativeBase):
            pass

        class Note(Base):
            __tablename__ = "notes"
            id: Mapped[int] = mapped_column(primary_key=True)
            owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
            body: Mapped[str]

        class NoteCreate(BaseModel):
            body: str

        router = APIRouter()

        @router.post("/notes")
        async def create_note(body: NoteCreate, db=Depends(get_session), user=Depends(current_user)):
            note = Note(**body.model_dump(), owner_id=user.id)
            db.add(note)
            await db.commit()`,
    },
  },
  'authz-trusts-user-metadata': {
    category: 'security',
    severity: 'high',
    title: 'Authorisation based on user_metadata',
    rationale:
      'Supabase `user_metadata` (raw_user_meta_data) is writable by the user themselves ' +
      '(`supabase.auth.update_user`), so a role, plan or tenant read from it proves nothing: anyone can grant ' +
      'themselves `admin`. Base authorisation on `app_metadata` (only the service role can change it) or on a roles ' +
      'table. Display-only use (name, avatar) is fine.',
    anchors: ['Supabase docs: Row Level Security (raw_user_meta_data)', 'splinter 0015 rls_references_user_metadata'],
    plan: { auth: 3 },
    examples: {
      bad: `
        from fastapi import HTTPException

        def require_admin(user):
            if user.user_metadata.get("role") != "admin":
                raise HTTPException(403)
            return user`,
      good: `
        from fastapi import HTTPException

        def require_admin(user):
            if user.app_metadata.get("role") != "admin":
                raise HTTPException(403)
            return user`,
    },
  },
  'service-role-in-user-request-path': {
    category: 'rls',
    severity: 'high',
    title: 'Service-role Supabase client in a user request',
    rationale:
      'The service-role key bypasses Row Level Security. Using a client built with it inside a user-facing route ' +
      'handler (or a helper it calls) means the query runs with no policy at all: whatever the handler forgets to ' +
      'filter, every user can read or change. Use a per-request client carrying the caller\'s JWT (anon key + ' +
      '`postgrest.auth(token)`) so RLS applies, and keep the service client for background jobs and admin-only routes. ' +
      'A query filtered by the caller\'s own id (or handed the caller to filter by), or run after an explicit access ' +
      'check on the caller, is not reported: it leaks nothing RLS would have hidden. ' +
      'Sign-in flows (no caller JWT exists yet) are not reported, nor is a backend that never runs a query as the user: ' +
      'it is its own trust boundary by design, and its ownership checks are idor-missing-ownership-check\'s.',
    anchors: ['Supabase docs: API keys (service_role bypasses RLS)', 'Supabase docs: Row Level Security'],
    plan: { endpoint: 3, security: 3 },
    examples: {
      bad: `
        import os
        from fastapi import APIRouter, Depends, Header
        from supabase import Client, create_client

        router = APIRouter()

        def get_user_db(authorization: str = Header(...)) -> Client:
            client = create_client(os.environ["SUPABASE_URL"], os.environ["SUPABASE_ANON_KEY"])
            client.postgrest.auth(authorization.removeprefix("Bearer "))
            return client

        def get_admin_db() -> Client:
            return create_client(os.environ["SUPABASE_URL"], os.environ["SUPABASE_SERVICE_ROLE_KEY"])

        @router.get("/boards/{board_id}/notes")
        def notes(board_id: int, db: Client = Depends(get_admin_db), user=Depends(get_current_user)):
            return db.table("notes").select("id, body").eq("board_id", board_id).range(0, 49).execute().data`,
      good: `
        import os
        from fastapi import APIRouter, Depends, Header
        from supabase import Client, create_client

        router = APIRouter()

        def get_user_db(authorization: str = Header(...)) -> Client:
            client = create_client(os.environ["SUPABASE_URL"], os.environ["SUPABASE_ANON_KEY"])
            client.postgrest.auth(authorization.removeprefix("Bearer "))
            return client

        @router.get("/notes")
        def notes(db: Client = Depends(get_user_db), user=Depends(get_current_user)):
            return db.table("notes").select("id, body").eq("owner_id", user.id).range(0, 49).execute().data`,
    },
  },
});
