import { linesOf, py } from '../review-python.js';

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
});
