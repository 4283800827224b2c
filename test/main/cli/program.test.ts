import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp';

const cli = join(import.meta.dirname, '../../../bin/quarry.js');

function quarry(args: string[], dataDir: string) {
  return spawnSync(process.execPath, [cli, ...args, '--data-dir', dataDir], { encoding: 'utf8' });
}

// Each test spawns several `quarry` processes (tsx compiles on start): slow on a busy machine, not a hang.
describe('quarry command line', { timeout: 120_000 }, () => {
  it('ingests, searches, asks with citations and reports stats as JSON', () => {
    const data = tempDir();
    const docs = tempDir();
    writeFileSync(
      join(docs, 'tunnel.md'),
      '# Wind tunnel\n\nThe blowdown tunnel reaches Mach 4 for thirty seconds.\n\n## Models\n\nModels are machined from steel and instrumented with pressure taps.\n',
    );
    const ingest = quarry(['ingest', docs, '--json'], data);
    expect(ingest.status, ingest.stderr).toBe(0);
    expect(JSON.parse(ingest.stdout)).toMatchObject({ files: 1, documents: 1, skipped: 0, failed: [] });

    const search = quarry(['search', 'pressure taps', '--mode', 'keyword', '--json'], data);
    expect(JSON.parse(search.stdout).hits[0].headingPath).toEqual(['Wind tunnel', 'Models']);

    const ask = quarry(['ask', 'What Mach number does the blowdown tunnel reach?', '--json'], data);
    expect(ask.status, ask.stderr).toBe(0);
    const answer = JSON.parse(ask.stdout);
    expect(answer.answer).toContain('Mach 4');
    expect(answer.citations[0]).toMatchObject({ n: 1, path: join(docs, 'tunnel.md') });
    expect(answer.route.provider).toBe('extractive');
    expect(answer.cache).toMatch(/hit|miss/);

    const unknown = quarry(['ask', 'Who won the chess olympiad of 1927?', '--json'], data);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ noAnswer: true, citations: [] });

    const stats = quarry(['stats', '--json'], data);
    expect(JSON.parse(stats.stdout)).toMatchObject({ documents: 1, integrity: 'ok' });
  });

  it('exits non-zero with a one-line message on bad input', () => {
    const data = tempDir();
    const badMode = quarry(['search', 'x', '--mode', 'fuzzy'], data);
    expect(badMode.status).not.toBe(0);
    expect(badMode.stderr.trim().split('\n')).toHaveLength(1);
    expect(badMode.stderr).toMatch(/keyword|dense|hybrid/);

    const badLimit = quarry(['search', 'x', '--limit', 'many'], data);
    expect(badLimit.status).not.toBe(0);
    expect(badLimit.stderr).toMatch(/--limit/);

    const missing = quarry(['rm', '/no/such/file.pdf'], data);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/No document matches/);
  });
});
