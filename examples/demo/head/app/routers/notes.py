import time

import requests
from fastapi import APIRouter, Depends, Query
from supabase import Client

from app.db import service_client
from app.deps import get_db

router = APIRouter(prefix="/notes", tags=["notes"])

PREVIEW_URL = "https://preview.internal/render"


@router.get("")
def list_notes(limit: int = Query(20, le=100), db: Client = Depends(get_db)):
    resp = db.table("notes").select("id, title, updated_at").order("updated_at", desc=True).limit(limit).execute()
    return resp.data


@router.get("/{note_id}/preview")
async def preview_note(note_id: int, db: Client = Depends(get_db)):
    note = db.table("notes").select("id, body").eq("id", note_id).single().execute()
    for attempt in range(3):
        resp = requests.post(PREVIEW_URL, json={"markdown": note.data["body"]}, timeout=5)
        if resp.ok:
            return {"html": resp.text}
        time.sleep(0.5 * (attempt + 1))
    return {"html": None}


@router.get("/shared/{note_id}")
def shared_note(note_id: int):
    admin = service_client()
    resp = admin.table("notes").select("*").eq("id", note_id).execute()
    return resp.data
