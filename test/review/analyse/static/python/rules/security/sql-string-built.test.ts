import { calledByRoute, findingsOf, linesOf, py } from '../../review-python.js';

const RULE = 'sql-string-built';

describe(RULE, () => {
  it('flags an f-string in text(), concatenation reaching execute, and a fragment built earlier', async () => {
    const src = py`
      from sqlalchemy import text

      async def search(db, q: str):
          stmt = text(f"SELECT id FROM products WHERE name ILIKE '%{q}%'")
          return (await db.execute(stmt)).all()

      async def sorted_list(db, sort: str):
          column = sort.lstrip("-")
          sql = "SELECT id FROM products ORDER BY " + column
          return (await db.execute(text(sql))).all()

      def revenue(cur, region: str | None):
          region_filter = f"and region = '{region}'" if region else ""
          cur.execute(
              f"""
              select sum(total) from orders where merchant_id = %s
              {region_filter}
              """,
              (1,),
          )
    `;
    const route = calledByRoute('q: str, sort: str, region: str | None = None', 'await search(db, q)', 'await sorted_list(db, sort)', 'revenue(db, region)');
    expect(await linesOf(RULE, 'app/services/catalog.py', src + route)).toEqual([4, 9, 13]);
    // The same code with no caller that hands it the client's text: the sort column is the program's own name, the values
    // written between quotes are still values that belong in bind parameters.
    expect(await linesOf(RULE, 'app/services/catalog.py', src)).toEqual([4, 13]);
  });

  it('flags % formatting and .format() into asyncpg / cursor calls', async () => {
    const src = py`
      async def by_email(conn, email: str):
          return await conn.fetchrow("SELECT id FROM users WHERE email = '%s'" % email)

      def by_name(cur, name):
          cur.execute("DELETE FROM users WHERE name = '{}'".format(name))
    `;
    expect(await linesOf(RULE, 'app/repo.py', src + calledByRoute('email: str, name: str', 'await by_email(db, email)', 'by_name(db, name)'))).toEqual([2, 5]);
  });

  it('takes the field names of a model dump as column names, not its values nor a request dict\'s keys', async () => {
    const src = py`
      from pydantic import BaseModel

      class Community(BaseModel):
          name: str
          summary: str | None = None

      async def add_community(conn, community: Community, extra: dict):
          attrs = {k: v for k, v in community.__dict__.items() if v is not None}
          columns = ", ".join(attrs.keys())
          placeholders = ", ".join(f"\${i + 1}" for i in range(len(attrs)))
          await conn.execute(f"INSERT INTO community ({columns}) VALUES ({placeholders})", *attrs.values())
          fields = {v: k for k, v in community.__dict__.items()}
          await conn.execute(f"INSERT INTO community ({', '.join(fields.keys())}) VALUES (1)")
          await conn.execute(f"UPDATE community SET {', '.join(extra.keys())} = 1")
    `;
    expect(await linesOf(RULE, 'app/db/graphs.py', src + calledByRoute('community: Community, extra: dict', 'await add_community(db, community, extra)'))).toEqual([13, 14]);
  });

  describe('only text that comes from outside the program', () => {
    const repo = py`
      from sqlalchemy import text

      def by_column(db, column: str, value: int):
          return db.execute(text(f"SELECT id FROM items WHERE {column} = :v"), {"v": value}).all()

      def by_table(db, table: str):
          return db.execute(text(f"SELECT count(*) FROM {table}")).scalar()
    `;
    const route = py`
      from fastapi import APIRouter, Depends
      from app.db import get_db
      from app.repo import by_column

      router = APIRouter()

      @router.get("/items")
      def items(sort: str, value: int, db=Depends(get_db)):
          return by_column(db, sort, value)
    `;

    it('follows a changed helper to the unchanged route that hands it a query parameter, and says so', async () => {
      const found = await findingsOf(RULE, [{ path: 'app/repo.py', head: repo }], { 'app/routes/items.py': route });
      expect(found.map((f) => f.line)).toEqual([4]);
      expect(found[0].message).toContain('the query parameter `sort` of `GET /items`, through `items()`');
    });

    it('reports what another service sent, and not names the program read from its own rows or chose itself', async () => {
      const src = py`
        import requests
        from sqlalchemy import text
        from app.models import Dataset

        def fetch_status(order_id: int):
            return requests.get(f"https://delivery.example/orders/{order_id}").json()

        def sync_status(db, order_id: int):
            status = fetch_status(order_id)["status"]
            db.execute(text(f"UPDATE orders SET status = '{status}' WHERE id = {order_id}"))

        def copy_tables(db):
            for row in db.execute(text("SELECT name FROM datasets")).all():
                db.execute(text(f"CREATE TABLE {row.name}_copy AS TABLE {row.name}"))
            dataset = db.get(Dataset, 1)
            db.execute(text(f"VACUUM {dataset.table_name}"))

        def run(db, order_id: int):
            sync_status(db, order_id)
            copy_tables(db)
      `;
      const found = await findingsOf(RULE, [{ path: 'app/services/orders.py', head: src }]);
      expect(found.map((f) => f.line)).toEqual([10]);
      expect(found[0].message).toContain('the response of another service');
    });
  });

  it('takes a field that accepts an Enum or any text for text, and an Enum-only one for a validated value', async () => {
    const src = py`
      from enum import Enum
      from typing import List, Union
      from fastapi import APIRouter, Depends
      from pydantic import BaseModel

      class Known(str, Enum):
          BROWSER = "browser"

      class PropertyFilter(BaseModel):
          name: Union[Known, str]
          kind: Known

      class Search(BaseModel):
          filters: List[PropertyFilter]

      router = APIRouter()

      def conditions(data: Search) -> list:
          out = []
          for i, f in enumerate(data.filters):
              out.append(f"properties.\`{f.name}\` = %(v{i})s AND kind = '{f.kind}'")
          return out

      @router.post("/events")
      def search(data: Search, db=Depends()):
          where = " AND ".join(conditions(data))
          return db.execute(f"SELECT * FROM events WHERE {where}")
    `;
    const found = await findingsOf(RULE, [{ path: 'app/routers/events.py', head: src }]);
    expect(found.map((f) => f.line)).toEqual([26]);
    expect(found[0].message).toContain('the request body `data`');
  });

  it('takes the keys of a request model handed on as a dump for its field names, and a plain dict\'s keys for text', async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from pydantic import BaseModel

      class ProjectIn(BaseModel):
          name: str
          gdpr: bool = False

      router = APIRouter()

      def _update(cur, project_id: int, changes: dict):
          sets = [f"{key} = %({key})s" for key in changes.keys()]
          cur.execute(f"UPDATE projects SET {', '.join(sets)} WHERE id = %(id)s", {"id": project_id, **changes})

      def _rename(cur, changes: dict):
          for key, value in changes.items():
              cur.execute(f"UPDATE projects SET {key} = %(v)s, note = '{value}'", {"v": value})

      @router.put("/projects/{project_id}")
      def edit(project_id: int, data: ProjectIn, cur=Depends()):
          _update(cur, project_id, changes=data.model_dump())
          _rename(cur, data.model_dump())

      @router.patch("/projects/{project_id}")
      def patch(project_id: int, body: dict, cur=Depends()):
          _update(cur, project_id, changes=body)
    `;
    // Line 12 only for the plain dict `patch` hands on; line 16's value (not its key) is the client's text either way.
    expect(await linesOf(RULE, 'app/routers/projects.py', src)).toEqual([12, 16]);
  });

  it('takes the keys of a dict the code spells out for its own names, whatever values the client put under them', async () => {
    const src = (filters: string) => py`
      from fastapi import APIRouter, Depends
      from sqlalchemy import text

      router = APIRouter()

      def _where(filters: dict) -> str:
          clauses = []
          for i, (key, value) in enumerate(filters.items()):
              clauses.append(f"{key} = :{key}_{i}")
          return " AND ".join(clauses)

      @router.get("/documents")
      def documents(folder_name: str, user_id: str, field: str, db=Depends()):
          filters = ${filters}
          filters["end_user_id"] = user_id
          return db.execute(text(f"SELECT id FROM documents WHERE {_where(filters)}")).all()
    `;
    expect(await linesOf(RULE, 'app/routers/documents.py', src('{"folder_name": folder_name}'))).toEqual([]);
    expect(await linesOf(RULE, 'app/routers/documents.py', src('{field: folder_name}'))).toEqual([16]);
  });

  it('takes what a project helper named for escaping or quoting returns as safe, and what another helper returns as its input', async () => {
    const src = py`
      from fastapi import APIRouter, Depends

      router = APIRouter()

      def _escape_single_quotes(value: str) -> str:
          return value.replace("'", "''")

      def _wrap(value: str) -> str:
          return value.strip()

      @router.get("/notes")
      def notes(tag: str, db=Depends()):
          db.execute(f"SELECT id FROM notes WHERE tag = '{_escape_single_quotes(tag)}'")
          return db.execute(f"SELECT id FROM notes WHERE tag = '{_wrap(tag)}'")
    `;
    expect(await linesOf(RULE, 'app/routers/notes.py', src)).toEqual([14]);
  });

  it('flags a value written between quotes in the SQL whoever supplies it, but not a name of the program\'s own', async () => {
    const src = py`
      from sqlalchemy import text

      def delivery_status(order_id: int) -> dict:
          return {"order_id": order_id, "status": "ON_THE_WAY"}

      def sync_status(db, order_id: int, table: str = "orders"):
          status = delivery_status(order_id)["status"]
          db.execute(text(f"UPDATE orders SET status = '{status}' WHERE id = {order_id}"))
          db.execute(text(f"UPDATE {table} SET synced = true WHERE id = {order_id}"))
    `;
    expect(await linesOf(RULE, 'app/services/orders.py', src)).toEqual([8]);
  });

  it('flags a route parameter used as the whole SQL text', async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from sqlalchemy import text

      router = APIRouter()

      @router.get("/report")
      async def report(order_by: str, db=Depends()):
          return (await db.execute(text(order_by))).all()
    `;
    expect(await linesOf(RULE, 'app/routers/report.py', src)).toEqual([8]);
  });

  it('does not flag bound parameters, constants, ints, allow-listed columns or log lines', async () => {
    const src = py`
      import logging
      from sqlalchemy import text
      log = logging.getLogger(__name__)

      TABLE = "timesheets"
      SORTABLE = {"name", "created_at"}
      COLUMNS = {"name": "name", "newest": "created_at"}

      async def ok(db, team_id: int, week: str, limit: int, sort: str, order: str):
          log.info(f"loading {week} for {team_id}")
          await db.execute(text("SELECT * FROM t WHERE week = :week"), {"week": week})
          await db.execute(text(f"SELECT id FROM {TABLE} WHERE team = :team LIMIT {limit}"), {"team": team_id})
          if sort not in SORTABLE:
              raise ValueError(sort)
          await db.execute(text(f"SELECT id FROM t ORDER BY {sort}"))
          column = COLUMNS.get(order, "name")
          await db.execute(text(f"SELECT id FROM t ORDER BY {column} DESC"))
          placeholders = ", ".join(["%s"] * 3)
          await db.execute(f"SELECT id FROM t WHERE id IN ({placeholders})", (1, 2, 3))
          direction = "DESC" if order.startswith("-") else "ASC"
          await db.execute(text("SELECT id FROM t ORDER BY name " + direction))
    `;
    expect(await linesOf(RULE, 'app/ok.py', src)).toEqual([]);
  });

  it('flags SQL formatted into the databases library calls', async () => {
    const src = py`
      from fastapi import APIRouter
      from app.db import database

      router = APIRouter()

      @router.get("/items")
      async def items(name: str):
          rows = await database.fetch_all(f"SELECT id FROM items WHERE name = '{name}' LIMIT 5")
          one = await database.fetch_one(query="SELECT id FROM items WHERE name = :name", values={"name": name})
          return rows, one
    `;
    expect(await linesOf(RULE, 'app/routers/items.py', src)).toEqual([8]);
  });

  describe('SQL sent to a database function that executes it', () => {
    it('flags built SQL sent to an SQL-executing RPC, by its name or by a parameter that carries a statement', async () => {
      const src = py`
        from supabase import Client

        def orders_of(sb: Client, customer: str):
            sql = f"SELECT * FROM orders WHERE customer = '{customer}'"
            return sb.rpc("execute_sql", {"query": sql}).execute()

        async def purge(sb, table: str):
            await sb.rpc("exec_sql", {"sql_text": "DELETE FROM " + table}).execute()

        def report(sb, region: str):
            params = {"statement": f"select sum(total) from sales where region = '{region}'"}
            return sb.postgrest.rpc("reporting", params).execute()

        def tally(sb, kind: str):
            return sb.rpc("run_query", {"q": "SELECT count(*) FROM events WHERE kind = '%s'" % kind}).execute()
      `;
      const found = await findingsOf(RULE, [{ path: 'app/services/orders.py', head: src }]);
      expect(found.map((f) => f.line)).toEqual([4, 8, 11, 15]);
      expect(found[0].message).toContain('reaches `sb.rpc("execute_sql")`');
      expect(found[0].message).toContain('typed arguments');
    });

    it('does not flag bound RPC arguments, constant SQL, or a search phrase sent as `query`', async () => {
      const src = py`
        from supabase import Client

        def orders_of(sb: Client, customer: str):
            return sb.rpc("orders_for_customer", {"customer": customer}).execute()

        def stats(sb: Client):
            return sb.rpc("execute_sql", {"query": "SELECT count(*) FROM orders"}).execute()

        def search(sb: Client, text: str, limit: int):
            return sb.rpc("match_documents", {"query": f"documents about {text} from the archive", "match_count": limit}).execute()

        def by_status(sb: Client, limit: int):
            return sb.rpc("execute_sql", {"query": f"SELECT id FROM orders LIMIT {limit}"}).execute()
      `;
      expect(await linesOf(RULE, 'app/services/orders.py', src)).toEqual([]);
    });
  });

  it('does not take query-builder joins, validated time zones, constant tables or helper parameters fed constants for text', async () => {
    const src = py`
      from zoneinfo import ZoneInfo
      from sqlalchemy import select, text
      from app.models import Order, Payment

      TABLES = ["orders", "refunds"]

      async def paid(session, fingerprint: str | None):
          statement = select(Order)
          if fingerprint is not None:
              statement = statement.join(Payment, Payment.order_id == Order.id, isouter=True)
          return (await session.execute(statement)).scalars().all()

      async def totals(session, timezone: ZoneInfo):
          await session.execute(text(f"SET LOCAL TIME ZONE '{timezone.key}'"))

      async def counts(session):
          for table in TABLES:
              await session.execute(text(f"SELECT count(*) FROM {table}"))

      def _where(active_only: bool) -> str:
          return " AND ".join(["o.deleted_at IS NULL"] + (["o.active"] if active_only else []))

      async def _count(session, where: str) -> int:
          return (await session.execute(text(f"SELECT count(*) FROM orders o WHERE {where}"))).scalar_one()

      async def report(session):
          return await _count(session, _where(True))
    `;
    expect(await linesOf(RULE, 'app/services/report.py', src)).toEqual([]);
  });

  it('takes placeholders numbered in a comprehension over range, spelled over several f-string pieces, and a table name every model\'s method of that name returns as a literal, for the code\'s own text', async () => {
    const models = py`
      class Assistant:
          @staticmethod
          def table_name() -> str:
              return "assistant"

          @staticmethod
          def table_label() -> str:
              return "assistant"

      class Chat:
          @staticmethod
          def table_name() -> str:
              return "chat"

          def table_label(self) -> str:
              return self.label
    `;
    const src = py`
      from app.models import Assistant

      async def insert_rows(conn, rows: list[tuple]):
          count = len(rows)
          values_sql = ", ".join(
              [
                  f"("
                  f"\${i * 2 + 1}, "
                  f"\${i * 2 + 2}"
                  f")"
                  for i in range(count)
              ]
          )
          await conn.execute(f"INSERT INTO chunk (a, b) VALUES {values_sql}", *[v for r in rows for v in r])

      async def get_object(conn, table_name: str, key: str):
          return await conn.fetchrow(f"SELECT id, name FROM {table_name} WHERE id = \$1", key)

      async def get_assistant(conn, key: str):
          return await get_object(conn, Assistant.table_name(), key)

      async def get_entity(conn, entity_class, key: str):
          return await get_object(conn, entity_class.table_name(), key)

      async def get_labelled(conn, entity_class, key: str):
          return await conn.fetchrow(f"SELECT id FROM {entity_class.table_label()} WHERE id = \$1", key)
    `;
    // Every `table_name()` the project defines returns a literal; one `table_label()` returns an attribute, which the
    // client does not choose either: its objects are the program's.
    const route = calledByRoute('key: str', 'await get_assistant(db, key)', 'await get_entity(db, Assistant, key)', 'await get_labelled(db, Assistant, key)');
    expect(await linesOf(RULE, 'app/storage.py', src + route, { 'app/models.py': models })).toEqual([]);
  });

  it('takes a SQLAlchemy statement composed into a larger one (its values stay bound) for SQL, not for caller text', async () => {
    const src = (kind: string) => py`
      from sqlalchemy import TextClause, text

      WINDOWS = ("created_at >= now() - interval '1 day'", "created_at < now() - interval '1 day'")

      class Warehouse:
          def partitioned(self, connection, stmt: ${kind}):
              rows = []
              for window in WINDOWS:
                  bound = stmt.compile().params if isinstance(stmt, TextClause) else {}
                  rows.extend(connection.execute(text(f"{stmt} AND ({window})").params(bound)))
              return rows
    `;
    const route = calledByRoute('stmt: str', 'Warehouse().partitioned(db, stmt)');
    expect(await linesOf(RULE, 'app/connectors/warehouse.py', src('TextClause') + route)).toEqual([]);
    expect(await linesOf(RULE, 'app/connectors/warehouse.py', src('str') + route)).toEqual([10]);
  });

  it('takes a list the code fills with its own fragments for SQL when joined, and still flags one that takes a caller\'s text', async () => {
    const src = (second: string) => py`
      TABLE = "vectors"

      class Store:
          def update(self, cursor, vector_id: str, vector=None, payload=None, column: str = "payload"):
              sets, params = [], {"vector_id": vector_id}
              if vector is not None:
                  sets.append("vector = :vector")
                  params["vector"] = vector
              if payload is not None:
                  sets.append(${second})
                  params["payload"] = payload
              cursor.execute(f"UPDATE {TABLE} SET {', '.join(sets)} WHERE id = :vector_id", params)
    `;
    const store = calledByRoute('vector_id: str, column: str', 'Store().update(db, vector_id, payload=1, column=column)');
    expect(await linesOf(RULE, 'app/stores/vectors.py', src('"payload = :payload"') + store)).toEqual([]);
    // Columns named by the members of an Enum, the keys of the mapping passed in.
    const counters = (keyType: string) => py`
      from enum import Enum
      from typing import Dict
      from sqlalchemy import text

      class ActionType(str, Enum):
          QUERIES = "queries"
          ENTITIES = "entities"

      async def increment(db, usage_id: str, increments: Dict[${keyType}, int]):
          parts = []
          params = {"usage_id": usage_id}
          for action, amount in increments.items():
              field = action.value
              parts.append(f"{field} = {field} + :{field}_inc")
              params[f"{field}_inc"] = amount
          await db.execute(text(f"UPDATE usage SET {', '.join(parts)} WHERE id = :usage_id"), params)
    `;
    const usage = calledByRoute('usage_id: str, increments: dict', 'await increment(db, usage_id, increments)');
    expect(await linesOf(RULE, 'app/crud/usage.py', counters('ActionType') + usage)).toEqual([]);
    expect(await linesOf(RULE, 'app/crud/usage.py', counters('str') + usage)).toEqual([16]);
    expect(await linesOf(RULE, 'app/stores/vectors.py', src('f"{column} = :payload"') + store)).toEqual([12]);
  });

  it('still flags a helper parameter when one loaded caller passes request text', async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from sqlalchemy import text

      router = APIRouter()

      async def _count(session, where: str) -> int:
          return (await session.execute(text(f"SELECT count(*) FROM orders o WHERE {where}"))).scalar_one()

      @router.get("/count")
      async def count(status: str, session=Depends()):
          return await _count(session, f"o.status = '{status}'")
    `;
    expect(await linesOf(RULE, 'app/routers/count.py', src)).toEqual([7]);
  });

  it('leaves migrations and operator scripts alone: their values come from the operator or the database', async () => {
    const migration = py`
      from alembic import op

      revision = "b0b00d3e8330"
      down_revision = "a1"


      def upgrade():
          conn = op.get_bind()
          for row in conn.execute("select id, status from jobs").fetchall():
              conn.execute(f"update jobs set status = '{row[1].capitalize()}' where id = {row[0]}")
    `;
    const script = py`
      import sys
      from sqlalchemy import create_engine, text


      def reset(table_name: str):
          with create_engine("postgresql://localhost/app").begin() as conn:
              conn.execute(text(f"TRUNCATE {table_name} CASCADE"))


      if __name__ == "__main__":
          reset(sys.argv[1])
    `;
    expect(await linesOf(RULE, 'app/db/revisions/versions/2021_status.py', migration)).toEqual([]);
    expect(await linesOf(RULE, 'backend/scripts/reset_table.py', script)).toEqual([]);
  });

  it('trusts a property that returns fixed SQL text, and a name a validator rejected before use', async () => {
    const db = py`
      class Database:
          def __init__(self, kind: str):
              self.kind = kind

          @property
          def timestamp_now(self) -> str:
              if self.kind == "postgres":
                  return "now()"
              return "(strftime('%s', 'now'))"

          @property
          def label(self) -> str:
              return self.kind

          async def execute(self, sql: str, values: dict | None = None): ...

      db = Database("postgres")
    `;
    const src = py`
      import re
      from fastapi import APIRouter
      from app.db import db

      router = APIRouter()

      def _valid_sql_name(name: str) -> bool:
          return re.fullmatch(r"[a-z_]+", name) is not None

      @router.delete("/audit")
      async def purge(before: str):
          await db.execute(f"DELETE FROM audit WHERE delete_at < {db.timestamp_now}")

      @router.get("/count")
      async def count(table_name: str):
          if not _valid_sql_name(table_name):
              raise ValueError("bad table")
          return await db.execute(f"SELECT COUNT(*) FROM {table_name}")

      @router.get("/count2")
      async def count_unchecked(table_name: str):
          _valid_sql_name(table_name)
          return await db.execute(f"SELECT COUNT(*) FROM {table_name}")

      @router.get("/count3")
      async def count_existing(table_name: str):
          if not check_table_exists(table_name):
              raise ValueError("no such table")
          return await db.execute(f"SELECT COUNT(*) FROM {table_name}")
    `;
    // The name checked without acting on the answer, and the one only looked up, are reported.
    expect(await linesOf(RULE, 'app/routes/audit.py', src, { 'app/db.py': db })).toEqual([23, 29]);
  });

  describe('a value checked against an identifier pattern before use', () => {
    const checks = py`
      import re

      IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
      SORTABLE = {"created_at", "title"}

      def is_plain(word: str) -> bool:
          return IDENT.match(word) is not None

      def looks_short(word: str) -> bool:
          return len(word) < 40

      def ensure_column(name: str) -> None:
          if not name.isidentifier():
              raise ValueError(name)

      def note_column(name: str) -> None:
          if not name.isidentifier():
              print("odd column", name)

      def picked(word: str) -> bool:
          return bool(re.fullmatch(r"[a-z_]+(\\.[a-z_]+)?", word)) and word in SORTABLE
    `;

    it('trusts it whatever the checking helper is called, inline, as a guard statement, or inside the passing branch', async () => {
      const src = py`
        import re
        from fastapi import APIRouter
        from app.checks import ensure_column, is_plain, picked
        from app.db import db

        router = APIRouter()
        WORD = re.compile(r"\\w+")

        @router.get("/rows")
        async def rows(table: str):
            if not is_plain(table):
                raise ValueError("bad table")
            return await db.execute(f"SELECT * FROM {table}")

        @router.get("/inline")
        async def inline(column: str, schema: str):
            if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", column):
                raise ValueError("bad column")
            if WORD.fullmatch(schema) is None:
                return []
            return await db.execute(f"SELECT {column} FROM {schema}.items")

        @router.get("/guarded")
        async def guarded(sort: str):
            ensure_column(sort)
            return await db.execute(f"SELECT * FROM items ORDER BY {sort}")

        @router.get("/branch")
        async def branch(sort: str | None = None):
            sql = "SELECT * FROM items"
            if sort and picked(sort):
                sql += f" ORDER BY {sort}"
            return await db.execute(sql)

        @router.get("/spelled")
        async def spelled(column: str):
            if not column.replace("_", "").lower().isalnum():
                raise ValueError("bad column")
            return await db.execute(f"SELECT {column} FROM items")

        @router.get("/optional")
        async def optional(table: str | None = None):
            if table and not is_plain(table):
                raise ValueError("bad table")
            return await db.execute(f"SELECT count(*) FROM {table or 'items'}")
      `;
      expect(await linesOf(RULE, 'app/routes/rows.py', src, { 'app/checks.py': checks })).toEqual([]);
    });

    it('still flags it when the check is missing, lets the value on, checks another value, or accepts more than a name', async () => {
      const src = py`
        import re
        from fastapi import APIRouter
        from app.checks import is_plain, looks_short, note_column
        from app.db import db

        router = APIRouter()

        @router.get("/a")
        async def unchecked(table: str):
            return await db.execute(f"SELECT * FROM {table}")

        @router.get("/b")
        async def logged(table: str):
            if not is_plain(table):
                print("odd table", table)
            return await db.execute(f"SELECT * FROM {table}")

        @router.get("/c")
        async def other(table: str, column: str):
            if not is_plain(table):
                raise ValueError("bad table")
            return await db.execute(f"SELECT {column} FROM {table}")

        @router.get("/d")
        async def loose(table: str):
            if not re.fullmatch(r"[\\w ]+", table):
                raise ValueError("bad table")
            return await db.execute(f"SELECT * FROM {table}")

        @router.get("/e")
        async def prefix(table: str):
            if not re.match(r"[a-z_]+", table):
                raise ValueError("bad table")
            return await db.execute(f"SELECT * FROM {table}")

        @router.get("/f")
        async def outside(table: str):
            if is_plain(table):
                print("plain table")
            return await db.execute(f"SELECT * FROM {table}")

        @router.get("/h")
        async def spaced(table: str):
            if not table.replace(" ", "").isalnum():
                raise ValueError("bad table")
            return await db.execute(f"SELECT * FROM {table}")

        @router.get("/g")
        async def short(table: str):
            if not looks_short(table):
                raise ValueError("too long")
            note_column(table)
            return await db.execute(f"SELECT * FROM {table}")
      `;
      expect(await linesOf(RULE, 'app/routes/rows.py', src, { 'app/checks.py': checks })).toEqual([10, 16, 22, 28, 34, 40, 46, 53]);
    });

    it('trusts a list whose every item a loop checked, leaving on a bad one, and not one whose loop only skips', async () => {
      const src = py`
        import re
        from app.db import db

        def _is_column(name: str) -> bool:
            return re.fullmatch(r"[a-z_]+", name) is not None

        async def totals(table: str, columns: list[str]):
            for col in columns:
                if not _is_column(col):
                    raise ValueError(col)
            return await db.execute(f"SELECT {', '.join(columns)} FROM totals")

        async def skipping(columns: list[str]):
            for col in columns:
                if not _is_column(col):
                    continue
            return await db.execute(f"SELECT {', '.join(columns)} FROM totals")

        async def other_list(columns: list[str], order: list[str]):
            for col in columns:
                if not _is_column(col):
                    raise ValueError(col)
            return await db.execute(f"SELECT * FROM totals ORDER BY {', '.join(order)}")
      `;
      const route = calledByRoute('table: str, columns: list[str], order: list[str]', 'await totals(table, columns)', 'await skipping(columns)', 'await other_list(columns, order)');
      expect(await linesOf(RULE, 'app/reports.py', src + route)).toEqual([17, 23]);
    });
  });

  it('follows callers that run a wrapper through an optional handle with a fallback: `(conn or db).page(...)`', async () => {
    const db = py`
      class Connection:
          async def execute(self, sql: str, values: dict | None = None): ...

          async def page(self, query: str, values: dict | None = None):
              return await self.execute(f"SELECT count(*) FROM ({query}) AS counted", values)

      class Database:
          async def page(self, query: str, values: dict | None = None):
              return await Connection().page(query, values)

      db = Database()
    `;
    const crud = py`
      from app.db import Connection, db

      async def list_notes(owner: str, conn: Connection | None = None):
          return await (conn or db).page("SELECT * FROM notes WHERE owner = :owner", {"owner": owner})
    `;
    const search = py`
      from fastapi import APIRouter
      from app.db import Connection, db

      router = APIRouter()

      @router.get("/notes/search")
      async def search(term: str, conn: Connection | None = None):
          return await (conn or db).page(f"SELECT * FROM notes WHERE body LIKE '%{term}%'")
    `;
    const quiet = await findingsOf(RULE, [{ path: 'app/db.py', head: db }, { path: 'app/crud.py', head: crud }]);
    expect(quiet.map((f) => `${f.path}:${f.line}`)).toEqual([]);
    const loud = await findingsOf(RULE, [{ path: 'app/db.py', head: db }, { path: 'app/crud.py', head: crud }, { path: 'app/routes.py', head: search }]);
    expect(loud.map((f) => `${f.path}:${f.line}`)).toEqual(['app/db.py:5']);
  });

  it('reads a client\'s own `.format(query, parameters)` as binding, and trusts imported constants and enum-typed model fields', async () => {
    const schemas = py`
      from enum import Enum
      from pydantic import BaseModel

      class SortOrder(str, Enum):
          ASC = "ASC"
          DESC = "DESC"

      class Kind(str, Enum):
          GITHUB = "github"

      class Search(BaseModel):
          order: SortOrder = SortOrder.DESC
          column: str = "created_at"

      class Filter:
          order: SortOrder
    `;
    const license = py`
      EDITION = "foss"
    `;
    const events = py`
      from app import schemas
      from app.core import license
      from app.db import ch_client, Client

      def customs(session_id: int, project_id: int):
          with ch_client.ClickHouseClient() as cur:
              query = cur.format(query="SELECT * FROM events WHERE session_id = %(session_id)s",
                                 parameters={"project_id": project_id, "session_id": session_id})
              return cur.execute(query)

      def issues(table: str, project_id: int):
          client = Client()
          query = client.format(f"SELECT * FROM {table} WHERE project_id = %(p)s", {"p": project_id})
          return client.execute(query)

      def flags(cur, data: schemas.Search):
          cur.execute(f"SELECT * FROM flags WHERE edition = '{license.EDITION}' AS {schemas.Kind.GITHUB.value} ORDER BY updated_at {data.order}")
          cur.execute(f"SELECT * FROM flags ORDER BY {data.column}")

      def filtered(cur, f: schemas.Filter):
          cur.execute(f"SELECT * FROM flags ORDER BY updated_at {f.order}")

      def labels(cur, name: str):
          cur.execute("SELECT * FROM labels WHERE name = '{}'".format(name))
    `;
    const files = [
      { path: 'app/schemas.py', head: schemas },
      { path: 'app/core/license.py', head: license },
      { path: 'app/db/__init__.py', head: py`class Client: ...\n` },
      {
        path: 'app/db/ch_client.py',
        head: py`
          class ClickHouseClient:
              def __enter__(self):
                  return self

              @staticmethod
              def format(query, parameters=None):
                  return query % parameters

              def execute(self, query):
                  return []
        `,
      },
      { path: 'app/core/events.py', head: events + calledByRoute('session_id: int, project_id: int, table: str, data: schemas.Search, name: str', 'customs(session_id, project_id)', 'issues(table, project_id)', 'flags(db, data)', 'labels(db, name)') },
    ];
    const found = await findingsOf(RULE, files);
    // `filtered` (line 21) is given nothing of the client's: its plain object is the program's own.
    expect(found.map((f) => `${f.path}:${f.line}`)).toEqual(['app/core/events.py:13', 'app/core/events.py:18', 'app/core/events.py:24']);
  });

  it('trusts fragments the driver quoted, placeholder lists over range(), and module constants read from the deployment', async () => {
    const src = py`
      import os
      from decouple import config

      FEEDBACK_TABLE = config("FEEDBACK_TABLE")
      ARCHIVE_TABLE = os.getenv("ARCHIVE_TABLE", "archive")
      default_table = os.environ["DEFAULT_TABLE"]

      def notify(cur, rows: list[dict]):
          values = []
          for row in rows:
              values.append(cur.mogrify("(%(user_id)s, %(title)s)", row).decode("UTF-8"))
          cur.execute(f"INSERT INTO notifications (user_id, title) VALUES {','.join(values)}")

      def link(cur, role_id: int, projects: list):
          fresh = [i for i in projects if i]
          cur.execute(f"INSERT INTO roles_projects VALUES {','.join([f'(%(role_id)s,%(p_{i})s)' for i in range(len(fresh))])}")

      def feedback(cur, title: str):
          cur.execute(f"INSERT INTO {FEEDBACK_TABLE} (title) VALUES (%s)", (title,))
          cur.execute(f"INSERT INTO {ARCHIVE_TABLE} (title) VALUES (%s)", (title,))
          cur.execute(f"INSERT INTO {default_table} (title) VALUES (%s)", (title,))

      def raw(cur, rows: list[dict]):
          values = [f"({row['user_id']}, '{row['title']}')" for row in rows]
          cur.execute(f"INSERT INTO notifications (user_id, title) VALUES {','.join(values)}")
    `;
    const route = calledByRoute('rows: list[dict], role_id: int, projects: list, title: str', 'notify(db, rows)', 'link(db, role_id, projects)', 'feedback(db, title)', 'raw(db, rows)');
    expect(await linesOf(RULE, 'app/core/notifications.py', src + route)).toEqual([25]);
  });

  it('trusts keys an allow-list lets through, and the keys of a helper\'s dict when every caller spells them out', async () => {
    const repo = py`
      def update_webhook(cur, webhook_id: int, changes: dict):
          allow_update = ["name", "endpoint"]
          sets = [f"{k} = %({k})s" for k in changes.keys() if k in allow_update]
          cur.execute(f"UPDATE webhooks SET {','.join(sets)} WHERE id = %(id)s", {"id": webhook_id, **changes})

      def edit_tenant(cur, changes: dict):
          cur.execute(f"UPDATE tenants SET {', '.join([f'{k} = %({k})s' for k in changes.keys()])}", changes)

      def edit_project(cur, changes: dict):
          sets = []
          for key in changes.keys():
              sets.append(f"{key} = %({key})s")
          cur.execute(f"UPDATE projects SET {', '.join(sets)}", changes)
    `;
    const callers = (extra: string) => py`
      from app.repo import edit_tenant, edit_project

      def rename(cur, name: str, opt_out: bool):
          changes = {"name": name}
          changes["opt_out"] = opt_out
          edit_tenant(cur, changes)
          edit_project(cur, {"name": name, **{"opt_out": opt_out}})
    ` + extra;
    const files = (extra: string) => [{ path: 'app/repo.py', head: repo }, { path: 'app/service.py', head: callers(extra) }];
    expect((await findingsOf(RULE, files(''))).map((f) => `${f.path}:${f.line}`)).toEqual([]);
    const loose = '\ndef patch(cur, body: dict):\n    edit_project(cur, body)\n\ndef set_any(cur, key: str, value: str):\n    changes = {}\n    changes[key] = value\n    edit_tenant(cur, changes)\n' + calledByRoute('body: dict, key: str, value: str', 'patch(db, body)', 'set_any(db, key, value)');
    expect((await findingsOf(RULE, files(loose))).map((f) => `${f.path}:${f.line}`)).toEqual(['app/repo.py:7', 'app/repo.py:13']);
  });
});
