import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditStore, filterInput, type AuditStore } from '../../../../src-renderer/features/audit/audit-store';
import { createEngineClient, type EngineClient } from '../../../helpers/engine-client';

let setup: EngineClient;
let store: AuditStore;

beforeEach(() => {
  setup = createEngineClient();
  store = createAuditStore(setup.client);
});
afterEach(async () => setup.close());

describe('audit store', () => {
  it('lists audited changes, filters them and exports them', async () => {
    await setup.client.call('library.setCollectionPrivate', { name: 'contracts', private: true });
    await setup.client.call('alerts.saveChannel', {
      id: 'hook',
      name: 'Hook',
      config: { kind: 'webhook', url: 'http://127.0.0.1:9/x', secret: 'super-secret-value' },
    });
    await store.getState().load();
    expect(store.getState().entries.map((entry) => entry.action)).toEqual(['alerts.channel.save', 'settings.collection-private']);
    expect(JSON.stringify(store.getState().entries)).not.toContain('super-secret-value');
    await store.getState().setFilter({ action: 'settings.' });
    expect(store.getState().entries.map((entry) => entry.target)).toEqual(['contracts']);
    const file = await store.getState().exportAs('csv');
    expect(file!.content.split('\r\n')[1]).toContain('settings.collection-private');
  });

  it('turns date inputs into a whole-day range', () => {
    const input = filterInput({ action: '', actor: '', text: '', from: '2026-01-02', to: '2026-01-02' });
    expect(input.to! - input.from!).toBe(86_400_000 - 1);
  });
});
