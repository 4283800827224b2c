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

describe('json reader on awkward files', () => {
  it('keeps integers above 2^53 exactly, in objects, arrays and JSON Lines', async () => {
    const doc = await read(
      file('tweets.json', '{"id": 505874924095815681, "ids": [-12345678901234567890, 7], "text": "id 505874924095815681"}'),
    );
    expect(blockPairs(doc)).toEqual([
      ['paragraph', 'id: 505874924095815681'],
      ['paragraph', 'ids[0]: -12345678901234567890\nids[1]: 7'],
      ['paragraph', 'text: id 505874924095815681'],
    ]);
    const lines = await read(file('tweets.jsonl', '{"id": 505874924095815681}\n'));
    expect(blockPairs(lines)).toEqual([['paragraph', 'id: 505874924095815681']]);
  });

  it('reads a file of concatenated objects as a sequence', async () => {
    const doc = await read(file('log.json', '{"event":"start"}{"event":"stop","code":3}\n{"event":"idle"}'));
    expect(blockPairs(doc)).toEqual([
      ['paragraph', 'event: start'],
      ['paragraph', 'event: stop\ncode: 3'],
      ['paragraph', 'event: idle'],
    ]);
  });

  it('says a broken value in concatenated JSON is one of several, with how to fix the file', async () => {
    const error = await expectReadError(file('broken-log.json', '{"a":1} {"b":'), 'corrupt');
    expect(error.message).toMatch(/2 JSON values one after another.*value 2 is not valid.*\.jsonl/);
  });

  it('refuses 50,000-deep nesting as too-deep, not with a stack overflow', async () => {
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    const error = await expectReadError(file('deep.json', deep), 'too-deep');
    expect(error.message).toMatch(/50,000 levels deep/);
    await expectReadError(file('deep.jsonl', `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}\n`), 'too-deep');
  });

  it('still reads nesting a little deeper than it flattens, as compact JSON', async () => {
    const nested = `${'['.repeat(40)}"core"${']'.repeat(40)}`;
    const doc = await read(file('nested.json', nested));
    expect(doc.blocks[0]?.text).toContain('"core"');
  });
});
