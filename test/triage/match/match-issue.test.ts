import { matchIssue } from '../../../src/triage/match/match-issue.js';
import { readRequest } from '../../../src/triage/match/read-request.js';
import { nameParts, plural, singular, stem, tokens } from '../../../src/triage/match/words.js';
import type { GroundRoute, GroundTable } from '../../../src/triage/grounding/types.js';

const table = (name: string, columns: string[] = ['id'], model?: string): GroundTable => ({ key: `public.${name}`, schema: 'public', name, columns: columns.map((c) => ({ name: c, type: 'text', notNull: false })), ownerColumns: [], rls: true, policies: [], indexes: [], uniques: [], path: 'm.sql', line: 1, origin: 'migration', model });
const route = (method: string, path: string): GroundRoute => ({ method, path, file: 'app/r.py', line: 1, handler: 'h', dependencies: [], authenticated: true, requestModels: [] });

describe('words', () => {
  it('meets table names in the singular and the plural', () => {
    expect(['lessons', 'categories', 'boxes', 'statuses', 'classes', 'staff', 'people'].map(singular)).toEqual(['lesson', 'category', 'box', 'status', 'class', 'staff', 'person']);
    expect(['lesson', 'category', 'box', 'staff', 'person'].map(plural)).toEqual(['lessons', 'categories', 'boxes', 'staff', 'people']);
    expect(nameParts('OrderItem')).toEqual(['order', 'item']);
    expect(nameParts('/order-items/{id}')).toEqual(['order', 'items', 'id']);
    expect(stem('enrolled')).toBe(stem('enrolments'));
    expect(tokens("a day's lessons").map((t) => t.singular)).toEqual(['a', 'day', 'lesson']);
  });
});

describe('matchIssue', () => {
  const grounding = {
    tables: [table('lessons', ['id', 'room']), table('order_items'), table('enrolments'), table('customers', ['id'], 'Customer')],
    routes: [route('GET', '/schools/{school_id}/lessons'), route('POST', '/order-items')],
    models: [{ name: 'LessonOut', file: 'app/s.py', line: 1, fields: [], kind: 'pydantic' as const }],
  };

  it('matches plural and singular nouns, snake_case compounds, word families, ORM class names and route segments', () => {
    const m = matchIssue(grounding, "Changing a lesson's room fails for order items; who is enrolled? The Customer page.");
    expect(m.tables.map((t) => [t.table.name, t.score])).toEqual([['lessons', 3], ['order_items', 3], ['customers', 3], ['enrolments', 2]]);
    expect(m.columns.map((c) => `${c.table.name}.${c.column}`)).toEqual(['lessons.room']);
    expect(m.routes.map((r) => r.path)).toEqual(['/schools/{school_id}/lessons', '/order-items']);
    expect(m.models.map((x) => x.name)).toEqual(['LessonOut']);
  });

  it('keeps the nouns that named nothing, without the request verbs', () => {
    const m = matchIssue(grounding, 'Track the carbon footprint of deliveries');
    expect(m.tables).toEqual([]);
    expect(m.lookedFor).toEqual(['carbon', 'footprint', 'delivery']);
    expect(m.unmatched).toEqual(['carbon', 'footprint', 'delivery']);
  });
});

describe('readRequest', () => {
  it('reads a bulk cancel, who may do it, who is told and the period', () => {
    expect(readRequest("Let schools cancel all of a day's lessons when a school closes; only that school's staff may do it, and students must be notified.")).toEqual({
      actions: ['cancel', 'notify'],
      main: 'cancel',
      verb: 'cancel',
      bulk: true,
      actor: { role: 'staff', of: 'school', only: true },
      notify: { who: 'student', words: 'be notified' },
      period: 'day',
      reversible: false,
    });
  });

  it.each([
    ['Customers should be able to cancel an order before it ships', 'cancel', false, 'customer'],
    ['Monthly revenue report of orders', 'report', false, undefined],
    ['Remove all appointments of a patient', 'delete', true, undefined],
    ['Let teachers see who is enrolled in their lessons', 'list', false, 'teacher'],
    ['Add loyalty points for customers', 'create', false, undefined],
    ['Send patients a reminder the day before their appointment', 'notify', false, undefined],
    ['When a patient leaves, their appointments should be removed', 'delete', false, undefined],
  ])('%s', (text, main, bulk, role) => {
    const r = readRequest(text);
    expect([r.main, r.bulk, r.actor?.role]).toEqual([main, bulk, role]);
  });
});
