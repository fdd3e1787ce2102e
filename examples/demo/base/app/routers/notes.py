from fastapi import APIRouter, Depends, Query
from supabase import Client

from app.deps import get_db

router = APIRouter(prefix="/notes", tags=["notes"])


@router.get("")
def list_notes(limit: int = Query(20, le=100), db: Client = Depends(get_db)):
    resp = db.table("notes").select("id, title, updated_at").order("updated_at", desc=True).limit(limit).execute()
    return resp.data
