import { findKeyUsage, type KeyCandidate } from '../../../../../src/review/analyse/static/support/key-usage.js';
import { findingsOf as pythonFindings, py } from '../python/review-python.js';
import { findingsOf as sqlFindings, migration } from '../sql/run-sql.js';

/** A repository snapshot over a map of files; `failing` paths fail to read, `binary` ones are not text. */
function snapshot(files: Record<string, string>, failing: string[] = [], binary: string[] = [], budgeted = false) {
  return {
    budgeted,
    listPaths: async () => [...Object.keys(files), ...failing, ...binary],
    readText: async (p: string) => {
      if (failing.includes(p)) throw new Error(`502 reading ${p}`);
      return files[p] ?? null;
    },
  };
}

const MODELS = py`
  from sqlalchemy import Column, ForeignKey, Integer, String
  from sqlalchemy.orm import relationship
  from app.db import Base

  class Blog(Base):
      __tablename__ = "blogs"
      id = Column(Integer, primary_key=True)
      comments = relationship("Comment", back_populates="blog")

  class Comment(Base):
      __tablename__ = "comments"
      id = Column(Integer, primary_key=True)
      blog_id = Column(Integer, ForeignKey("blogs.id"))
      author_id = Column(Integer, ForeignKey("users.id"))
      body = Column(String)
      blog = relationship("Blog", back_populates="comments")
`;

const blogKey: KeyCandidate = { table: 'comments', column: 'blog_id', references: 'blogs', classes: ['Comment'] };
const authorKey: KeyCandidate = { table: 'comments', column: 'author_id', references: 'users', classes: ['Comment'] };

/** Key usage over the models and one routes module. */
const findingsOfUsage = (routes: string) => findKeyUsage(snapshot({ 'app/models.py': MODELS, 'app/routes.py': routes }), [blogKey]);

describe('findKeyUsage', () => {
  it('finds a filter on the key, and calls a key the application never searches by unused', async () => {
    const service = py`
      from app.models import Comment

      def comments_of(db, blog_id):
          return db.query(Comment).filter(Comment.blog_id == blog_id).all()

      def create(db, user, body):
          db.add(Comment(author_id=user.id, body=body))
    `;
    const usage = await findKeyUsage(snapshot({ 'app/models.py': MODELS, 'app/services/comments.py': service }), [blogKey, authorKey]);
    expect(usage(blogKey)).toEqual({ kind: 'used', where: 'app/services/comments.py:4' });
    expect(usage(authorKey)).toEqual({ kind: 'unused' });
  });

  it('counts a relationship collection only when the application reads it', async () => {
    const declaredOnly = await findKeyUsage(snapshot({ 'app/models.py': MODELS, 'app/routes.py': 'from app.models import Comment\n\ndef get(db, i):\n    return db.get(Comment, i)\n' }), [blogKey]);
    expect(declaredOnly(blogKey).kind).toBe('unused');
    const read = await findKeyUsage(snapshot({ 'app/models.py': MODELS, 'app/routes.py': 'from app.models import Comment\n\ndef get(db, blog):\n    return [c.body for c in blog.comments] + [db.get(Comment, 1)]\n' }), [blogKey]);
    expect(read(blogKey)).toEqual({ kind: 'used', where: 'app/routes.py:4' });
    // An SDK resource of the same name (`client.comments.create(...)`) is not the relationship.
    const sdk = 'from app.models import Comment\nfrom sdk import client\n\ndef get(db, i):\n    client.comments.create(body="x")\n    return db.get(Comment, i)\n';
    expect((await findingsOfUsage(sdk))(blogKey).kind).toBe('unused');
    expect((await findingsOfUsage(sdk.replace('client.comments.create(body="x")', 'blog.comments.append(x)')))(blogKey)).toEqual({ kind: 'used', where: 'app/routes.py:5' });
  });

  it("takes a response model's field for a read of the collection only on the parent's own model, and nothing from commented-out code", async () => {
    const noLookup = 'from app.models import Comment\n\ndef get(db, i):\n    return db.get(Comment, i)\n';
    const schemas = (name: string) => `from pydantic import BaseModel\n\nclass ${name}(BaseModel):\n    id: int\n    comments: list[dict] = []\n`;
    const usage = async (files: Record<string, string>) => (await findKeyUsage(snapshot({ 'app/models.py': MODELS, 'app/routes.py': noLookup, ...files }), [blogKey]))(blogKey);
    expect(await usage({ 'app/schemas.py': schemas('BlogRead') })).toEqual({ kind: 'used', where: 'app/schemas.py:5' });
    // An export file's schema listing comments of every kind says nothing about loading a blog's comments.
    expect((await usage({ 'app/schemas.py': schemas('ExportFile') })).kind).toBe('unused');
    // A query in a comment runs nowhere.
    expect((await usage({ 'app/legacy.py': '# def old(db, blog_id):\n#     return db.query(Comment).filter(Comment.blog_id == blog_id).all()\n' })).kind).toBe('unused');
  });

  it("counts the parent's own method reading a relationship name another class also has (`self.comments` in Blog), not another class's", async () => {
    const noLookup = 'from app.models import Comment\n\ndef get(db, i):\n    return db.get(Comment, i)\n';
    const other = (reader: string) => `${MODELS}\n\nclass Post(Base):\n    __tablename__ = "posts"\n    id = Column(Integer, primary_key=True)\n    comments = relationship("Reply")\n\n${reader}`;
    const usage = async (models: string) => (await findKeyUsage(snapshot({ 'app/models.py': models, 'app/routes.py': noLookup }), [blogKey]))(blogKey);
    expect((await usage(other(''))).kind).toBe('unused');
    const inBlog = other('').replace('    comments = relationship("Comment", back_populates="blog")', '    comments = relationship("Comment", back_populates="blog")\n\n    def titles(self):\n        return [c.body for c in self.comments]');
    expect(await usage(inBlog)).toEqual({ kind: 'used', where: expect.stringMatching(/^app\/models\.py:\d+$/) });
    const inPost = other('').replace('    comments = relationship("Reply")', '    comments = relationship("Reply")\n\n    def titles(self):\n        return [c.body for c in self.comments]');
    expect((await usage(inPost)).kind).toBe('unused');
  });

  it('counts a delete-cascading collection when the application deletes a parent through the session', async () => {
    const cascading = MODELS.replace('relationship("Comment", back_populates="blog")', 'relationship("Comment", back_populates="blog", cascade="all, delete-orphan")');
    const service = (del: string, create = 'Comment(blog_id=blog.id, body=body)') => py`
      from app.models import Blog, Comment

      def add_comment(db, blog, body):
          db.add(${create})

      def remove(db, blog_id):
          blog = db.get(Blog, blog_id)
          ${del}
          db.commit()
    `;
    const usage = async (files: Record<string, string>) => (await findKeyUsage(snapshot({ 'app/models.py': cascading, ...files }), [blogKey]))(blogKey);
    // The session's cascade selects the comments of the blog by blog_id to delete them.
    expect(await usage({ 'app/services/blogs.py': service('db.delete(blog)') })).toEqual({ kind: 'used', where: 'app/services/blogs.py:8' });
    // A bulk delete skips the ORM cascade; an object of another class is not a blog; without the cascade nothing is loaded.
    expect((await usage({ 'app/services/blogs.py': service('db.query(Blog).filter(Blog.id == blog_id).delete()') })).kind).toBe('unused');
    expect((await usage({ 'app/services/blogs.py': service('db.delete(featured_blog)') })).kind).toBe('unused');
    const plain = await findKeyUsage(snapshot({ 'app/models.py': MODELS, 'app/services/blogs.py': service('db.delete(blog)') }), [blogKey]);
    expect(plain(blogKey).kind).toBe('unused');
    const passive = await findKeyUsage(snapshot({ 'app/models.py': cascading.replace('delete-orphan"', 'delete-orphan", passive_deletes=True'), 'app/services/blogs.py': service('db.delete(blog)') }), [blogKey]);
    expect(passive(blogKey).kind).toBe('unused');
  });

  it('takes no cascade evidence for a key the application never sets (a vestigial column)', async () => {
    const cascading = MODELS.replace('relationship("Comment", back_populates="blog")', 'relationship("Comment", back_populates="blog", cascade="all, delete-orphan")');
    const service = (create: string) => py`
      from app.models import Blog, Comment

      def add_comment(db, body):
          db.add(${create})

      def remove(db, blog_id):
          blog = db.get(Blog, blog_id)
          db.delete(blog)
    `;
    const usage = async (create: string) => (await findKeyUsage(snapshot({ 'app/models.py': cascading, 'app/services/blogs.py': service(create) }), [blogKey]))(blogKey);
    expect((await usage('Comment(body=body)  # blog_id=...')).kind).toBe('unused');
    // Set by the key, by the relationship, or possibly (a splat, a positional argument): the cascade counts.
    for (const create of ['Comment(body=body, blog_id=1)', 'Comment(body=body, blog=b)', 'Comment(**data)', 'Comment(body)']) {
      expect((await usage(create)).kind).toBe('used');
    }
  });

  it('filters by name only on a query of the same table', async () => {
    const supabase = [
      'def wallets(client, agent_id):',
      '    return client.table("wallets").select("*").eq("agent_id", agent_id).execute()',
      '',
      'def votes(client, vote_id):',
      '    return client.table("votes").select("*").eq("id", vote_id).execute()',
      '',
    ].join('\n');
    const key: KeyCandidate = { table: 'votes', column: 'agent_id', references: 'agents' };
    const usage = await findKeyUsage(snapshot({ 'app/db.py': supabase }), [key]);
    expect(usage(key).kind).toBe('unused');
    const filtered = await findKeyUsage(snapshot({ 'app/db.py': supabase.replace('.eq("id", vote_id)', '.eq("agent_id", vote_id)') }), [key]);
    expect(filtered(key)).toEqual({ kind: 'used', where: 'app/db.py:5' });
  });

  it('counts the filters of a generic repository (self.model, a filter dict by name) for every model it serves', async () => {
    const repo = (body: string) => `from sqlalchemy import select\n\nclass Repository:\n    def __init__(self, session, model):\n        self.session = session\n        self.model = model\n\n    def all(self, blog_id):\n${body}\n\nrepo = Repository(None, Comment)\n`;
    const attr = repo('        return self.session.scalars(select(self.model).where(self.model.blog_id == blog_id))');
    expect((await findingsOfUsage(attr))(blogKey)).toEqual({ kind: 'used', where: 'app/routes.py:9' });
    const byName = repo('        fltr = {}\n        fltr["blog_id"] = blog_id\n        return self.session.scalars(select(self.model).filter_by(**fltr))');
    expect((await findingsOfUsage(byName))(blogKey)).toEqual({ kind: 'used', where: 'app/routes.py:10' });
    expect((await findingsOfUsage(repo('        return self.session.scalars(select(self.model).filter_by(blog_id=blog_id))')))(blogKey).kind).toBe('used');
    // The same dict without a splatted filter is data, not a filter; another column is not this key.
    expect((await findingsOfUsage(byName.replace('filter_by(**fltr)', 'where(self.model.id > 0)')))(blogKey).kind).toBe('unused');
    expect((await findingsOfUsage(attr.replace('self.model.blog_id', 'self.model.body')))(blogKey).kind).toBe('unused');
  });

  it('takes no lookup in a script, a CLI or a backfill as evidence: an operator runs it now and then', async () => {
    const script = 'from sqlalchemy import select\n\ndef reset(db, blog_id):\n    return db.scalars(select(Comment).where(Comment.blog_id == blog_id))\n';
    const listing = 'from sqlalchemy import select\n\ndef recent(db):\n    return db.scalars(select(Comment).limit(20))\n';
    const usage = (files: Record<string, string>) => findKeyUsage(snapshot({ 'app/models.py': MODELS, 'app/routes.py': listing, ...files }), [blogKey]);
    expect((await usage({ 'scripts/reset_comments.py': script }))(blogKey).kind).toBe('unused');
    expect((await usage({ 'app/cli/backfill.py': script }))(blogKey).kind).toBe('unused');
    expect((await usage({ 'app/services/comments.py': script }))(blogKey)).toEqual({ kind: 'used', where: 'app/services/comments.py:4' });
  });

  it('knows a model whose class statement spans lines (black splits long base lists)', async () => {
    const models = `from sqlalchemy import Column, ForeignKey, Integer\nfrom app.db import Base, MetadataMixin, RecordModel\n\nclass Checkout(\n    MetadataMixin, RecordModel\n):\n    __tablename__ = "checkouts"\n    id = Column(Integer, primary_key=True)\n    customer_id = Column(Integer, ForeignKey("customers.id"))\n`;
    const routes = 'from sqlalchemy import select\n\ndef by_customer(c):\n    return select(Checkout).where(Checkout.customer_id == c)\n';
    const key: KeyCandidate = { table: 'checkouts', column: 'customer_id', references: 'customers' };
    const usage = await findKeyUsage(snapshot({ 'app/models.py': models, 'app/routes.py': routes }), [key]);
    expect(usage(key)).toEqual({ kind: 'used', where: 'app/routes.py:4' });
  });

  it('takes a generic repository attribute as a lookup only where it is compared, in a class serving this model or any', async () => {
    const sorted = `from sqlalchemy import select\n\nclass CommentRepository(Repository):\n    def sort_key(self, prop):\n        if prop == "blog":\n            return self.model.blog_id\n        return self.model.id\n\n    def all(self):\n        return select(Comment)\n`;
    expect((await findingsOfUsage(sorted))(blogKey).kind).toBe('unused');
    const other = (head: string) => `from sqlalchemy import select\n\n${head}\n    def by_blog(self, blog_id):\n        return select(self.model).where(self.model.blog_id == blog_id)\n\n    def all(self):\n        return select(Comment)\n`;
    // Another model's repository (declared by `model = ...` or a generic base) compares its own column of that name.
    expect((await findingsOfUsage(other('class PostRepository(Repository):\n    model = Post\n')))(blogKey).kind).toBe('unused');
    expect((await findingsOfUsage(other('class PostRepository(RepositoryBase[Post]):')))(blogKey).kind).toBe('unused');
    expect((await findingsOfUsage(other('class CommentRepository(Repository):\n    model = Comment\n')))(blogKey).kind).toBe('used');
    expect((await findingsOfUsage(other('class CommentRepository(RepositoryBase[Comment]):')))(blogKey).kind).toBe('used');
  });

  it('reads a many-to-many from the parent side only, and a shared collection name only on the parent', async () => {
    const models = py`
      from sqlalchemy import Column, ForeignKey, Integer, Table
      from sqlalchemy.orm import relationship
      from app.db import Base

      assoc_source_incidents = Table("assoc_source_incidents", Base.metadata, Column("source_id", ForeignKey("source.id")), Column("incident_id", ForeignKey("incident.id")))

      class Incident(Base):
          __tablename__ = "incident"
          id = Column(Integer, primary_key=True)

      class Source(Base):
          __tablename__ = "source"
          id = Column(Integer, primary_key=True)
          incidents = relationship("Incident", secondary=assoc_source_incidents, backref="sources")

      class Service(Base):
          __tablename__ = "service"
          id = Column(Integer, primary_key=True)
          sources = relationship("Source")
    `;
    const key: KeyCandidate = { table: 'assoc_source_incidents', column: 'incident_id', references: 'incident' };
    const usage = async (code: string) => (await findKeyUsage(snapshot({ 'app/models.py': models, 'app/flows.py': `from app.models import Source\n\n${code}\n` }), [key]))(key);
    // `source.incidents` loads the table by source_id: not a search by incident_id.
    expect((await usage('def f(source):\n    return source.incidents')).kind).not.toBe('used');
    // `sources` is also Service's relationship: `service.sources` and an enum member are not the incident's.
    expect((await usage('def f(service):\n    return service.sources + [Kind.sources]')).kind).not.toBe('used');
    expect(await usage('def f(db, incident):\n    return incident.sources')).toEqual({ kind: 'used', where: 'app/flows.py:4' });
  });

  it('takes no statement a migration runs once as a lookup (a backfill, a do block), and a function, view or policy it creates as one', async () => {
    const listing = 'from sqlalchemy import select\n\ndef recent(db):\n    return db.scalars(select(Comment).limit(20))\n';
    const usage = (files: Record<string, string>) => findKeyUsage(snapshot({ 'app/models.py': MODELS, 'app/routes.py': listing, ...files }), [blogKey]);
    const revision = (sql: string) => `from alembic import op\n\nrevision = "0002"\ndown_revision = "0001"\n\ndef upgrade():\n    op.execute("""\n${sql}\n""")\n`;
    const backfill = revision("UPDATE comments SET body = 'x' WHERE blog_id = 1 AND body IS NULL");
    expect((await usage({ 'alembic/versions/0002_backfill.py': backfill }))(blogKey).kind).toBe('unused');
    const doBlock = revision("DO $$ BEGIN UPDATE comments SET body = 'x' WHERE blog_id = 1; END $$;");
    expect((await usage({ 'alembic/versions/0002_backfill.py': doBlock }))(blogKey).kind).toBe('unused');
    const fn = revision('CREATE FUNCTION comments_of(b int) RETURNS SETOF comments AS $$ SELECT * FROM comments WHERE blog_id = b $$ LANGUAGE sql;');
    expect((await usage({ 'alembic/versions/0002_fn.py': fn }))(blogKey)).toEqual({ kind: 'used', where: 'alembic/versions/0002_fn.py:8' });
    const policy = 'create policy "Select comments of a blog" on public.comments for select using (blog_id = 1);';
    expect((await usage({ 'supabase/migrations/20250101000000_p.sql': policy }))(blogKey).kind).toBe('used');
    expect((await usage({ 'supabase/migrations/20250101000000_p.sql': 'update public.comments set body = null where blog_id = 1;' }))(blogKey).kind).toBe('unused');
  });

  it("takes no JavaScript arrow function's parameter for a filter by name (`ids.filter(blog_id => ...)`)", async () => {
    const listing = 'from sqlalchemy import select\n\ndef recent(db):\n    return db.scalars(select(Comment).limit(20))\n';
    const ui = 'export const pending = (ids: string[]) => ids.filter(blog_id => !seen[blog_id])\n';
    const usage = await findKeyUsage(snapshot({ 'app/models.py': MODELS, 'app/routes.py': listing, 'web/src/selectors.ts': ui }), [blogKey]);
    expect(usage(blogKey).kind).toBe('unused');
    const byName = 'from app.models import Comment\n\ndef of(db, b):\n    return db.query(Comment).filter_by(blog_id=b).all()\n';
    expect((await findKeyUsage(snapshot({ 'app/models.py': MODELS, 'app/routes.py': listing, 'app/q.py': byName }), [blogKey]))(blogKey).kind).toBe('used');
  });

  it('takes a comparison in SQL as evidence only in a statement on the same table', async () => {
    const sql = 'create table public.orders (id uuid primary key);\ncreate table public.items (\n  id bigint primary key,\n  order_id uuid references public.orders (id)\n);';
    const other = `${sql}\ncreate table public.refunds (id bigint primary key, order_id uuid);\ncreate policy "p" on public.refunds for select using (order_id = (select auth.uid()));`;
    const queried = { 'app/items.py': 'def get(client, i):\n    return client.table("items").select("*").eq("id", i).execute()\n' };
    expect(await sqlFindings('unindexed-foreign-key', [migration('20250101000000_a', other)], queried)).toEqual([]);
    const own = other.replace('on public.refunds', 'on public.items');
    expect(await sqlFindings('unindexed-foreign-key', [migration('20250101000000_a', own)], queried)).toHaveLength(1);
    // On the table, but the column compared is another table's (`r.order_id` of `from public.refunds r`).
    const joined = `${sql}\ncreate table public.refunds (id bigint primary key, order_id uuid);\ncreate policy "p" on public.items for select using (exists (select 1 from public.refunds r where r.order_id = (select auth.uid())));`;
    expect(await sqlFindings('unindexed-foreign-key', [migration('20250101000000_a', joined)], queried)).toEqual([]);
  });

  it('takes no NULL test as a lookup: a CHECK constraint on the key, a filter for rows without one', async () => {
    const sql = 'create table public.orders (id uuid primary key);\ncreate table public.items (\n  id bigint primary key,\n  kind text,\n  order_id uuid references public.orders (id),\n' +
      "  check ((kind = 'order' and order_id is not null) or (kind = 'loose' and order_id is null))\n);";
    const queried = {
      'app/items.py': 'def loose(conn):\n    return conn.execute(text("SELECT id FROM items WHERE kind = :k AND order_id IS NULL"), {"k": "loose"})\n',
    };
    expect(await sqlFindings('unindexed-foreign-key', [migration('20250101000000_a', sql)], queried)).toEqual([]);
  });

  it('takes no join to the parent as a lookup (the query starts from the child rows), and a join from the parent as one', async () => {
    const service = (join: string) => py`
      from sqlalchemy import select
      from app.models import Blog, Comment

      def listing(db, since):
          return db.scalars(
              select(Comment.id)
              ${join}
              .where(Comment.id > since)
              .limit(20)
          ).all()
    `;
    const usage = async (join: string) => (await findKeyUsage(snapshot({ 'app/models.py': MODELS, 'app/services/comments.py': service(join) }), [blogKey]))(blogKey).kind;
    expect(await usage('.join(Blog, Comment.blog_id == Blog.id)')).toBe('unused');
    expect(await usage('.outerjoin(Blog, onclause=Comment.blog_id == Blog.id)')).toBe('unused');
    expect(await usage('.join(Comment, Comment.blog_id == Blog.id)')).toBe('used');
    const sql = (join: string) => ({
      'app/models.py': MODELS,
      'app/report.py': `def report(conn):\n    return conn.execute(text("SELECT c.id FROM ${join} WHERE c.id > 10 LIMIT 20"))\n`,
    });
    expect((await findKeyUsage(snapshot(sql('comments c JOIN blogs b ON c.blog_id = b.id')), [blogKey]))(blogKey).kind).toBe('unused');
    expect((await findKeyUsage(snapshot(sql('blogs b JOIN comments c ON c.blog_id = b.id')), [blogKey]))(blogKey).kind).toBe('used');
  });

  it('takes SQL written in application code as evidence only in a statement on the same table', async () => {
    const sql = 'create table public.orders (id uuid primary key);\ncreate table public.items (\n  id bigint primary key,\n  order_id uuid references public.orders (id)\n);';
    const query = (table: string) => ({
      'app/items.py': 'def get(client, i):\n    return client.table("items").select("*").eq("id", i).execute()\n',
      'app/report.py': `def total(conn, o):\n    return conn.execute(text("""\n        SELECT count(*)\n        FROM ${table}\n        WHERE order_id = :o\n    """), {"o": o})\n`,
    });
    expect(await sqlFindings('unindexed-foreign-key', [migration('20250101000000_a', sql)], query('refunds'))).toEqual([]);
    const [f] = await sqlFindings('unindexed-foreign-key', [migration('20250101000000_a', sql)], query('items'));
    expect(f?.message).toContain('app/report.py:5');
  });

  it('is unknown, never unused, when a file failed to read, reads are budgeted, or nothing queries the table yet', async () => {
    const files = { 'app/models.py': MODELS, 'app/services/comments.py': 'from app.models import Comment\nx = Comment\n' };
    expect((await findKeyUsage(snapshot(files), [authorKey]))(authorKey).kind).toBe('unused');
    // A binary file is not code: it does not make the search incomplete.
    expect((await findKeyUsage(snapshot(files, [], ['static/logo.py']), [authorKey]))(authorKey).kind).toBe('unused');
    const unread = await findKeyUsage(snapshot(files, ['app/services/more.py']), [authorKey]);
    expect(unread(authorKey).kind).toBe('unknown');
    expect((await findKeyUsage(snapshot(files, [], [], true), [authorKey]))(authorKey).kind).toBe('unknown');
    const fresh = await findKeyUsage(snapshot({ 'app/models.py': MODELS }), [authorKey]);
    expect(fresh(authorKey).kind).toBe('unknown');
  });

  it('calls a key of a table nothing touches unused when the application uses most of the tables made after it', async () => {
    const migrations = {
      'db/migrations/001_init.sql': 'create table coupons (id int primary key, campaign_id int references campaigns (id));\ncreate policy "mine" on coupons using (campaign_id = 1);\n',
      'db/migrations/002_shop.sql': 'create table carts (id int primary key);\ncreate table lines (id int primary key);\ncreate table wishes (id int primary key);\n',
    };
    const key: KeyCandidate = { table: 'coupons', column: 'campaign_id', references: 'campaigns', later: ['carts', 'lines', 'wishes'] };
    const code = (tables: string[]) => Object.fromEntries(tables.map((t) => [`app/${t}.py`, `def all_${t}(client):\n    return client.table("${t}").select("*").execute()\n`]));
    const usage = async (files: Record<string, string>, c = key, failing: string[] = []) => (await findKeyUsage(snapshot({ ...migrations, ...files }, failing), [c]))(c).kind;
    // Its own policy comparing the key runs for no query: not a lookup.
    expect(await usage(code(['carts', 'lines']))).toBe('unused');
    // Half the later tables or fewer (the code may live elsewhere), no later tables (too new), a failed read: the
    // table is not known to be left behind, and its policy's comparison is a lookup as before.
    expect(await usage(code(['carts']))).toBe('used');
    expect(await usage(code(['carts', 'lines']), { ...key, later: [] })).toBe('used');
    expect(await usage(code(['carts', 'lines']), key, ['app/more.py'])).toBe('used');
    // Any code reaching the table (a select embedding it) makes its policy's comparison a lookup again.
    const embedded = { ...code(['carts', 'lines']), 'web/cart.ts': 'supabase.from("carts").select("id, coupons(id)")\n' };
    expect(await usage(embedded)).toBe('used');
  });
});

describe('foreign-key rules and key usage', () => {
  it('orm-unindexed-foreign-key: reports the key the app filters by, with where, and drops the one it never searches by', async () => {
    const service = 'from app.models import Comment\n\ndef comments_of(db, blog_id):\n    return db.query(Comment).filter_by(blog_id=blog_id).all()\n';
    const found = await pythonFindings('orm-unindexed-foreign-key', [{ path: 'app/models.py', head: MODELS }], { 'app/services/comments.py': service });
    expect(found.map((f) => f.message.match(/`Comment\.(\w+)`/)?.[1])).toEqual(['blog_id']);
    expect(found[0].message).toContain('Rows are looked up by it at `app/services/comments.py:4`');
  });

  it('unindexed-foreign-key: a policy or a supabase filter on the key is evidence; a table queried by other columns only is not', async () => {
    const sql = 'create table public.orders (id uuid primary key);\ncreate table public.items (\n  id bigint primary key,\n  order_id uuid references public.orders (id),\n  note text\n);';
    const byId = { 'app/items.py': 'def get(client, i):\n    return client.table("items").select("*").eq("id", i).execute()\n' };
    expect(await sqlFindings('unindexed-foreign-key', [migration('20250101000000_a', sql)], byId)).toEqual([]);
    const byOrder = { 'app/items.py': 'def of_order(client, o):\n    return client.table("items").select("*").eq("order_id", o).execute()\n' };
    const [f] = await sqlFindings('unindexed-foreign-key', [migration('20250101000000_a', sql)], byOrder);
    expect(f.message).toContain('looked up by it at `app/items.py:2`');
  });
});

describe('findKeyUsage: what every lookup also filters on', () => {
  const key: KeyCandidate = { table: 'votes', column: 'agent_id', references: 'agents' };
  const repo = [
    'from typing import Optional',
    '',
    'class Backend:',
    '    def list_votes(self, filters: Optional["VoteFilter"] = None):',
    '        query = self.client.table("votes").select("*")',
    '        if filters:',
    '            if filters.agent_id is not None:',
    '                query = query.eq("agent_id", str(filters.agent_id))',
    '            if filters.proposal_id is not None:',
    '                query = query.eq("proposal_id", str(filters.proposal_id))',
    '        return query.execute().data',
    '',
  ].join('\n');

  it('takes the filters the callers set with an optional filter', async () => {
    const caller = 'def voted(backend, a, p):\n    return backend.list_votes(VoteFilter(agent_id=a, proposal_id=p))\n';
    const usage = await findKeyUsage(snapshot({ 'app/backend.py': repo, 'app/api.py': caller }), [key]);
    expect(usage(key)).toEqual({ kind: 'used', where: 'app/backend.py:8', alongside: ['proposal_id'] });
    // A caller that searches by the key alone: the lookups are by the key.
    const alone = `${caller}\ndef of_agent(backend, a):\n    return backend.list_votes(VoteFilter(agent_id=a))\n`;
    expect((await findKeyUsage(snapshot({ 'app/backend.py': repo, 'app/api.py': alone }), [key]))(key)).toEqual({ kind: 'used', where: 'app/backend.py:8' });
  });

  it('takes an optional filter no caller sets as no lookup at all', async () => {
    const caller = 'def of_proposal(backend, p):\n    return backend.list_votes(VoteFilter(proposal_id=p))\n';
    expect((await findKeyUsage(snapshot({ 'app/backend.py': repo, 'app/api.py': caller }), [key]))(key)).toEqual({ kind: 'unused' });
  });

  it('takes a model attribute as a lookup only where it is compared: selected, counted, ordered or tested for NULL it looks nothing up', async () => {
    const listing = py`
      from sqlalchemy import and_, func, select
      from app.models import Comment

      def stats(db, org):
          unscoped = and_(Comment.blog_id.is_(None), Comment.body.is_(None))
          counts = select(Comment.body, func.count(func.distinct(Comment.blog_id))).where(Comment.body == org)
          return db.execute(counts.order_by(Comment.blog_id)).all(), unscoped
    `;
    expect((await findingsOfUsage(listing))(blogKey)).toEqual({ kind: 'unused' });
    const joined = listing.replace('return db.execute', 'rows = db.query(Blog).join(Comment, Blog.id == Comment.blog_id).all()\n    return db.execute');
    expect((await findingsOfUsage(joined))(blogKey)).toMatchObject({ kind: 'used', where: 'app/routes.py:7' });
  });

  it('takes the other keywords of filter_by', async () => {
    const likes = 'def liked(db, blog_id, user_id):\n    return db.query(BlogLike).filter_by(blog_id=blog_id, user_id=user_id).first()\n';
    const userKey: KeyCandidate = { table: 'blog_likes', column: 'user_id', references: 'users', classes: ['BlogLike'] };
    const usage = await findKeyUsage(snapshot({ 'app/likes.py': likes }), [userKey]);
    expect(usage(userKey)).toEqual({ kind: 'used', where: 'app/likes.py:2', alongside: ['blog_id'] });
  });

  it("reads a bracketed query as its own statement, never with the previous function's filters", async () => {
    const tasks = py`
      class TaskRepository:
          async def get_task(self, task_id, user_id):
              query = select(Task).where(Task.id == task_id, Task.user_id == user_id)
              return (await self.session.exec(query)).one()

          async def tasks_of(self, user_id):
              query = (
                  select(Task).where(Task.user_id == user_id).order_by(col(Task.id).desc())
              )
              return (await self.session.exec(query)).all()
    `;
    const key: KeyCandidate = { table: 'tasks', column: 'user_id', references: 'users', classes: ['Task'] };
    const usage = await findKeyUsage(snapshot({ 'app/tasks.py': tasks }), [key]);
    // The listing filters by the key alone: no other index serves it.
    expect(usage(key)).toEqual({ kind: 'used', where: 'app/tasks.py:3' });
  });
});

describe('unindexed-foreign-key and a lookup another index serves', () => {
  const schema = 'create table public.agents (id uuid primary key);\ncreate table public.proposals (id uuid primary key);\n';
  const votes = (index: string) => `create table public.votes (id uuid primary key, agent_id uuid references public.agents (id), proposal_id uuid references public.proposals (id));\n${index}`;
  const caller = 'def voted(backend, a, p):\n    return backend.list_votes(VoteFilter(agent_id=a, proposal_id=p))\n';
  const files = { 'app/backend.py': [
    'from typing import Optional', '', 'class Backend:', '    def list_votes(self, filters: Optional["VoteFilter"] = None):',
    '        query = self.client.table("votes").select("*")', '        if filters.agent_id is not None:', '            query = query.eq("agent_id", str(filters.agent_id))',
    '        if filters.proposal_id is not None:', '            query = query.eq("proposal_id", str(filters.proposal_id))', '        return query.execute().data', '',
  ].join('\n'), 'app/api.py': caller };

  it('reports nothing on a key only looked up with a column an index leads with', async () => {
    const found = await sqlFindings('unindexed-foreign-key', [migration('20250101000000_votes', schema + votes('create index on public.votes (proposal_id, agent_id);'))], files);
    expect(found).toEqual([]);
  });

  it('keeps the sibling key that the lookups need, and reports the key looked up on its own', async () => {
    const found = await sqlFindings('unindexed-foreign-key', [migration('20250101000000_votes', schema + votes(''))], files);
    // Neither is indexed: the first declared is reported, the other is served by its index.
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('votes.agent_id');
    const alone = { ...files, 'app/api.py': `${caller}\ndef of_proposal(backend, p):\n    return backend.list_votes(VoteFilter(proposal_id=p))\n` };
    const both = await sqlFindings('unindexed-foreign-key', [migration('20250101000000_votes', schema + votes(''))], alone);
    // proposal_id is searched on its own: it is reported, and serves agent_id's lookups.
    expect(both.map((f) => /votes\.(\w+)/.exec(f.message)?.[1])).toEqual(['proposal_id']);
  });
});

describe('findKeyUsage: the whole statement and every filter form a lookup shares', () => {
  const partKey: KeyCandidate = { table: 'participants', column: 'user_id', references: 'users', classes: ['Participant'] };

  it('reads a comparison on its own line inside a multi-line where as part of the whole query', async () => {
    const queries = py`
      from sqlalchemy import select
      from app.models import Case, Participant

      def read_at(user_id):
          return (
              select(Participant.last_read_at)
              .where(
                  Participant.case_id == Case.id,
                  Participant.user_id == user_id,
                  Participant.deleted_at.is_(None),
              )
              .scalar_subquery()
          )
    `;
    const usage = await findKeyUsage(snapshot({ 'app/queries.py': queries }), [partKey]);
    expect(usage(partKey)).toEqual({ kind: 'used', where: 'app/queries.py:9', alongside: ['case_id', 'deleted_at'] });
  });

  it("takes an incremental builder's filters for an or_ on its own line, and no alternative of the or_", async () => {
    const codeKey: KeyCandidate = { table: 'codes', column: 'run_id', references: 'runs', classes: ['Code'] };
    const repo = (alternative: string) => py`
      from sqlalchemy import or_, select
      from app.models import Code

      async def codes(session, org_id, run_id=None):
          query = select(Code).filter_by(org_id=org_id).filter(Code.created_at > 0)
          if run_id is not None:
              query = query.filter(
                  or_(Code.run_id == run_id, ${alternative})
              )
          return (await session.scalars(query)).all()
    `;
    const usage = await findKeyUsage(snapshot({ 'app/codes.py': repo('Code.run_id.is_(None)') }), [codeKey]);
    expect(usage(codeKey)).toEqual({ kind: 'used', where: 'app/codes.py:8', alongside: ['org_id'] });
    // `run_id = r OR kind = k` is no filter on kind.
    const either = await findKeyUsage(snapshot({ 'app/codes.py': repo('Code.kind == "x"') }), [codeKey]);
    expect(either(codeKey)).toEqual({ kind: 'used', where: 'app/codes.py:8', alongside: ['org_id'] });
  });

  it('reads postgrest filter("col", "eq", v) and match({...}), and a builder filtered in place', async () => {
    const key: KeyCandidate = { table: 'integrations_user', column: 'user_id', references: 'users' };
    const repo = py`
      class IntegrationBrain:
          def get(self, brain_id, user_id=None):
              query = (
                  self.db.table("integrations_user")
                  .select("*")
                  .filter("brain_id", "eq", brain_id)
              )
              if user_id:
                  query.filter("user_id", "eq", user_id)
              return query.execute()

          def delete(self, brain_id, user_id):
              self.db.table("integrations_user").delete().filter(
                  "brain_id", "eq", str(brain_id)
              ).filter("user_id", "eq", str(user_id)).execute()

          def find(self, brain_id, user_id):
              return self.db.table("integrations_user").select("*").match({"user_id": user_id, "brain_id": brain_id}).execute()
    `;
    const usage = await findKeyUsage(snapshot({ 'app/integrations.py': repo }), [key]);
    expect(usage(key)).toEqual({ kind: 'used', where: 'app/integrations.py:9', alongside: ['brain_id'] });
    // One lookup by the key alone: no other column is shared.
    const alone = `${repo}\n    def of_user(self, user_id):\n        return self.db.table("integrations_user").select("*").filter("user_id", "eq", user_id).execute()\n`;
    expect((await findKeyUsage(snapshot({ 'app/integrations.py': alone }), [key]))(key)).toEqual({ kind: 'used', where: 'app/integrations.py:9' });
  });

  it('takes a dict of the key as a filter only where it is splatted into filter_by on a query of this table', async () => {
    const runKey: KeyCandidate = { table: 'tag_events', column: 'run_id', references: 'runs', classes: ['TagEvent'] };
    const runs = py`
      from sqlalchemy import select
      from app.models import Run, TagEvent

      class Runs:
          async def create(self, org_id, run_id=None):
              kwargs = {}
              if run_id is not None:
                  kwargs["run_id"] = run_id
              return Run(org_id=org_id, **kwargs)

          async def save(self, run_id, value):
              log(context={"run_id": run_id, "value": value})

          async def last(self, **filters):
              return await self.session.scalar(select(Run).filter_by(**filters))

          async def tags(self, org_id):
              return await self.session.scalars(select(TagEvent).where(TagEvent.org_id == org_id))
    `;
    expect((await findKeyUsage(snapshot({ 'app/runs.py': runs }), [runKey]))(runKey)).toEqual({ kind: 'unused' });
    // The same dict splatted into a query of this table is a lookup by the key.
    const own = runs.replace('select(Run).filter_by(**filters)', 'select(TagEvent).filter_by(**fltr)').replace('async def last(self, **filters):', 'async def last(self, run_id):\n        fltr = {"run_id": run_id}');
    expect((await findKeyUsage(snapshot({ 'app/runs.py': own }), [runKey]))(runKey)).toEqual({ kind: 'used', where: 'app/runs.py:15' });
  });

  it("takes the keys a generic repository's filter builder sets, when a query of the repository splats what it returns", async () => {
    const groupKey: KeyCandidate = { table: 'comments', column: 'group_id', references: 'groups', classes: ['Comment'] };
    const generic = (splat: string) => py`
      from sqlalchemy import select

      class RepositoryGeneric:
          def __init__(self, session, model, group_id=None):
              self.session = session
              self.model = model
              self.group_id = group_id

          def _filter_builder(self, **kwargs) -> dict:
              dct = {}
              if self.group_id:
                  dct["group_id"] = self.group_id
              return {**dct, **kwargs}

          def get_all(self, limit=None):
              fltr = self._filter_builder()
              return self.session.execute(select(self.model).${splat}.limit(limit)).scalars().all()
    `;
    const usage = async (splat: string) => (await findKeyUsage(snapshot({ 'app/models.py': MODELS.replace('author_id = Column', 'group_id = Column(Integer, ForeignKey("groups.id"))\n    author_id = Column'), 'app/repos/generic.py': generic(splat) }), [groupKey]))(groupKey);
    expect(await usage('filter_by(**fltr)')).toEqual({ kind: 'used', where: 'app/repos/generic.py:12' });
    expect((await usage('filter_by(**{})')).kind).not.toBe('used');
  });
});

describe('unindexed-foreign-key: lookups another index serves, a partial one only when they satisfy its predicate', () => {
  const schema = (index: string) =>
    'create table public.orgs (id uuid primary key);\ncreate table public.runs (id uuid primary key);\n' +
    'create table public.codes (id uuid primary key, org_id uuid not null references public.orgs (id), run_id uuid references public.runs (id), status text, deleted_at timestamptz, created_at timestamptz);\n' +
    `create index codes_org_id_idx on public.codes (org_id) ${index};\n`;
  const models = py`
    from app.db import Base

    class Code(Base):
        __tablename__ = "codes"
  `;
  const repo = (extra = '') => py`
    from sqlalchemy import select
    from app.models import Code

    async def codes(session, org_id, run_id):
        query = (
            select(Code)
            .where(
                Code.org_id == org_id,
                Code.run_id == run_id,
                Code.deleted_at.is_(None),
            )
        )
        return (await session.scalars(query)).all()
    ${extra}
  `;
  const files = (extra?: string) => ({ 'app/models.py': models, 'app/codes.py': repo(extra) });
  const keysOf = async (index: string, extra?: string) =>
    (await sqlFindings('unindexed-foreign-key', [migration('20250101000000_codes', schema(index))], files(extra))).map((f) => /codes\.(\w+)/.exec(f.message)?.[1]);

  it('reports nothing on a key every lookup of which also filters on a column a full index leads with', async () => {
    expect(await keysOf('')).toEqual([]);
  });

  it('still reports the key when one lookup is by the key alone', async () => {
    const alone = '\nasync def of_run(session, run_id):\n    return (await session.scalars(select(Code).where(Code.run_id == run_id))).all()\n';
    expect(await keysOf('', alone)).toEqual(['run_id']);
  });

  it('takes a partial index whose predicate the lookups satisfy (soft delete, a NOT NULL on a compared column), and no other', async () => {
    expect(await keysOf('where deleted_at is null')).toEqual([]);
    expect(await keysOf('where deleted_at is null and run_id is not null')).toEqual([]);
    // `status = 'active'` may leave out the rows the lookups find: the index does not serve them.
    expect(await keysOf("where status = 'active'")).toEqual(['run_id']);
  });
});
