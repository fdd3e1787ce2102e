import { findingsOf, py } from '../../review-python.js';

const QUERY_RULES = ['n-plus-one-in-loop', 'filter-in-python', 'count-by-loading-rows'];

/** Loops over every row: N+1, a filter in Python and a count by loading, all in one function. */
const WORK = (name: string) => py`
  from sqlalchemy.orm import Session
  from app.models import Group, Recipe

  def ${name}(db: Session):
      groups = db.query(Group).all()
      for group in groups:
          recipes = db.query(Recipe).filter(Recipe.group_id == group.id).all()
          group.count = len(recipes)
      empty = [g for g in groups if not g.name]
      total = len(db.query(Recipe).all())
      return empty, total
`;

async function queryFindings(path: string, src: string): Promise<string[]> {
  const found = await Promise.all(QUERY_RULES.map((rule) => findingsOf(rule, [{ path, head: src }])));
  return found.flat().map((f) => `${f.rule}:${f.line}`);
}

describe('query rules judge request paths, not one-off code', () => {
  it('flags the per-row work in a service that requests reach', async () => {
    expect(await queryFindings('app/services/groups.py', WORK('group_stats'))).toEqual(
      expect.arrayContaining(['n-plus-one-in-loop:7', 'filter-in-python:5', 'count-by-loading-rows:10']),
    );
  });

  it('does not flag a startup data fix, a script, a seed or a migration revision', async () => {
    expect(await queryFindings('app/db/fixes/fix_group_counts.py', WORK('fix_group_counts'))).toEqual([]);
    expect(await queryFindings('app/services/maintenance.py', WORK('backfill_group_counts'))).toEqual([]);
    expect(await queryFindings('scripts/recount.py', WORK('main'))).toEqual([]);
    const revision = `revision = "b73416df5744"\ndown_revision = "a1"\n\n${WORK('upgrade')}\n\ndef downgrade():\n    pass\n`;
    expect(await queryFindings('src/app/database/revisions/tenant/versions/2021_b73416df5744.py', revision)).toEqual([]);
    // A module of numbered migration steps that the app runs as it starts, and an operator's tool at the root.
    expect(await queryFindings('app/core/migrations.py', WORK('m014_recount_groups'))).toEqual([]);
    expect(await queryFindings('app/core/models.py', WORK('m014_recount_groups'))).toEqual([]);
    expect(await queryFindings('tools/recount_groups.py', WORK('recount'))).toEqual([]);
    // A package named tools inside the app is request code (an agent's tools): still judged.
    expect(await queryFindings('app/agent/tools/groups.py', WORK('group_tool'))).not.toEqual([]);
  });

  it('does not flag work done in the lifespan before the app serves requests', async () => {
    const src = py`
      from contextlib import asynccontextmanager
      from fastapi import FastAPI
      from sqlalchemy.orm import Session
      from app.db import SessionLocal
      from app.models import Group, Recipe

      @asynccontextmanager
      async def lifespan(app: FastAPI):
          with SessionLocal() as db:
              for group in db.query(Group).all():
                  db.query(Recipe).filter(Recipe.group_id == group.id).all()
          yield
    `;
    expect(await queryFindings('app/main.py', src)).toEqual([]);
  });
});

describe('command-line tools are one-off code', () => {
  it("does not report a shell command built from the operator's own arguments, but does in a module that serves requests", async () => {
    const tool = py`
      import subprocess
      import click

      @click.command()
      @click.argument("container")
      def dump(container: str):
          subprocess.run(f"docker exec {container} pg_dump", shell=True)
    `;
    expect((await findingsOf('command-injection', [{ path: 'tools/dump.py', head: tool }])).map((f) => f.line)).toEqual([]);
    const app = py`
      import subprocess
      from fastapi import FastAPI

      app = FastAPI()

      @app.post("/disk")
      def disk(parameters: str):
          return subprocess.run("df -h " + parameters, shell=True, capture_output=True).stdout

      if __name__ == "__main__":
          import uvicorn
          uvicorn.run(app)
    `;
    expect((await findingsOf('command-injection', [{ path: 'app/main.py', head: app }])).map((f) => f.line)).toEqual([8]);
  });
});
