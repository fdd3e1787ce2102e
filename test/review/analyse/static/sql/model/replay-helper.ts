import { loadPgParser } from '../../../../../../src/review/analyse/static/parsers/pg-parser.js';
import { replay } from '../../../../../../src/review/analyse/static/sql/model/replay.js';
import type { SchemaModel } from '../../../../../../src/review/analyse/static/sql/model/types.js';
import { buildStatements } from '../../../../../../src/review/analyse/static/sql/statements/build-statements.js';
import { fileSource } from '../../../../../../src/review/analyse/static/sql/source/sql-source.js';

/** Replays SQL files (in the order given) into a schema model. */
export async function modelOf(...files: string[]): Promise<SchemaModel> {
  const parser = await loadPgParser();
  const sources = files.map((sql, i) => fileSource(`m/${i}.sql`, sql));
  return replay(buildStatements({ parser, sources, added: new Map() }).statements);
}
