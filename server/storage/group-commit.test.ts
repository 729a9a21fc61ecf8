import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../db';
import { inGroupCommit } from './group-commit';

describe('inGroupCommit', () => {
  let dir: string;
  let db: Db;
  /** A second connection: it sees only what was committed. */
  let outside: Database.Database;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-group-'));
    db = openDb(path.join(dir, 'test.sqlite'));
    db.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
      CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);`);
    outside = new Database(path.join(dir, 'test.sqlite'), { readonly: true });
  });
  afterEach(() => {
    outside.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const insert = (id: number) => db.prepare('INSERT INTO parent (id) VALUES (?)').run(id);
  const committedIds = () => outside.prepare('SELECT id FROM parent ORDER BY id').pluck().all();

  it('commits the writes queued in one turn together, each seeing the ones before it, and resolves after the commit', async () => {
    const seenBySecond: unknown[] = [];
    const first = inGroupCommit(db, () => insert(1).changes);
    const second = inGroupCommit(db, () => {
      seenBySecond.push(db.prepare('SELECT COUNT(*) FROM parent').pluck().get(), committedIds());
      return insert(2).changes;
    });
    expect(committedIds()).toEqual([]);

    expect(await Promise.all([first, second])).toEqual([1, 1]);
    // Inside the shared transaction the second saw the first's row, which was not yet committed.
    expect(seenBySecond).toEqual([1, []]);
    expect(committedIds()).toEqual([1, 2]);
  });

  it('undoes and rejects only the write that throws; the others are committed', async () => {
    const results = await Promise.allSettled([
      inGroupCommit(db, () => insert(1)),
      inGroupCommit(db, () => {
        insert(2);
        throw new Error('refused');
      }),
      inGroupCommit(db, () => insert(3)),
    ]);

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(committedIds()).toEqual([1, 3]);
  });

  it('rejects every write of the batch and keeps none when the commit itself fails', async () => {
    const results = await Promise.allSettled([
      inGroupCommit(db, () => insert(1)),
      // A deferred foreign key is checked at COMMIT: the whole transaction fails there.
      inGroupCommit(db, () => db.prepare('INSERT INTO child (id, parent_id) VALUES (1, 99)').run()),
    ]);

    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(committedIds()).toEqual([]);
    expect(db.inTransaction).toBe(false);
  });

  it('runs writes queued in a later turn in a transaction of their own', async () => {
    await inGroupCommit(db, () => insert(1));
    expect(committedIds()).toEqual([1]);
    await inGroupCommit(db, () => insert(2));
    expect(committedIds()).toEqual([1, 2]);
  });
});
