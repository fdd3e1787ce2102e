import { findingsOf, linesOf, py } from '../../review-python.js';

const RULE = 'like-wildcard-injection';

const MODELS = py`
  from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


  class Base(DeclarativeBase):
      pass


  class Product(Base):
      __tablename__ = "products"
      id: Mapped[int] = mapped_column(primary_key=True)
      name: Mapped[str]
      category: Mapped[str]
      code: Mapped[int]
`;

const HEADER = `from fastapi import APIRouter, Depends, Form, Query, Request
from sqlalchemy import select, text
from app.db import get_session
from app.models import Product
router = APIRouter()
`;

const others = {
  'app/models.py': MODELS,
  'app/db.py': 'from sqlalchemy.ext.asyncio import AsyncSession\nasync def get_session() -> AsyncSession: ...\n',
};

describe(RULE, () => {
  it('flags request text put into an ORM, PostgREST or bound SQL LIKE pattern', async () => {
    const src = HEADER + py`
      from supabase import Client

      @router.get("/products")
      async def search(q: str = Query(min_length=3), db=Depends(get_session)):
          stmt = select(Product).where(Product.name.ilike(f"%{q}%"))
          return (await db.execute(stmt)).scalars().all()

      @router.get("/products/by-category")
      async def by_category(category: str = Query(..., min_length=2), db=Depends(get_session)):
          pattern = "%" + category.strip() + "%"
          return (await db.execute(select(Product).where(Product.category.like(pattern)))).scalars().all()

      @router.get("/products/supabase")
      def from_supabase(name: str = Query(min_length=3), sb: Client = Depends(get_session)):
          return sb.table("products").select("id").ilike("name", f"%{name}%").execute()

      @router.get("/products/raw")
      async def raw(term: str, db=Depends(get_session)):
          if len(term.strip()) < 3:
              raise ValueError("too short")
          sql = text("SELECT id FROM products WHERE name ILIKE :pattern")
          return (await db.execute(sql, {"pattern": f"%{term}%"})).all()
    `;
    const found = await findingsOf(RULE, [{ path: 'app/routers/products.py', head: src }], others);
    expect(found.map((f) => [f.line, f.severity])).toEqual([[10, 'medium'], [16, 'medium'], [20, 'medium'], [27, 'medium']]);
    expect(found[0].message).toContain('`q` (the query parameter `q` of `GET /products`) goes into this LIKE pattern unescaped. The term must be at least 3 characters long');
    expect(found[0].message).toContain('a search for `___` passes that check');
    expect(found[3].message).toContain('at least 3 characters long');
  });

  it('reports one value reaching several patterns of a function once, listing the other lines', async () => {
    const src = HEADER + py`
      from sqlalchemy import or_

      @router.get("/products")
      async def search(q: str = Query(min_length=3), category: str = Query(min_length=3), db=Depends(get_session)):
          stmt = select(Product).where(or_(Product.name.ilike(f"%{q}%"), Product.category.ilike(f"%{q}%")))
          stmt = stmt.where(Product.category.ilike(f"{category}%"))
          stmt = stmt.where(Product.name.ilike(f"%{q}"))
          return (await db.execute(stmt)).scalars().all()
    `;
    const found = await findingsOf(RULE, [{ path: 'app/routers/products.py', head: src }], others);
    expect(found.map((f) => f.line)).toEqual([10, 11]);
    expect(found[0].message).toContain('The same happens on line 12.');
    expect(found[1].message).not.toContain('The same happens');
  });

  it('reports a request value used as the whole pattern at medium', async () => {
    const src = HEADER + py`
      from app.models import Base

      @router.post("/password-reset")
      async def reset(email: str = Form(...), db=Depends(get_session)):
          user = (await db.execute(select(Product).where(Product.name.ilike(email)))).scalar_one_or_none()
          return {"sent": user is not None}
    `;
    const [f] = await findingsOf(RULE, [{ path: 'app/routers/reset.py', head: src }], others);
    expect([f.line, f.severity]).toEqual([10, 'medium']);
    expect(f.message).toContain('is the whole LIKE pattern');
  });

  it('follows the value into a service helper in another module', async () => {
    const service = py`
      from sqlalchemy import select
      from app.models import Product


      class ProductService:
          async def list(self, db, *, query: str | None = None, limit: int = 20):
              stmt = select(Product)
              if query is not None:
                  stmt = stmt.where(Product.name.ilike(f"%{query}%"))
              return (await db.execute(stmt.limit(limit))).scalars().all()


      product_service = ProductService()
    `;
    const route = HEADER + py`
      from app.services.products import product_service

      @router.get("/catalog")
      async def catalog(query: str | None = Query(None, min_length=3), db=Depends(get_session)):
          return await product_service.list(db, query=query)
    `;
    const found = await findingsOf(RULE, [{ path: 'app/services/products.py', head: service }, { path: 'app/routers/catalog.py', head: route }], others);
    expect(found.map((f) => `${f.path}:${f.line}`)).toEqual(['app/services/products.py:9']);
    expect(found[0].message).toContain('`query` (the query parameter `query` of `GET /catalog`, through `catalog()`)');
  });

  it('does not flag escaped values, escape=, validated types, allow-lists or server-side text', async () => {
    const src = HEADER + py`
      from enum import Enum
      from uuid import UUID

      ALLOWED = {"books", "games"}


      class Kind(str, Enum):
          book = "book"
          game = "game"


      def escape_like(value: str) -> str:
          return value.replace("\\\\", "\\\\\\\\").replace("%", "\\\\%").replace("_", "\\\\_")

      @router.get("/a")
      async def a(q: str, db=Depends(get_session)):
          return await db.execute(select(Product).where(Product.name.ilike(f"%{escape_like(q)}%")))

      @router.get("/b")
      async def b(q: str, db=Depends(get_session)):
          safe = q.replace("%", "\\\\%").replace("_", "\\\\_")
          return await db.execute(select(Product).where(Product.name.ilike(f"%{safe}%")))

      @router.get("/c")
      async def c(q: str, db=Depends(get_session)):
          return await db.execute(select(Product).where(Product.name.ilike(f"%{q}%", escape="\\\\")))

      @router.get("/d")
      async def d(code: int, kind: Kind, ident: UUID, db=Depends(get_session)):
          return await db.execute(select(Product).where(Product.name.like(f"%{code}%"), Product.category.like(f"{kind}%"), Product.name.like(f"%{ident}")))

      @router.get("/e")
      async def e(category: str, db=Depends(get_session)):
          if category not in ALLOWED:
              raise ValueError(category)
          return await db.execute(select(Product).where(Product.category.like(f"{category}%")))

      @router.get("/f")
      async def f(db=Depends(get_session)):
          prefix = "promo-"
          return await db.execute(select(Product).where(Product.name.like(f"{prefix}%")))


      def cleanup_names(db, prefix: str):
          return db.execute(select(Product).where(Product.name.like(f"{prefix}%")))
    `;
    expect(await linesOf(RULE, 'app/routers/safe.py', src, others)).toEqual([]);
  });

  it('sees wildcards added by the caller of a helper, and leaves operator back-office searches alone', async () => {
    const src = HEADER + py`
      from app.auth import require_admin

      def _by_name(term: str):
          return select(Product).where(Product.name.ilike(term))

      @router.get("/search")
      async def search(query: str = Query(min_length=2), db=Depends(get_session)):
          return (await db.execute(_by_name(f"%{query}%"))).scalars().all()

      @router.get("/admin/products")
      async def admin_search(query: str, db=Depends(get_session)):
          return (await db.execute(select(Product).where(Product.name.ilike(f"%{query}%")))).scalars().all()

      @router.get("/staff/products", dependencies=[Depends(require_admin)])
      async def staff_search(query: str, db=Depends(get_session)):
          return (await db.execute(select(Product).where(Product.name.ilike(f"%{query}%")))).scalars().all()
    `;
    const found = await findingsOf(RULE, [{ path: 'app/routers/search.py', head: src }], { ...others, 'app/auth.py': 'def require_admin(): ...\n' });
    expect(found.map((f) => [f.line, f.severity])).toEqual([[9, 'medium']]);
  });

  it('flags .contains() / .startswith() on a text column without autoescape, not with it or on arrays', async () => {
    const models = py`
      from sqlalchemy import ARRAY, String
      from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


      class Base(DeclarativeBase):
          pass


      class Article(Base):
          __tablename__ = "articles"
          id: Mapped[int] = mapped_column(primary_key=True)
          title: Mapped[str]
          tags: Mapped[list[str]] = mapped_column(ARRAY(String))
    `;
    const src = HEADER + py`
      from app.articles import Article

      @router.get("/articles")
      async def articles(q: str = Query(min_length=3), tag: str = Query(min_length=3), db=Depends(get_session)):
          a = select(Article).where(Article.title.contains(q))
          b = select(Article).where(Article.title.startswith(q, autoescape=True))
          c = select(Article).where(Article.tags.contains([tag]))
          return a, b, c
    `;
    const found = await findingsOf(RULE, [{ path: 'app/routers/articles.py', head: src }], { ...others, 'app/articles.py': models });
    expect(found.map((f) => [f.line, f.severity])).toEqual([[10, 'medium']]);
    expect(found[0].message).toContain('Pass `autoescape=True`');
  });

  it('leaves .ilike() on a relationship, which raises before any SQL is built, and flags the column next to it', async () => {
    const models = py`
      from sqlalchemy import ForeignKey
      from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


      class Base(DeclarativeBase):
          pass


      class Category(Base):
          __tablename__ = "categories"
          id: Mapped[int] = mapped_column(primary_key=True)
          name: Mapped[str]


      class Item(Base):
          __tablename__ = "items"
          id: Mapped[int] = mapped_column(primary_key=True)
          name: Mapped[str]
          category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
          category: Mapped[Category] = relationship()
    `;
    const src = HEADER + py`
      from app.items import Item

      @router.get("/items")
      async def items(q: str = Query(min_length=3), db=Depends(get_session)):
          a = select(Item).where(Item.name.ilike(f"%{q}%"))
          b = select(Item).where(Item.category.ilike(f"%{q}%"))
          return a, b
    `;
    const found = await findingsOf(RULE, [{ path: 'app/routers/items.py', head: src }], { ...others, 'app/items.py': models });
    expect(found.map((f) => f.line)).toEqual([10]);
  });

  it('leaves a search whose term has no minimum length (a wildcard only widens it), and follows a model field constraint', async () => {
    const src = HEADER + py`
      from pydantic import BaseModel, Field


      class Search(BaseModel):
          term: str = Field(min_length=4)
          loose: str

      @router.get("/products")
      async def search(q: str, category: str | None = None, db=Depends(get_session)):
          stmt = select(Product).where(Product.name.ilike(f"%{q}%"), Product.category.contains(category))
          return (await db.execute(stmt)).scalars().all()

      @router.post("/products/search")
      async def body_search(body: Search, db=Depends(get_session)):
          a = select(Product).where(Product.name.ilike(f"%{body.term}%"))
          b = select(Product).where(Product.category.ilike(f"%{body.loose}%"))
          return a, b
    `;
    const found = await findingsOf(RULE, [{ path: 'app/routers/products.py', head: src }], others);
    expect(found.map((f) => [f.line, f.severity])).toEqual([[20, 'medium']]);
    expect(found[0].message).toContain('at least 4 characters long');
    expect(found[0].message).toContain('`____`');
  });
});
