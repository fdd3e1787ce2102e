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

  it('does not count a flag, a time or a count about a secret as the secret (a Boolean column, is_*, *_enabled, *_expires_at)', async () => {
    const models = py`
      from sqlalchemy import Boolean, Column, DateTime, Integer, String
      from sqlalchemy.orm import declarative_base
      from pydantic import BaseModel

      Base = declarative_base()

      class ToolConfig(Base):
          __tablename__ = "tool_configs"
          id = Column(Integer, primary_key=True)
          key = Column(String)
          is_secret = Column(Boolean)
          secret_expires_at = Column(DateTime)
          token_count = Column(Integer)
          mfa_enabled = Column(String)
          api_key_set = Column(String)
          secret_rotated = Column("secret_rotated", Boolean, default=False)

      class Integration(Base):
          __tablename__ = "integrations"
          id = Column(Integer, primary_key=True)
          is_secret = Column(Boolean)
          api_key = Column(String)

      class FlagsIn(BaseModel):
          name: str
          secret_visible: bool
          has_token: str | None = None
    `;
    const src = py`
      from fastapi import APIRouter, Depends
      from app.models import FlagsIn, Integration, ToolConfig

      router = APIRouter()

      @router.get("/tool-configs")
      def configs(db=Depends()):
          return db.query(ToolConfig).all()

      @router.get("/tool-configs/{cid}")
      def config(cid: int, db=Depends()):
          return db.query(ToolConfig).filter(ToolConfig.id == cid).first()

      @router.post("/flags")
      def flags(body: FlagsIn):
          return body

      @router.get("/integrations/{iid}")
      def integration(iid: int, db=Depends()):
          return db.query(Integration).filter(Integration.id == iid).first()
    `;
    expect(await linesOf(RULE, 'app/routers/configs.py', src, { 'app/models.py': models })).toEqual([20]);
  });
});
