import { linesOf, py } from '../../review-python.js';

const RULE = 'select-star';

describe(RULE, () => {
  it('flags SELECT * and t.* in raw SQL sent to the database', async () => {
    const src = py`
      from sqlalchemy import text

      async def export(db, pid: int):
          return (await db.execute(text("SELECT * FROM tasks WHERE project_id = :pid"), {"pid": pid})).all()

      async def detail(conn, did: int):
          return await conn.fetchrow(
              "SELECT d.*, u.email FROM dashboards d JOIN users u ON u.id = d.owner_id WHERE d.id = $1", did
          )
    `;
    expect(await linesOf(RULE, 'app/repo.py', src)).toEqual([4, 8]);
  });

  it('does not flag count(*), EXISTS (SELECT *), explicit columns or supabase select("*")', async () => {
    const src = py`
      from sqlalchemy import text

      async def ok(db, conn, sb):
          await db.execute(text("SELECT count(*) FROM tasks"))
          await conn.fetch("SELECT id FROM t WHERE EXISTS (SELECT * FROM u WHERE u.t_id = t.id)")
          await conn.fetch("SELECT id, name FROM t")
          return sb.table("t").select("*").limit(10).execute()
    `;
    expect(await linesOf(RULE, 'app/repo.py', src)).toEqual([]);
  });

  it('does not flag a look at PostgreSQL\'s own catalog (an extension check), but does the app\'s table of the same name', async () => {
    const src = py`
      async def has_vectorscale(conn):
          cur = await conn.execute("SELECT * FROM pg_extension WHERE extname = 'vectorscale'")
          info = await conn.execute("SELECT * FROM information_schema.columns WHERE table_name = 'memories'")
          return await cur.fetchone(), await info.fetchall(), await conn.execute("SELECT * FROM extension WHERE name = 'x'")
    `;
    expect(await linesOf(RULE, 'app/store.py', src)).toEqual([4]);
  });

  it('does not flag a backup or dump that copies whole rows, or a migration', async () => {
    const src = py`
      from sqlalchemy import text

      class AlchemyBackup:
          def dump_schema(self, connection):
              return [dict(r) for r in connection.execute(text("SELECT * FROM alembic_version")).mappings()]
    `;
    expect(await linesOf(RULE, 'app/services/backups/exporter.py', src)).toEqual([]);
    expect(await linesOf(RULE, 'app/services/storage.py', src)).toEqual([]);
    const script = py`
      from sqlalchemy import text

      def main(conn):
          for row in conn.execute(text("SELECT * FROM users")):
              print(row)
    `;
    expect(await linesOf(RULE, 'scripts/inspect_users.py', script)).toEqual([]);
    expect(await linesOf(RULE, 'app/services/users.py', script)).toEqual([4]);
  });

  it('does not flag rows the code maps into an object of fixed fields, but does rows it reads a few columns of or hands on as they are', async () => {
    const src = py`
      from sqlalchemy import text

      def _row_to_dict(row) -> dict:
          return {"id": row.id, "name": row.name, "path": row.path}

      async def folder(session, name: str):
          stmt = text("SELECT * FROM folders WHERE name = :name")
          result = await session.execute(stmt.bindparams(name=name))
          row = result.fetchone()
          return Folder(**_row_to_dict(row)) if row else None

      async def tasks(conn, pid: int):
          rows = await conn.fetch("SELECT * FROM tasks WHERE project_id = $1", pid)
          return [Task.model_validate(dict(r)) for r in rows]

      async def names(conn, pid: int):
          rows = await conn.fetch("SELECT * FROM tasks WHERE project_id = $1", pid)
          return [r["name"] for r in rows]

      async def export(conn, pid: int):
          rows = await conn.fetch("SELECT * FROM tasks WHERE project_id = $1", pid)
          return [dict(r) for r in rows]

      async def raw(conn, tid: int):
          row = await conn.fetchrow("SELECT * FROM tasks WHERE id = $1", tid)
          return JSONResponse(row)

      async def admin(conn, username: str):
          row = await conn.fetchrow("SELECT * FROM admins WHERE username = $1", username)
          return Admin.build(row) if row else None

      async def raw_response(conn, tid: int):
          row = await conn.fetchrow("SELECT * FROM tasks WHERE id = $1", tid)
          return ORJSONResponse.create(row)
    `;
    expect(await linesOf(RULE, 'app/repo.py', src)).toEqual([17, 21, 25, 33]);
  });

  it('does not flag rows a function returns as records of a declared class of the project; flags untyped rows, dict or Record', async () => {
    const schema = py`
      from typing import TypedDict

      class Assistant(TypedDict):
          assistant_id: str
          name: str
          public: bool
    `;
    const src = py`
      from typing import List, Optional
      from asyncpg import Record
      from app.schema import Assistant

      async def list_assistants(pool, user_id: str) -> List[Assistant]:
          async with pool.acquire() as conn:
              return await conn.fetch("SELECT * FROM assistant WHERE user_id = $1", user_id)

      async def get_assistant(pool, assistant_id: str) -> Optional[Assistant]:
          async with pool.acquire() as conn:
              return await conn.fetchrow("SELECT * FROM assistant WHERE assistant_id = $1", assistant_id)

      async def raw_assistants(pool) -> list[Record]:
          async with pool.acquire() as conn:
              return await conn.fetch("SELECT * FROM assistant")

      async def any_assistants(pool):
          async with pool.acquire() as conn:
              return await conn.fetch("SELECT * FROM assistant")
    `;
    expect(await linesOf(RULE, 'app/storage.py', src, { 'app/schema.py': schema })).toEqual([15, 19]);
  });

  it('does not flag SELECT * of a table the app maps with one or two columns', async () => {
    const models = py`
      from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

      class Base(DeclarativeBase):
          pass

      class Flag(Base):
          __tablename__ = "flags"
          name: Mapped[str] = mapped_column(primary_key=True)

      class Doc(Base):
          __tablename__ = "docs"
          id: Mapped[int] = mapped_column(primary_key=True)
          title: Mapped[str]
          body: Mapped[str]
    `;
    const src = py`
      from sqlalchemy import text
      from app import models

      async def flags(db):
          return (await db.execute(text("SELECT * FROM flags"))).all()

      async def docs(db):
          return (await db.execute(text("SELECT * FROM docs WHERE id > 0"))).all()
    `;
    expect(await linesOf(RULE, 'app/repo.py', src, { 'app/models.py': models })).toEqual([8]);
  });
});

