"""Supabase clients for the notes service."""
import os
from functools import lru_cache

from supabase import Client, create_client

SUPABASE_URL = os.environ["SUPABASE_URL"]
SUPABASE_ANON_KEY = os.environ["SUPABASE_ANON_KEY"]
SUPABASE_SERVICE_ROLE_KEY = os.environ["SUPABASE_SERVICE_ROLE_KEY"]


def user_client(access_token: str) -> Client:
    """A client whose PostgREST calls run as the signed-in user, so RLS applies."""
    client = create_client(SUPABASE_URL, SUPABASE_ANON_KEY)
    client.postgrest.auth(access_token)
    return client


@lru_cache(maxsize=1)
def service_client() -> Client:
    """Service-role client: bypasses RLS. Background jobs only."""
    return create_client(SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY)
