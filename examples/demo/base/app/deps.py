from fastapi import Depends, Header, HTTPException
from supabase import Client

from app.db import user_client


def get_token(authorization: str = Header(...)) -> str:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(status_code=401, detail="missing bearer token")
    return token


def get_db(token: str = Depends(get_token)) -> Client:
    return user_client(token)
