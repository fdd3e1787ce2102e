/**
 * Deterministic, realistic FastAPI + Supabase code for the benchmarks: routers, services,
 * models and migrations with the mix of good and bad patterns real codebases have.
 */

const pick = <T>(items: readonly T[], i: number) => items[i % items.length];
const ENTITIES = ['invoice', 'order', 'project', 'ticket', 'booking', 'listing', 'playlist', 'campaign', 'shipment', 'report'];

export function routerModule(i: number): string {
  const e = pick(ENTITIES, i);
  const E = e[0].toUpperCase() + e.slice(1);
  const bad = i % 3 === 0;
  return `import logging
import time
from typing import Annotated

import httpx
import requests
from fastapi import APIRouter, Depends, HTTPException, Query
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.deps import CurrentUser, get_current_user, get_session
from app.models.${e} import ${E}
from app.schemas.${e} import ${E}Create, ${E}Out

log = logging.getLogger(__name__)
router = APIRouter(prefix="/${e}s${i}", tags=["${e}s"], dependencies=[Depends(get_current_user)])
PARTNER_URL = "https://partner.example.com/api/${e}s"


@router.get("", response_model=list[${E}Out])
async def list_${e}s_${i}(
    session: Annotated[AsyncSession, Depends(get_session)],
    user: Annotated[CurrentUser, Depends(get_current_user)],
    limit: Annotated[int, Query(le=100)] = 20,
    offset: int = 0,
):
    rows = await session.execute(
        select(${E}).where(${E}.owner_id == user.id).order_by(${E}.created_at.desc()).limit(limit).offset(offset)
    )
    return rows.scalars().all()


@router.get("/{item_id}", response_model=${E}Out)
async def get_${e}_${i}(item_id: int, session: Annotated[AsyncSession, Depends(get_session)], user: Annotated[CurrentUser, Depends(get_current_user)]):
    item = await session.get(${E}, item_id)
    if item is None or item.owner_id != user.id:
        raise HTTPException(status_code=404, detail="${e} not found")
    return item


@router.post("", response_model=${E}Out, status_code=201)
async def create_${e}_${i}(body: ${E}Create, session: Annotated[AsyncSession, Depends(get_session)], user: Annotated[CurrentUser, Depends(get_current_user)]):
    item = ${E}(owner_id=user.id, name=body.name, notes=body.notes)
    session.add(item)
    await session.commit()
    await session.refresh(item)
    log.info("created ${e} %s for %s", item.id, user.id)
    return item


@router.post("/{item_id}/sync")
async def sync_${e}_${i}(item_id: int, session: Annotated[AsyncSession, Depends(get_session)], user: Annotated[CurrentUser, Depends(get_current_user)]):
    item = await session.get(${E}, item_id)
    if item is None or item.owner_id != user.id:
        raise HTTPException(status_code=404, detail="${e} not found")
${bad ? `    resp = requests.post(PARTNER_URL, json={"id": item.id}, timeout=10)
    time.sleep(0.2)
    rows = await session.execute(text(f"select * from ${e}s where name = '{item.name}'"))` : `    async with httpx.AsyncClient(timeout=10) as client:
        resp = await client.post(PARTNER_URL, json={"id": item.id})
    rows = await session.execute(text("select id, name from ${e}s where name = :name"), {"name": item.name})`}
    return {"status": resp.status_code, "matches": len(rows.all())}


def _score_${i}(values: list[float]) -> float:
    total = 0.0
    for v in values:
        if v > 0:
            total += v * 1.5
        else:
            total -= v
    return round(total / max(len(values), 1), 2)
`;
}

export function migration(i: number): string {
  const e = pick(ENTITIES, i);
  const table = `${e}s_${i}`;
  const bad = i % 4 === 0;
  return `-- ${table}
create table public.${table} (
  id bigint generated always as identity primary key,
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null,
  notes text,
  created_at timestamptz not null default now()
);

create index ${table}_owner_id_idx on public.${table} (owner_id);
${bad ? '' : `alter table public.${table} enable row level security;`}

create policy "owners read ${table}" on public.${table}
  for select to authenticated
  using (${bad ? 'auth.uid()' : '(select auth.uid())'} = owner_id);

create policy "owners write ${table}" on public.${table}
  for insert to authenticated
  with check ((select auth.uid()) = owner_id);
`;
}

export function lineCount(text: string): number {
  return text.split('\n').length;
}
