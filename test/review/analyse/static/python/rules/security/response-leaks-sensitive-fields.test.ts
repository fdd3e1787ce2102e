import { linesOf, py } from '../../review-python.js';

const RULE = 'response-leaks-sensitive-fields';

const MODELS = py`
  from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

  class Base(DeclarativeBase):
      pass

  class User(Base):
      __tablename__ = "users"
      id: Mapped[int] = mapped_column(primary_key=True)
      email: Mapped[str]
      hashed_password: Mapped[str]
      mfa_secret: Mapped[str | None]
`;

describe(RULE, () => {
  it('flags returning ORM users (via a helper annotated -> User, or a query) and echoing a password input', async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from pydantic import BaseModel
      from sqlalchemy import select
      from app.models import User

      router = APIRouter()

      class UserIn(BaseModel):
          email: str
          password: str

      async def _get_or_404(db, stmt) -> User:
          return await db.scalar(stmt)

      @router.get("/users/lookup")
      async def lookup(email: str, db=Depends()):
          return await _get_or_404(db, select(User).where(User.email == email))

      @router.get("/users")
      async def everyone(db=Depends()):
          return (await db.scalars(select(User).limit(50))).all()

      @router.post("/users")
      async def create(user_in: UserIn):
          return user_in
    `;
    expect(await linesOf(RULE, 'app/routers/users.py', src, { 'app/models.py': MODELS })).toEqual([17, 21, 25]);
  });

  it('does not flag response_model, an output-model annotation or a converted object', async () => {
    const src = py`
      from fastapi import APIRouter, Depends
      from pydantic import BaseModel
      from app.models import User

      router = APIRouter()

      class UserOut(BaseModel):
          id: int
          email: str

      @router.get("/users/{uid}", response_model=UserOut)
      async def one(uid: int, db=Depends()):
          return await db.get(User, uid)

      @router.get("/users/{uid}/public")
      async def public(uid: int, db=Depends()) -> UserOut:
          return await db.get(User, uid)

      @router.get("/users/{uid}/card")
      async def card(uid: int, db=Depends()):
          user = await db.get(User, uid)
          return UserOut.model_validate(user)
    `;
    expect(await linesOf(RULE, 'app/routers/users.py', src, { 'app/models.py': MODELS })).toEqual([]);
  });
});
