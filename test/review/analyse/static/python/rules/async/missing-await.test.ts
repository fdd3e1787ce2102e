import { findingsOf, linesOf, py } from '../../review-python.js';

const RULE = 'missing-await';

describe(RULE, () => {
  it('flags an un-awaited AsyncSession.commit and suggests adding await', async () => {
    const src = py`
      from fastapi import Depends
      from sqlalchemy.ext.asyncio import AsyncSession
      from app.db import get_session

      async def delete_bookmark(bookmark_id: int, db: AsyncSession = Depends(get_session)):
          bm = await db.get(Bookmark, bookmark_id)
          await db.delete(bm)
          db.commit()
    `;
    const [f] = await findingsOf(RULE, [{ path: 'app/routers/b.py', head: src }]);
    expect(f.line).toBe(8);
    expect(f.suggestion).toBe('    await db.commit()');
  });

  it('leaves a call a test expects to raise: refused arguments raise at once, anything else fails the test (DID NOT RAISE)', async () => {
    const src = py`
      import pytest

      async def create_block(name: str) -> dict:
          return {"name": name}

      def test_rejects_unknown_argument():
          with pytest.raises(TypeError):
              create_block(name="x", colour="red")

      def test_rejects_empty_name():
          with pytest.raises(ValueError):
              create_block(name="")
    `;
    expect(await linesOf(RULE, 'tests/test_blocks.py', src)).toEqual([]);
  });

  it('in a test, leaves a result the test reads at once (it fails when run) and flags the silent slips', async () => {
    const src = py`
      class BlockManager:
          async def undo(self, block_id: str) -> dict:
              return {"value": "v1"}

      manager = BlockManager()

      def test_undo_reads_the_result():
          block = manager.undo("b1")
          assert block.value == "v1"

      def test_undo_only_checks_presence():
          block = manager.undo("b1")
          assert block is not None

      def test_undo_truthy():
          assert manager.undo("b1")

      def test_undo_discarded():
          manager.undo("b1")
    `;
    expect(await linesOf(RULE, 'tests/test_undo.py', src)).toEqual([12, 16, 19]);
    // The same read outside a test is a bug the code ships with.
    expect(await linesOf(RULE, 'app/services/undo.py', src)).toEqual([8, 12, 16, 19]);
  });

  it('in a test, leaves a clean-up a fixture does not await (it lives as long as the test run), and flags it in the app', async () => {
    const src = py`
      from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

      engine = create_async_engine("postgresql+asyncpg://localhost/test")

      async def session_fixture():
          session = AsyncSession(engine)
          yield session
          session.close()
          engine.dispose()
          session.commit()
    `;
    expect(await linesOf(RULE, 'tests/conftest.py', src)).toEqual([10]);
    expect(await linesOf(RULE, 'app/db/session.py', src)).toEqual([8, 9, 10]);
  });

  it('flags asyncio.sleep, a project coroutine and a result used as if awaited', async () => {
    const src = py`
      import asyncio
      from sqlalchemy import select
      from sqlalchemy.ext.asyncio import AsyncSession

      class Repo:
          def __init__(self, db):
              self.db = db

          async def save(self, obj):
              self.db.add(obj)

      async def notify(user_id: int) -> None:
          ...

      async def run(repo: Repo, db: "AsyncSession", uid: int):
          asyncio.sleep(0.1)
          notify(uid)
          repo.save(object())
          result = db.execute(select(1))
          return result.scalars().all()
    `;
    expect(await linesOf(RULE, 'app/services/run.py', src)).toEqual([16, 17, 18, 19]);
  });

  it('does not flag a call in a method nothing in the repository calls (a class based on object only), flags it once a route calls the method', async () => {
    const server = py`
      class Server(object):
          def __init__(self, store):
              self.store = store

          async def list_servers(self) -> dict:
              return {}

          async def init_clients(self):
              configs = self.list_servers()
              for name, config in configs.items():
                  print(name, config)

          async def status(self):
              return await self.list_servers()
    `;
    const routes = (call: string) => py`
      from fastapi import APIRouter
      from app.server import Server

      router = APIRouter()
      SERVER = Server(None)

      @router.get("/status")
      async def status():
          return await SERVER.${call}()
    `;
    const lines = async (call: string) => (await findingsOf(RULE, [{ path: 'app/server.py', head: server }, { path: 'app/routes.py', head: routes(call) }])).map((f) => f.line);
    expect(await lines('status')).toEqual([]);
    expect(await lines('init_clients')).toEqual([9]);
  });

  it('does not flag coroutines that are awaited later, scheduled, gathered, returned or in a sync helper of add', async () => {
    const src = py`
      import asyncio
      from fastapi import BackgroundTasks
      from sqlalchemy.ext.asyncio import AsyncSession

      async def send(uid: int) -> None:
          ...

      async def fan_out(ids: list[int], db: AsyncSession, tasks: BackgroundTasks):
          pending = send(ids[0])
          await pending
          await asyncio.gather(*(send(i) for i in ids))
          task = asyncio.create_task(send(1))
          coros = [send(i) for i in ids]
          await asyncio.wait_for(send(2), timeout=1)
          tasks.add_task(send, 3)
          db.add(object())
          db.add_all([])
          await task

      def later():
          return send(4)
    `;
    expect(await linesOf(RULE, 'app/services/fan.py', src)).toEqual([]);
  });

  it('flags a coroutine an async def returns un-awaited (its caller awaits the wrapper, never the call), unless it says it returns an awaitable', async () => {
    const src = py`
      from typing import Awaitable

      class Search:
          async def call(self, goal: str) -> str:
              ...

      class Tool:
          async def call(self, goal: str) -> str:
              res = await self._run(goal)
              if res is None:
                  return Search().call(goal)
              return res

          async def _run(self, goal: str) -> str | None:
              ...

          async def deferred(self, goal: str) -> Awaitable[str]:
              return Search().call(goal)

          def wrapper(self, goal: str):
              return Search().call(goal)
    `;
    const found = await findingsOf(RULE, [{ path: 'app/tools/sid.py', head: src }]);
    expect(found.map((f) => f.line)).toEqual([11]);
    expect(found[0].message).toContain('returns it without `await`');
    expect(found[0].suggestion).toBe('            return await Search().call(goal)');
  });

  it('does not flag an abstract async method whose implementations are async generators; flags one implemented as a coroutine', async () => {
    const src = (impl: string) => py`
      class AgentLoop:
          async def stream(self, messages: list):
              raise NotImplementedError


      class LettaLoop(AgentLoop):
          async def stream(self, messages: list):
              ${impl}


      async def run(loop: AgentLoop, messages: list):
          stream = loop.stream(messages)
          return [m for m in stream]
    `;
    expect(await linesOf(RULE, 'app/agents.py', src('for m in messages:\n                  yield m'))).toEqual([]);
    expect(await linesOf(RULE, 'app/agents.py', src('return messages'))).toEqual([12]);
    // Declared an async generator: its implementations live elsewhere.
    const declared = py`
      from abc import ABC, abstractmethod
      from typing import AsyncGenerator


      class Adapter(ABC):
          @abstractmethod
          async def invoke(self, data: dict) -> AsyncGenerator[dict, None]:
              """Yield results as they arrive."""


      async def run(adapter: Adapter, data: dict):
          invocation = adapter.invoke(data)
          return [x for x in invocation]
    `;
    expect(await linesOf(RULE, 'app/adapters.py', declared)).toEqual([]);
  });

  it('does not treat a sync Session as async', async () => {
    const src = py`
      from sqlalchemy.orm import Session

      def save(db: Session, obj):
          db.add(obj)
          db.commit()
    `;
    expect(await linesOf(RULE, 'app/services/save.py', src)).toEqual([]);
  });

  it('flags an un-awaited SQLModel AsyncSession.exec', async () => {
    const src = py`
      from sqlmodel import select
      from sqlmodel.ext.asyncio.session import AsyncSession

      async def heroes(session: AsyncSession):
          result = session.exec(select(1))
          return result.all()
    `;
    expect(await linesOf(RULE, 'app/services/heroes.py', src)).toEqual([5]);
  });

  const PERMISSIONS = py`
    from fastapi import Depends
    from sqlalchemy.ext.asyncio import AsyncSession
    from app.db import get_session

    class DocumentPermissions:
        def __init__(self, db: AsyncSession = Depends(get_session)):
            self.db = db

        async def can_write(self, user, doc_id: int) -> bool:
            return (await self.db.get(Grant, (user.id, doc_id))) is not None

        def can_read(self, user, doc_id: int) -> bool:
            return True

    class AuditLog:
        async def record(self, event: str) -> None:
            ...

    async def is_admin(user) -> bool:
        return user.role == "admin"

    def get_audit() -> AuditLog:
        return AuditLog()
  `;

  it('flags async checks tested for truth without await: injected services from another module, not, and/or, assert', async () => {
    const src = py`
      from typing import Annotated
      from fastapi import APIRouter, Depends, HTTPException
      from app.services.permissions import AuditLog, DocumentPermissions, get_audit, is_admin

      router = APIRouter()

      @router.put("/docs/{doc_id}")
      async def update_doc(doc_id: int, user, perms: Annotated[DocumentPermissions, Depends()], audit: AuditLog = Depends(get_audit)):
          if not perms.can_write(user, doc_id):
              raise HTTPException(403)
          if user and is_admin(user):
              await audit.record("admin edit")
          assert perms.can_write(user, doc_id), "checked above"
          return {"ok": True}

      class Guard:
          def __init__(self, perms: DocumentPermissions):
              self.perms = perms

          async def check(self, user, doc_id: int):
              allowed = True if self.perms.can_write(user, doc_id) else False
              return allowed
    `;
    const found = await findingsOf(RULE, [{ path: 'app/routers/docs.py', head: src }], { 'app/services/permissions.py': PERMISSIONS });
    expect(found.map((f) => f.line)).toEqual([9, 11, 13, 21]);
    expect(found[0].message).toContain('always true');
  });

  it('does not flag awaited checks, sync checks or a coroutine kept and awaited later', async () => {
    const src = py`
      from fastapi import APIRouter, Depends, HTTPException
      from app.services.permissions import DocumentPermissions, is_admin

      router = APIRouter()

      @router.get("/docs/{doc_id}")
      async def read_doc(doc_id: int, user, perms: DocumentPermissions = Depends()):
          if not await perms.can_write(user, doc_id) and not perms.can_read(user, doc_id):
              raise HTTPException(403)
          pending = is_admin(user)
          if user and await pending:
              return {"admin": True}
          assert perms.can_read(user, doc_id)
          return {"ok": True}
    `;
    expect(await linesOf(RULE, 'app/routers/read.py', src, { 'app/services/permissions.py': PERMISSIONS })).toEqual([]);
  });

  it("flags UploadFile.read() without await, not the sync SpooledTemporaryFile behind it", async () => {
    const src = py`
      from fastapi import UploadFile

      async def import_csv(upload: UploadFile):
          raw = upload.read()
          return raw.decode()

      def import_sync(upload: UploadFile):
          return upload.file.read().decode()
    `;
    expect(await linesOf(RULE, 'app/routers/imports.py', src)).toEqual([4]);
  });

  it("resolves a monorepo's sibling distribution (its own pyproject.toml), not only the folders above the importer", async () => {
    const src = py`
      from fastapi import APIRouter, Depends, HTTPException
      from perms_lib.permissions import DocumentPermissions

      router = APIRouter()

      @router.delete("/docs/{doc_id}")
      async def delete_doc(doc_id: int, user, perms: DocumentPermissions = Depends()):
          if not perms.can_write(user, doc_id):
              raise HTTPException(403)
          return {"ok": True}
    `;
    const sibling = { 'packages/perms-lib/pyproject.toml': '[project]\nname = "perms-lib"\n', 'packages/perms-lib/perms_lib/__init__.py': '', 'packages/perms-lib/perms_lib/permissions.py': PERMISSIONS };
    expect(await linesOf(RULE, 'services/api/app/routers/docs.py', src, sibling)).toEqual([8]);
    // Without the manifest the folder is no distribution: nothing says the package is installed, the call is unknown.
    const { 'packages/perms-lib/pyproject.toml': _manifest, ...bare } = sibling;
    expect(await linesOf(RULE, 'services/api/app/routers/docs.py', src, bare)).toEqual([]);
    // A vendored copy is someone else's code, not what the import loads.
    const vendored = Object.fromEntries(Object.entries(sibling).map(([k, v]) => [k.replace('packages/', 'third_party/'), v]));
    expect(await linesOf(RULE, 'services/api/app/routers/docs.py', src, vendored)).toEqual([]);
  });

  it('resolves an async check inherited from a generic base service in another module', async () => {
    const base = py`
      from typing import Generic, TypeVar

      T = TypeVar("T")

      class BaseService(Generic[T]):
          def __init__(self, repository: T):
              self.repository = repository

          async def exists(self, item_id: int) -> bool:
              return await self.repository.get(item_id) is not None

          def describe(self) -> str:
              return "service"
    `;
    const services = py`
      from app.services.base import BaseService
      from app.repositories import ProjectRepository

      class ProjectService(BaseService[ProjectRepository]):
          pass

      def get_projects() -> ProjectService:
          return ProjectService(ProjectRepository())
    `;
    const src = py`
      from fastapi import Depends, HTTPException
      from app.services.projects import ProjectService, get_projects

      async def archive(project_id: int, projects: ProjectService = Depends(get_projects)):
          if not projects.exists(project_id):
              raise HTTPException(404)
          if projects.describe():
              return {"archived": project_id}
    `;
    expect(await linesOf(RULE, 'app/routers/projects.py', src, { 'app/services/base.py': base, 'app/services/projects.py': services })).toEqual([5]);
  });

  it('takes an async def under a decorator that runs it to completion (asyncio.run in a plain wrapper) as sync', async () => {
    const script = py`
      import asyncio
      from functools import wraps

      def typer_async(f):
          @wraps(f)
          def wrapper(*args, **kwargs):
              return asyncio.run(f(*args, **kwargs))
          return wrapper

      def traced(f):
          @wraps(f)
          async def wrapper(*args, **kwargs):
              return await f(*args, **kwargs)
          return wrapper

      @typer_async
      async def reset(ids: list[int]) -> None:
          ...

      @traced
      async def notify(ids: list[int]) -> None:
          ...
    `;
    const test = py`
      from scripts import reset_cli

      def test_reset():
          reset_cli.reset([1])
          reset_cli.notify([1])
    `;
    expect(await linesOf(RULE, 'tests/test_reset.py', test, { 'scripts/reset_cli.py': script })).toEqual([5]);
  });

  describe('a service reached through the base class of a router (imports loaded breadth first)', () => {
    const baseRouter = py`
      from app.main.container import Services

      class BaseRouter:
          def __init__(self, services: Services):
              self.services = services
    `;
    const container = py`
      from dataclasses import dataclass
      from typing import TYPE_CHECKING

      if TYPE_CHECKING:
          from app.main.services.ingestion import IngestionService

      @dataclass
      class Services:
          ingestion: "IngestionService"
    `;
    const ingestion = py`
      class IngestionService:
          async def ingest_file(self, name: str) -> None:
              return None

          def describe(self) -> str:
              return "ingestion"
    `;
    const others = { 'app/api/base.py': baseRouter, 'app/main/container.py': container, 'app/main/services/ingestion.py': ingestion };
    // A package re-exporting many modules (`from .m0 import *`...): more than the file budget of the imports.
    const core: Record<string, string> = { 'app/core/__init__.py': Array.from({ length: 45 }, (_, i) => `from .m${i} import *\n`).join('') };
    for (let i = 0; i < 45; i++) core[`app/core/m${i}.py`] = `def helper_${i}():\n    return ${i}\n`;

    it('loads the base class module before a large re-exporting package spends the file budget', async () => {
      const src = py`
        from app.core import helper_1
        from app.main.container import Services
        from .base import BaseRouter

        class DocumentsRouter(BaseRouter):
            async def ingest(self, name: str):
                self.services.ingestion.ingest_file(name)
                return self.services.ingestion.describe() + str(helper_1())
      `;
      expect(await linesOf(RULE, 'app/api/documents.py', src, { ...others, ...core })).toEqual([7]);
    });

    it("follows the types of the base class's attributes one module further than the imports", async () => {
      const src = py`
        from .base import BaseRouter

        class DocumentsRouter(BaseRouter):
            async def ingest(self, name: str):
                self.services.ingestion.ingest_file(name)
                return self.services.ingestion.describe()
      `;
      expect(await linesOf(RULE, 'app/api/documents.py', src, others)).toEqual([5]);
    });
  });
  it('does not claim a coroutine for a name an if binds to a plain def in one branch and an async def in the other', async () => {
    const src = (other: string) => py`
      import pytest

      @pytest.mark.parametrize("is_async", [True, False])
      def test_run(is_async: bool):
          if not is_async:
              ${other} run():
                  return 1
              run()
          else:
              async def run():
                  return 2
              await run()
    `;
    expect(await linesOf(RULE, 'tests/test_engine.py', src('def'))).toEqual([]);
    expect(await linesOf(RULE, 'tests/test_engine.py', src('async def'))).toEqual([8]);
  });
});
