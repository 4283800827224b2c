import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlertsStore, type AlertsStore } from '../../../../src-renderer/features/alerts/alerts-store';
import { validateDraft, draftOf } from '../../../../src-renderer/features/alerts/rule-editor';
import { createEngineClient, eventually, type EngineClient } from '../../../helpers/engine-client';

let setup: EngineClient;
let store: AlertsStore;

beforeEach(async () => {
  setup = createEngineClient();
  store = createAlertsStore(setup.client);
  await store.getState().start();
});
afterEach(async () => {
  store.getState().stop();
  await setup.close();
});

describe('alerts store', () => {
  it('saves a rule, then shows the firing alert as a toast and a badge', async () => {
    const problem = await store.getState().saveRule({
      name: 'Any chunk',
      conditions: [
        { metric: 'quarry_ingest_queue_depth', aggregation: 'last', operator: '>=', threshold: 0, duration: '0s', window: '1m' },
      ],
      channels: ['in-app'],
    });
    expect(problem).toBeNull();
    await setup.engine.monitor.sampleNow();
    await eventually(() => expect(store.getState().firing).toBe(1));
    expect(store.getState().toasts[0]).toMatchObject({ kind: 'firing', ruleName: 'Any chunk' });
    expect(store.getState().history.map((event) => event.kind)).toEqual(['firing']);
    store.getState().dismissToast(store.getState().toasts[0]!.id);
    expect(store.getState().toasts).toEqual([]);
  });

  it('returns the engine’s validation message for a rule it refuses', async () => {
    const problem = await store.getState().saveRule({ name: 'x', conditions: [{ metric: 'quarry_nope', operator: '>', threshold: 1 }] });
    expect(problem).toMatch(/no metric named quarry_nope/);
    expect(store.getState().rules).toEqual([]);
  });

  it('validates the editor draft with the contract schema', () => {
    const draft = { ...draftOf(null), name: '', conditions: [{ ...draftOf(null).conditions[0]!, duration: '5 minutes' }] };
    const checked = validateDraft(draft);
    expect('problems' in checked && checked.problems.join('\n')).toMatch(/name[\s\S]*duration/);
    expect('input' in validateDraft({ ...draftOf(null), name: 'ok' })).toBe(true);
  });
});
