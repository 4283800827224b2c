import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src-main/engine/store/database';
import { createSettingsRepository, parseSettingText } from '../../../../src-main/engine/settings/settings-repository';
import { tempDir } from '../../../helpers/temp';

const noAudit = { record: () => undefined };

describe('settings repository', () => {
  it('reads defaults, keeps changes across reopening, resets with null and hides the API key', () => {
    const file = join(tempDir(), 'library.sqlite');
    const first = createSettingsRepository(openDatabase(file), noAudit);
    expect(first.read()).toMatchObject({
      offline: false,
      openai: { enabled: false, chatModels: ['gpt-4o-mini', 'gpt-4o'] },
      ollama: { embedBatchSize: 32 },
    });
    first.set('openai.enabled', true);
    first.set('openai.apiKey', 'sk-abcdefghijklmnop');
    first.set('router.prices', { 'gpt-4o': { input: 1, output: 2 } });
    const reopened = createSettingsRepository(openDatabase(file), noAudit);
    expect(reopened.read().openai.enabled).toBe(true);
    expect(reopened.read().router.prices).toEqual({ 'gpt-4o': { input: 1, output: 2 } });
    expect(reopened.get('openai.apiKey')).toEqual([{ key: 'openai.apiKey', value: 'sk-…mnop' }]);
    reopened.set('openai.enabled', null);
    expect(reopened.read().openai.enabled).toBe(false);
  });

  it('refuses unknown keys and invalid values, naming them, and changes nothing', () => {
    const settings = createSettingsRepository(openDatabase(join(tempDir(), 'library.sqlite')), noAudit);
    expect(() => settings.set('openai.enabld', true)).toThrow(/There is no setting "openai.enabld"/);
    expect(() => settings.set('ollama.embedBatchSize', 0)).toThrow(/^ollama.embedBatchSize: /);
    expect(() => settings.set('offline', 'yes')).toThrow(/^offline: /);
    expect(settings.read().ollama.embedBatchSize).toBe(32);
    expect([parseSettingText('true'), parseSettingText('2.5'), parseSettingText('llama3.2'), parseSettingText('null')]).toEqual([
      true,
      2.5,
      'llama3.2',
      null,
    ]);
  });
});
