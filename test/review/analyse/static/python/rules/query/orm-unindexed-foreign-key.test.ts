import { findingsOf, linesOf, py } from '../../review-python.js';
import { analysePython } from '../../../../../../../src/review/analyse/static/python/index.js';
import { defaultSettings } from '../../../../../../../src/config/repo-config.js';
import { silentLog } from '../../../../../../../src/domain/logger.js';
import type { RepoSnapshot } from '../../../../../../../src/domain/types.js';
import { makeChangeSet } from '../../../../../../helpers/change-set.js';

const RULE = 'orm-unindexed-foreign-key';

describe(RULE, () => {
  it('flags SQLAlchemy and SQLModel foreign keys declared without an index', async () => {
    const src = py`
      import uuid
      from sqlalchemy import Column, ForeignKey, Integer, String
      from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
      from sqlmodel import Field, SQLModel

      class Base(DeclarativeBase):
          pass

      class Review(Base):
          __tablename__ = "reviews"
          id: Mapped[int] = mapped_column(primary_key=True)
          book_id: Mapped[int] = mapped_column(ForeignKey("books.id"), nullable=False)
          author_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"))
          body: Mapped[str] = mapped_column(String)

      class Note(SQLModel, table=True):
          id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
          owner_id: uuid.UUID = Field(foreign_key="user.id", nullable=False, ondelete="CASCADE")
    `;
    const found = await findingsOf(RULE, [{ path: 'app/models.py', head: src }]);
    expect(found.map((f) => f.line)).toEqual([12, 13, 18]);
    expect(found[0].message).toContain('`Review.book_id` references `books`');
    expect(found[0].message).toContain('index=True');
  });

  it('reads a column a `@declared_attr` method declares, as SQLAlchemy maps it on the class', async () => {
    const src = py`
      import sqlalchemy as sa
      from sqlalchemy.orm import declarative_base, declared_attr

      Base = declarative_base()

      class Run(Base):
          __tablename__ = "run"
          id = sa.Column(sa.Integer, primary_key=True)

          @declared_attr
          def document_id(cls):
              """The document the run was started from."""
              return sa.Column(
                  sa.Integer,
                  sa.ForeignKey("document.id", ondelete="CASCADE"),
                  index=False,
              )

          @declared_attr
          def parent_id(cls):
              return sa.Column(sa.Integer, sa.ForeignKey("run.id"), index=True)

    `;
    const found = await findingsOf(RULE, [{ path: 'app/models.py', head: src }]);
    expect(found.map((f) => f.line)).toEqual([13]);
    expect(found[0].message).toContain('`Run.document_id` references `document`');
  });

  it('does not flag indexed, key, unique or index-led columns, models of a data migration, nor unchanged lines', async () => {
    const src = py`
      from sqlalchemy import Column, ForeignKey, Index, Integer, PrimaryKeyConstraint, UniqueConstraint
      from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
      from sqlmodel import Field, SQLModel

      class Base(DeclarativeBase):
          pass

      class Membership(Base):
          __tablename__ = "memberships"
          __table_args__ = (
              UniqueConstraint("team_id", "user_id"),
              Index("ix_memberships_user_role", "user_id", "role"),
          )
          id: Mapped[int] = mapped_column(primary_key=True)
          team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
          user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
          role: Mapped[str]

      class Tagging(Base):
          __tablename__ = "taggings"
          __table_args__ = (PrimaryKeyConstraint("post_id", "tag_id"),)
          post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
          tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id"), index=True)

      class Admin(Base):
          __tablename__ = "admins"
          id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
          profile_id = Column(Integer, ForeignKey("profiles.id"), unique=True)
          org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"))

      Index("ix_admins_org", Admin.org_id)

      class Item(SQLModel, table=True):
          id: int | None = Field(default=None, primary_key=True)
          owner_id: int = Field(foreign_key="user.id", index=True)

      class ItemCreate(SQLModel):
          owner_id: int = Field(foreign_key="user.id")
    `;
    expect(await linesOf(RULE, 'app/models.py', src)).toEqual([]);
    const base = py`
      from sqlalchemy import ForeignKey
      from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

      class Base(DeclarativeBase):
          pass

      class Review(Base):
          __tablename__ = "reviews"
          id: Mapped[int] = mapped_column(primary_key=True)
          book_id: Mapped[int] = mapped_column(ForeignKey("books.id"))
    `;
    const dataMigration = py`
      from alembic import op
      from sqlalchemy import Column, ForeignKey, Integer
      from sqlalchemy.orm import declarative_base

      revision = "c3"
      down_revision = "c2"
      Base = declarative_base()

      class Instance(Base):
          __tablename__ = "instance"
          id = Column(Integer, primary_key=True)
          plugin_id = Column(Integer, ForeignKey("plugin.id"))
    `;
    expect(await linesOf(RULE, 'app/db/revisions/versions/c3_fix.py', dataMigration)).toEqual([]);
    // The same models in a module of their own beside the migrations (the frozen snapshot data migrations import):
    // old tables, not the app's schema. Elsewhere they are the app's models.
    const snapshot = dataMigration.replace(/^(from alembic import op|revision = .*|down_revision = .*)\n/gm, '');
    expect(await linesOf(RULE, 'api/databases/postgres/migrations/core/deprecated_models.py', snapshot)).toEqual([]);
    expect(await linesOf(RULE, 'api/app/models/instance.py', snapshot)).toEqual([9]);
    const head = base + '    stars: Mapped[int]\n';
    expect(await linesOf(RULE, 'app/models.py', head, {}, base)).toEqual([]);
  });

  describe('next to the migrations of the same change', () => {
    const MODEL = py`
      from sqlalchemy import ForeignKey
      from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

      class Base(DeclarativeBase):
          pass

      class Review(Base):
          __tablename__ = "reviews"
          id: Mapped[int] = mapped_column(primary_key=True)
          book_id: Mapped[int] = mapped_column(ForeignKey("books.id"))
    `;
    const revision = (id: string, upgrade: string, down = 'None') => py`
      import sqlalchemy as sa
      from alembic import op

      revision = "${id}"
      down_revision = ${down}

      def upgrade():
      ${upgrade}
    `;

    it('leaves the foreign key to the migration that declares it, or that indexes the column', async () => {
      const creates = revision('a1', `    op.create_table("reviews", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("book_id", sa.Integer(), sa.ForeignKey("books.id")))`, '"a0"');
      const found = await findingsOf(RULE, [{ path: 'app/models.py', head: MODEL }, { path: 'alembic/versions/a1_reviews.py', head: creates }], {
        'alembic/versions/a0_books.py': revision('a0', '    op.create_table("books", sa.Column("id", sa.Integer(), primary_key=True))'),
      });
      expect(found).toEqual([]);
      const indexes = revision('a2', '    op.create_index("ix_reviews_book_id", "reviews", ["book_id"])');
      expect(await findingsOf(RULE, [{ path: 'app/models.py', head: MODEL }, { path: 'alembic/versions/a2_index.py', head: indexes }])).toEqual([]);
    });

    it('reports a mixin\'s key on the mixin, naming the tables of the models that use it', async () => {
      const model = py`
        import sqlalchemy as sa
        from sqlalchemy.orm import declarative_base, declared_attr

        Base = declarative_base()

        class HookBase:
            @declared_attr
            def policy_id(cls):
                return sa.Column(sa.Integer, sa.ForeignKey("policy.id"), nullable=False)

        class PreHook(HookBase, Base):
            __tablename__ = "pre_hook"
            id = sa.Column(sa.Integer, primary_key=True)

        class PostHook(HookBase, Base):
            __tablename__ = "post_hook"
            id = sa.Column(sa.Integer, primary_key=True)
      `;
      const index = (table: string) => `    op.create_index("ix_${table}_policy_id", "${table}", ["policy_id"])`;
      const [f] = await findingsOf(RULE, [{ path: 'app/models.py', head: model }, { path: 'alembic/versions/b1_index.py', head: revision('b1', index('pre_hook')) }]);
      expect(f.message).toContain('each table of the models that use `HookBase` (`pre_hook`, `post_hook`)');
    });

    it('matches a table named by a declared_attr base (CamelCase -> snake_case) and names the class otherwise', async () => {
      const model = py`
        from sqlalchemy import Column, ForeignKey, Integer
        from app.database import Base

        class IncidentReport(Base):
            id = Column(Integer, primary_key=True)
            plugin_id = Column(Integer, ForeignKey("plugin.id"))
      `;
      const creates = revision('b1', `    op.create_table("incident_report", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("plugin_id", sa.Integer(), sa.ForeignKey("plugin.id")))`);
      expect(await findingsOf(RULE, [{ path: 'app/models.py', head: model }, { path: 'alembic/versions/b1_reports.py', head: creates }])).toEqual([]);
      const [alone] = await findingsOf(RULE, [{ path: 'app/models.py', head: model }]);
      expect(alone.message).toContain('scan all of the `IncidentReport` table');
    });

    it('leaves a key the migrations build as a plain column (no foreign key in the database), not one they have not built yet', async () => {
      const plain = revision('a4', `    op.create_table("reviews", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("book_id", sa.Integer()))`);
      expect(await findingsOf(RULE, [{ path: 'app/models.py', head: MODEL }, { path: 'alembic/versions/a4_reviews.py', head: plain }])).toEqual([]);
      const without = revision('a5', `    op.create_table("reviews", sa.Column("id", sa.Integer(), primary_key=True))`);
      expect(await findingsOf(RULE, [{ path: 'app/models.py', head: MODEL }, { path: 'alembic/versions/a5_reviews.py', head: without }])).toHaveLength(1);
    });

    it('still reports the model when the new migration is about something else', async () => {
      const other = revision('a3', '    op.create_table("tags", sa.Column("id", sa.Integer(), primary_key=True))');
      const found = await findingsOf(RULE, [{ path: 'app/models.py', head: MODEL }, { path: 'alembic/versions/a3_tags.py', head: other }]);
      expect(found.map((f) => f.line)).toEqual([10]);
    });

    describe('with no migration in the change, against the schema the existing migrations build', () => {
      const books = { 'alembic/versions/c0_books.py': revision('c0', '    op.create_table("books", sa.Column("id", sa.Integer(), primary_key=True))') };
      const keyed = revision('c1', `    op.create_table("reviews", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("book_id", sa.Integer(), sa.ForeignKey("books.id")))`, '"c0"');
      const plain = keyed.replace(', sa.ForeignKey("books.id")', '');
      const later = (upgrade: string) => ({ 'alembic/versions/c2_later.py': revision('c2', upgrade, '"c1"') });
      const review = (others: Record<string, string>) => findingsOf(RULE, [{ path: 'app/models.py', head: MODEL }], { ...books, ...others });

      it('leaves a model whose table a later migration drops, and reports it while the table stands or once it is made again', async () => {
        expect(await review({ 'alembic/versions/c1_reviews.py': keyed, ...later('    op.drop_table("reviews")') })).toEqual([]);
        expect(await review({ 'alembic/versions/c1_reviews.py': keyed })).toHaveLength(1);
        // The drop in the change itself (the model outlives its table).
        const dropping = [{ path: 'app/models.py', head: MODEL }, { path: 'alembic/versions/c2_later.py', head: later('    op.drop_table("reviews")')['alembic/versions/c2_later.py'] }];
        expect(await findingsOf(RULE, dropping, { ...books, 'alembic/versions/c1_reviews.py': keyed })).toEqual([]);
        const remade = { 'alembic/versions/c3_reviews_again.py': keyed.replace('"c1"', '"c3"').replace('"c0"', '"c2"') };
        expect(await review({ 'alembic/versions/c1_reviews.py': keyed, ...later('    op.drop_table("reviews")'), ...remade })).toHaveLength(1);
      });

      it('leaves a key the migrations build as a plain column, and reports it when a later operation the replay cannot read may have added it', async () => {
        expect(await review({ 'alembic/versions/c1_reviews.py': plain })).toEqual([]);
        expect(await review({ 'alembic/versions/c1_reviews.py': plain, ...later('    op.execute(STATEMENTS)') })).toHaveLength(1);
      });

      it('keeps reporting when a migration could not be read or the reads are budgeted (the schema is then unknown)', async () => {
        const others = { ...books, 'alembic/versions/c1_reviews.py': keyed, ...later('    op.drop_table("reviews")') };
        const { changeSet, repo } = makeChangeSet([{ path: 'app/models.py', head: MODEL }], others);
        const run = async (snapshot: RepoSnapshot) =>
          (await analysePython({ changeSet, repo: snapshot, settings: defaultSettings(), log: silentLog, previous: [] })).findings.filter((f) => f.rule === RULE);
        expect(await run(repo)).toEqual([]);
        const unread = { ...repo, listPaths: async () => [...(await repo.listPaths()), 'alembic/versions/c3_unread.py'], readText: (p: string) => repo.readText(p) };
        expect(await run(unread)).toHaveLength(1);
        expect(await run({ ...repo, listPaths: () => repo.listPaths(), readText: (p: string) => repo.readText(p), budgeted: true })).toHaveLength(1);
      });
    });
  });

  it('does not flag a mixin key that every model using the mixin indexes, and flags it when one does not', async () => {
    const mixins = py`
      from sqlalchemy import ForeignKey, String
      from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

      class Base(DeclarativeBase):
          pass

      class FileMixin(Base):
          __abstract__ = True
          file_id: Mapped[str] = mapped_column(String, ForeignKey("files.id", ondelete="CASCADE"))
    `;
    const models = (second: string) => py`
      from sqlalchemy import Index, String
      from sqlalchemy.orm import Mapped, mapped_column
      from app.mixins import FileMixin

      class SourcePassage(FileMixin):
          __tablename__ = "source_passages"
          id: Mapped[str] = mapped_column(String, primary_key=True)
          __table_args__ = (Index("source_passages_file_id_idx", "file_id"),)

      class FileChunk(FileMixin):
          __tablename__ = "file_chunks"
          id: Mapped[str] = mapped_column(String, primary_key=True)
          ${second}
    `;
    const changed = (second: string) => [{ path: 'app/mixins.py', head: mixins }, { path: 'app/models.py', head: models(second) }];
    expect(await findingsOf(RULE, changed('__table_args__ = (Index("file_chunks_file_idx", "file_id", "id"),)'))).toEqual([]);
    expect((await findingsOf(RULE, changed('__table_args__ = (Index("file_chunks_id_idx", "id", "file_id"),)'))).map((f) => `${f.path}:${f.line}`)).toEqual(['app/mixins.py:9']);
  });

  it('does not flag audit columns or keys to small lookup tables, which nothing filters or deletes by', async () => {
    const src = py`
      from sqlalchemy import ForeignKey
      from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

      class Base(DeclarativeBase):
          pass

      class Incident(Base):
          __tablename__ = "incidents"
          id: Mapped[int] = mapped_column(primary_key=True)
          created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
          incident_type_id: Mapped[int] = mapped_column(ForeignKey("incident_type.id"))
          email_template_id: Mapped[int] = mapped_column(ForeignKey("email_template.id"))
          project_id: Mapped[int] = mapped_column(ForeignKey("project.id"))
    `;
    expect(await linesOf(RULE, 'app/models.py', src)).toEqual([13]);
  });

  it('leaves a model in an existing module nothing imports or names (a leftover), not one the change adds or the app imports', async () => {
    const base = py`
      from sqlalchemy import ForeignKey
      from sqlalchemy.orm import Mapped, mapped_column
      from app.db import Base

      class Invitation(Base):
          __tablename__ = "invitations"
          id: Mapped[int] = mapped_column(primary_key=True)
    `;
    const head = base + '    brain_id: Mapped[int] = mapped_column(ForeignKey("brains.id"))\n';
    const others = { 'app/db.py': 'from sqlalchemy.orm import DeclarativeBase\n\nclass Base(DeclarativeBase):\n    pass\n' };
    expect(await findingsOf(RULE, [{ path: 'app/old_repository.py', base, head }], others)).toEqual([]);
    expect(await findingsOf(RULE, [{ path: 'app/old_repository.py', head }], others)).toHaveLength(1);
    const imported = { ...others, 'app/main.py': 'from app.old_repository import Invitation\n' };
    expect(await findingsOf(RULE, [{ path: 'app/old_repository.py', base, head }], imported)).toHaveLength(1);
  });
});
