import { AuditExportRequest } from '../../../../src-shared/schemas/audit';
import { AuditFilter } from '../../../../src-shared/schemas/audit';
import { afterEach, describe, expect, it } from 'vitest';
import { auditToCsv, createAuditLog, currentActor, runAsActor } from '../../../../src-main/engine/audit/audit-log';
import { tempDatabase } from '../../../helpers/database';

describe('audit log', () => {
  let cleanup: () => void = () => undefined;
  afterEach(() => cleanup());

  function setup() {
    const temp = tempDatabase();
    cleanup = temp.cleanup;
    let clock = Date.UTC(2026, 0, 1);
    const recorded: string[] = [];
    const audit = createAuditLog(temp.db, { now: () => (clock += 1000), onRecord: (action) => recorded.push(action) });
    return { audit, recorded };
  }

  it('names the actor of the call it runs in, defaulting to the desktop user', () => {
    const { audit } = setup();
    audit.record({ action: 'library.delete', target: '/docs/a.pdf', details: { paths: ['/docs/a.pdf'] } });
    runAsActor('token:ci-bot', () =>
      audit.record({ action: 'provider.call', target: 'openai', details: { model: 'gpt-4o-mini', bytesSent: 5120 } }),
    );
    const entries = audit.list(AuditFilter.parse({}));
    expect(entries.map((entry) => entry.actor)).toEqual(['token:ci-bot', currentActor()]);
    expect(currentActor()).toMatch(/^desktop/);
    expect(entries[0]!.details).toEqual({ model: 'gpt-4o-mini', bytesSent: 5120 });
  });

  it('filters by action prefix, actor, text and time', () => {
    const { audit } = setup();
    audit.record({ action: 'settings.collection-private', target: 'contracts', details: { private: true } });
    audit.record({ action: 'library.delete', target: '/docs/100%_done.txt' });
    runAsActor('token:ops', () => audit.record({ action: 'settings.provider-key', target: 'openai' }));
    expect(audit.list(AuditFilter.parse({ action: 'settings.' })).map((entry) => entry.target)).toEqual(['openai', 'contracts']);
    expect(audit.list(AuditFilter.parse({ actor: 'ops' }))).toHaveLength(1);
    expect(audit.list(AuditFilter.parse({ text: '100%' })).map((entry) => entry.action)).toEqual(['library.delete']);
    const all = audit.list(AuditFilter.parse({}));
    expect(audit.list(AuditFilter.parse({ from: all[1]!.at, to: all[1]!.at })).map((entry) => entry.action)).toEqual(['library.delete']);
    expect(audit.list(AuditFilter.parse({ limit: 1, offset: 1 })).map((entry) => entry.action)).toEqual(['library.delete']);
  });

  it('exports CSV and JSON, and audits the export itself', () => {
    const { audit, recorded } = setup();
    audit.record({ action: 'library.delete', target: 'a "quoted", file', details: { n: 1 } });
    audit.record({ action: 'library.delete', target: '=HYPERLINK("x")' });
    const csv = audit.export(AuditExportRequest.parse({ format: 'csv' }));
    const lines = csv.content.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,time,actor,action,target,details');
    expect(lines).toHaveLength(3);
    expect(csv.content).toContain('"a ""quoted"", file"');
    expect(csv.content).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toMatchObject({ mimeType: 'text/csv', count: 2 });
    const json = audit.export(AuditExportRequest.parse({ format: 'json', action: 'library.' }));
    expect((JSON.parse(json.content) as unknown[]).length).toBe(2);
    expect(recorded.filter((action) => action === 'audit.export')).toHaveLength(2);
    expect(audit.list(AuditFilter.parse({ action: 'audit.export' }))).toHaveLength(2);
  });

  it('writes an empty CSV with its header', () => {
    expect(auditToCsv([])).toBe('id,time,actor,action,target,details\r\n');
  });
});
