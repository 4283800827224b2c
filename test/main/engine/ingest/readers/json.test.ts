import { describe, expect, it } from 'vitest';
import { blockPairs, expectReadError, read, tempFolder } from '../../../../helpers/readers';

const file = tempFolder();

describe('json reader', () => {
  it('flattens each top-level array element into "key.path: value" lines', async () => {
    const records = [
      { name: 'Ada', address: { city: 'London', lines: ['12 Baker St', 'Flat 2'] }, active: true, notes: {} },
      { name: 'Grace', score: 9.5, manager: null },
    ];
    const doc = await read(file('people.json', JSON.stringify(records, null, 2)));
    expect(doc.fileType).toBe('json');
    expect(blockPairs(doc)).toEqual([
      ['paragraph', 'name: Ada\naddress.city: London\naddress.lines[0]: 12 Baker St\naddress.lines[1]: Flat 2\nactive: true'],
      ['paragraph', 'name: Grace\nscore: 9.5\nmanager: null'],
    ]);
  });

  it('groups an object by its top-level members', async () => {
    const doc = await read(file('config.json', '{"server": {"port": 8080, "host": "local"}, "title": "Q"}'));
    expect(blockPairs(doc)).toEqual([
      ['paragraph', 'server.port: 8080\nserver.host: local'],
      ['paragraph', 'title: Q'],
    ]);
  });

  it('reads JSON Lines, one paragraph per line', async () => {
    const doc = await read(file('events.jsonl', '{"id":1,"msg":"start"}\n\n{"id":2,"msg":"stop"}\n'));
    expect(blockPairs(doc)).toEqual([
      ['paragraph', 'id: 1\nmsg: start'],
      ['paragraph', 'id: 2\nmsg: stop'],
    ]);
    expect((await read(file('events.ndjson', '"just a string"\n'))).blocks[0]?.text).toBe('just a string');
  });

  it('reports invalid JSON as corrupt, with the line for JSON Lines', async () => {
    await expectReadError(file('broken.json', '{"a": 1,,}'), 'corrupt');
    const error = await expectReadError(file('broken.jsonl', '{"a":1}\n{"a":\n'), 'corrupt');
    expect(error.message).toContain('line 2');
  });

  it('reports JSON without any values as empty', async () => {
    await expectReadError(file('nothing.json', '[{}, [], {"a": {}}]'), 'empty');
  });
});
