import { linesOf, py } from '../../review-python.js';

const RULE = 'sqla-async-implicit-lazy-load';

const MODELS = py`
  from sqlalchemy import ForeignKey
  from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

  class Base(DeclarativeBase):
      pass

  class User(Base):
      __tablename__ = "users"
      id: Mapped[int] = mapped_column(primary_key=True)
      email: Mapped[str]

  class Project(Base):
      __tablename__ = "projects"
      id: Mapped[int] = mapped_column(primary_key=True)
      owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
      owner: Mapped[User] = relationship()
      tasks: Mapped[list["Task"]] = relationship(back_populates="project")
      members: Mapped[list["User"]] = relationship(lazy="selectin")

  class Task(Base):
      __tablename__ = "tasks"
      id: Mapped[int] = mapped_column(primary_key=True)
      project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
      status: Mapped[str]
      project: Mapped[Project] = relationship(back_populates="tasks")
`;

describe(RULE, () => {
  it('flags lazy relationships touched after an async query, in a loop or not', async () => {
    const src = py`
      from sqlalchemy import select
      from app.models import Project

      class ProjectService:
          def __init__(self, db):
              self.db = db

          async def portfolio(self, org_id: int):
              projects = (await self.db.scalars(select(Project).where(Project.id > 0).limit(200))).all()
              out = []
              for project in projects:
                  email = project.owner.email
                  open_tasks = sum(1 for t in project.tasks if t.status != "done")
                  out.append((email, open_tasks))
              return out

          async def one(self, pid: int):
              project = await self.db.get(Project, pid)
              return [t.status for t in project.tasks]
    `;
    expect(await linesOf(RULE, 'app/services/projects.py', src, { 'app/models.py': MODELS })).toEqual([12, 13, 19]);
  });

  it('flags a response model that serialises an unloaded relationship', async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from pydantic import BaseModel
      from app.models import Project

      router = APIRouter()

      class TaskOut(BaseModel):
          id: int

      class ProjectBase(BaseModel):
          id: int

      class ProjectDetail(ProjectBase):
          tasks: list[TaskOut]

      @router.get("/projects/{pid}", response_model=ProjectDetail)
      async def detail(pid: int, db=Depends()):
          return await db.get(Project, pid)
    `;
    expect(await linesOf(RULE, 'app/routers/projects.py', src, { 'app/models.py': MODELS })).toEqual([18]);
  });

  it('does not flag eager-loaded or lazy="selectin" relationships, columns, or sync code', async () => {
    const src = py`
      from sqlalchemy import select
      from sqlalchemy.orm import joinedload, selectinload
      from app.models import Project, Task

      async def ok(db):
          stmt = select(Project).options(joinedload(Project.owner), selectinload(Project.tasks).joinedload(Task.project))
          projects = (await db.scalars(stmt)).unique().all()
          return [(p.owner.email, [t.project.id for t in p.tasks], p.members, p.owner_id) for p in projects]

      def sync_ok(db):
          project = db.get(Project, 1)
          return project.tasks
    `;
    expect(await linesOf(RULE, 'app/services/ok.py', src, { 'app/models.py': MODELS })).toEqual([]);
  });

  it('follows rows a repository function returns, eager-loaded or not', async () => {
    const repo = py`
      from sqlalchemy import select
      from sqlalchemy.orm import selectinload
      from app.models import Project

      async def for_owner(session, owner_id: int) -> list[Project]:
          result = await session.scalars(select(Project).where(Project.owner_id == owner_id))
          return list(result)

      async def for_owner_eager(session, owner_id: int) -> list[Project]:
          result = await session.scalars(select(Project).options(selectinload(Project.tasks)).where(Project.owner_id == owner_id))
          return list(result)
    `;
    const src = py`
      from app import repo

      async def lazy(session):
          rows = await repo.for_owner(session, 1)
          out = []
          for p in rows:
              out.append({"tasks": len(p.tasks)})
          return out

      async def eager(session):
          rows = await repo.for_owner_eager(session, 1)
          return [len(p.tasks) for p in rows]
    `;
    expect(await linesOf(RULE, 'app/services/summary.py', src, { 'app/models.py': MODELS, 'app/repo.py': repo })).toEqual([7]);
  });
});
