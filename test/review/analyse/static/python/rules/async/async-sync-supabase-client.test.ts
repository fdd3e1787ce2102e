import { linesOf, py } from '../../review-python.js';

const RULE = 'async-sync-supabase-client';

const CLIENTS = py`
  import os
  from supabase import AsyncClient, Client, acreate_client, create_client

  def anon_client() -> Client:
      return create_client(os.environ["SUPABASE_URL"], os.environ["SUPABASE_ANON_KEY"])

  async def async_client() -> AsyncClient:
      return await acreate_client(os.environ["SUPABASE_URL"], os.environ["SUPABASE_ANON_KEY"])
`;

describe(RULE, () => {
  it('flags .execute() of a sync client built in another module, through a query variable', async () => {
    const src = py`
      from app.clients import anon_client

      async def followers(profile_id: str):
          query = anon_client().table("follows").select("follower_id").eq("followee_id", profile_id)
          res = query.execute()
          return res.data
    `;
    expect(await linesOf(RULE, 'app/routers/p.py', src, { 'app/clients.py': CLIENTS })).toEqual([5]);
  });

  it('flags auth calls on a sync Client dependency', async () => {
    const src = py`
      from fastapi import Depends, Header
      from supabase import Client
      from app.deps import get_client

      async def me(authorization: str = Header(...), sb: Client = Depends(get_client)):
          return sb.auth.get_user(authorization.split()[1])
    `;
    expect(await linesOf(RULE, 'app/routers/me.py', src)).toEqual([6]);
  });

  it('does not flag the async client, or the sync client in a plain def', async () => {
    const src = py`
      from app.clients import anon_client, async_client

      async def ok(pid: str):
          sb = await async_client()
          return (await sb.table("p").select("id").eq("id", pid).execute()).data

      def sync_ok(pid: str):
          return anon_client().table("p").select("id").eq("id", pid).execute().data
    `;
    expect(await linesOf(RULE, 'app/routers/ok.py', src, { 'app/clients.py': CLIENTS })).toEqual([]);
  });

  it('knows what the app keeps in app.state (set at startup), sync or async', async () => {
    const main = py`
      from fastapi import FastAPI
      from supabase import acreate_client, create_client

      app = FastAPI()

      @app.on_event("startup")
      async def startup():
          app.state.supabase = create_client("https://x.supabase.co", "anon-key")
          app.state.asupabase = await acreate_client("https://x.supabase.co", "anon-key")
    `;
    const src = py`
      from fastapi import Request

      async def notes(request: Request):
          return request.app.state.supabase.table("notes").select("id").limit(20).execute().data

      async def notes_async(request: Request):
          return (await request.app.state.asupabase.table("notes").select("id").limit(20).execute()).data
    `;
    expect(await linesOf(RULE, 'app/routers/notes.py', src, { 'app/main.py': main })).toEqual([4]);
  });
});
