import { linesOf, py } from '../../review-python.js';

const RULE = 'authz-trusts-user-metadata';

describe(RULE, () => {
  it('flags roles read from user_metadata in a check', async () => {
    const src = py`
      from fastapi import HTTPException

      def require_admin(user):
          if user.user_metadata.get("role") != "admin":
              raise HTTPException(403)
          return user

      def can_delete(claims: dict) -> bool:
          role = claims["user_metadata"]["role"]
          return role in ("owner", "admin")
    `;
    expect(await linesOf(RULE, 'app/deps.py', src)).toEqual([4, 9]);
  });

  it('does not flag app_metadata or display-only metadata', async () => {
    const src = py`
      def require_admin(user):
          if user.app_metadata.get("role") != "admin":
              raise PermissionError
          name = user.user_metadata.get("full_name") or user.email
          if user.user_metadata.get("avatar_url"):
              name += " *"
          return name
    `;
    expect(await linesOf(RULE, 'app/deps.py', src)).toEqual([]);
  });

  it("does not flag the app's own user_metadata column or a state dict it built", async () => {
    const models = py`
      from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
      from sqlalchemy.dialects.postgresql import JSONB

      class Base(DeclarativeBase):
          pass

      class Event(Base):
          __tablename__ = "events"
          id: Mapped[int] = mapped_column(primary_key=True)
          user_metadata: Mapped[dict] = mapped_column(JSONB, default=dict)
    `;
    const src = py`
      from app.models import Event

      def billable(event: Event) -> bool:
          if event.user_metadata.get("plan") == "pro":
              return True
          return False

      def summarise(state: dict) -> str:
          user_metadata = state["user_metadata"] or {}
          if user_metadata.get("role") == "admin":
              return "admin"
          return "user"

      def totals(events):
          for event in events:
              if event.user_metadata.get("tier") == "gold":
                  yield event
    `;
    expect(await linesOf(RULE, 'app/billing.py', src, { 'app/models.py': models })).toEqual([]);
  });

  it('flags a decoded Supabase user model whose metadata grants a role', async () => {
    const src = py`
      from pydantic import BaseModel

      class SupabaseUser(BaseModel):
          sub: str
          app_metadata: dict = {}
          user_metadata: dict = {}

      def require_admin(current: SupabaseUser) -> SupabaseUser:
          if current.user_metadata.get("role") != "admin":
              raise PermissionError("admins only")
          return current
    `;
    expect(await linesOf(RULE, 'app/auth.py', src)).toEqual([9]);
  });

  it('does not flag a check that only notes the value (logs it, or keeps it only for a log line), but flags one that acts on it', async () => {
    const src = (use: string) => py`
      import logging
      from pydantic import BaseModel

      log = logging.getLogger(__name__)

      class SupabaseUser(BaseModel):
          sub: str
          app_metadata: dict = {}
          user_metadata: dict = {}

      def callback(user: SupabaseUser, db) -> None:
          org = None
          if user.user_metadata and "invited_to_org" in user.user_metadata:
              org = user.user_metadata.get("invited_to_org")
              print(f"accepting invite to {org}")
          ${use}
    `;
    expect(await linesOf(RULE, 'app/auth.py', src('log.info("callback for %s", org)'))).toEqual([]);
    expect(await linesOf(RULE, 'app/auth.py', src('db.add_member(org, user.sub)'))).toEqual([13]);
  });
});
