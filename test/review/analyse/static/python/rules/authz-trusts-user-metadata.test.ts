import { linesOf, py } from '../review-python.js';

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
});
