import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startHttpReceiver, type HttpReceiver } from '../fakes/http-receiver';
import { buildRenderer } from './support/build-renderer';
import { dropFiles, launchChromium, screenshot } from './support/browser';
import { startQuarry, type RunningQuarry } from './support/serve';
import { tempDir } from '../helpers/temp';

const secret = 'e2e-shared-secret';

/**
 * The monitoring panel end to end: a rule made in the browser UI, a metric driven over its
 * threshold by a real ingestion failure, the alert in the UI and at a signed webhook receiver,
 * then resolved; and a customized dashboard that survives a reload.
 */
describe('Monitoring in the browser', () => {
  let dataDir: string;
  let quarry: RunningQuarry;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let receiver: HttpReceiver;

  beforeAll(async () => {
    buildRenderer();
    dataDir = tempDir('quarry-e2e-monitor-');
    receiver = await startHttpReceiver();
    [quarry, browser] = await Promise.all([startQuarry(dataDir, {}, ['--sample-interval', '1']), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
    await page.goto(quarry.openUrl);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await quarry?.stop();
    await receiver?.close();
  });

  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: new RegExp(`^${name}`) });

  it('adds a signed webhook channel', async () => {
    await nav('Alerts').click();
    await page.getByRole('tab', { name: 'Channels & deliveries' }).click();
    await page.getByRole('button', { name: 'Add channel' }).click();
    const form = page.getByRole('form', { name: 'New channel' });
    await form.getByLabel('Id (lower-case, dashes)').fill('ops-hook');
    await form.getByLabel('Name', { exact: true }).fill('Ops webhook');
    await form.getByLabel('URL').fill(`${receiver.url}/quarry`);
    await form.getByLabel('Signing secret').fill(secret);
    await form.getByRole('button', { name: 'Save channel' }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'Ops webhook' }).isVisible()).toBe(true);
  });

  it('creates a rule in the editor after it points out what is missing', async () => {
    await page.getByRole('tab', { name: 'Rules' }).click();
    await page.getByRole('button', { name: 'New rule' }).click();
    const form = page.getByRole('form', { name: 'Alert rule' });
    await form.getByRole('button', { name: 'Save rule' }).click();
    await expect.poll(() => form.getByRole('alert').innerText()).toMatch(/name/i);

    await form.getByLabel('Name', { exact: true }).fill('Ingestion failures');
    await form.getByLabel('Severity').selectOption('critical');
    await form.getByLabel('Metric of condition 1').selectOption('quarry_ingest_failures_total');
    await form.getByLabel('Aggregation').selectOption('increase');
    await form.getByLabel('Window of condition 1').fill('15s');
    await form.getByLabel('Operator of condition 1').selectOption('>');
    await form.getByLabel('Threshold of condition 1').fill('0');
    await form.getByLabel('Duration of condition 1').fill('0s');
    await form.getByRole('checkbox', { name: /Ops webhook/ }).check();
    await form.getByLabel('Message body').fill('{{value}} file(s) failed: {{summary}}');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await expect.poll(() => form.isVisible()).toBe(false);
    const row = page.getByTestId('rule-row').filter({ hasText: 'Ingestion failures' });
    expect(await row.innerText()).toMatch(/inactive[\s\S]*increase\(quarry_ingest_failures_total, 15s\) > 0 for 0s/);
  });

  it('fires when a dropped file fails: toast, badge, active list and the signed webhook', async () => {
    await dropFiles(page, [
      { name: 'damaged.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.7\nthis file was cut off in transfer') },
    ]);
    const toast = page.getByTestId('alert-toast').filter({ hasText: 'Ingestion failures' });
    await expect.poll(() => toast.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await toast.innerText()).toMatch(/critical: Ingestion failures is firing[\s\S]*1 file\(s\) failed/);
    await expect.poll(() => page.getByTestId('alerts-badge').innerText()).toBe('1');

    await receiver.waitFor(1, 20_000);
    const request = receiver.received[0]!;
    const timestamp = String(request.headers['x-quarry-timestamp']);
    expect(request.headers['x-quarry-signature']).toBe(
      `sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`,
    );
    expect(JSON.parse(request.body)).toMatchObject({
      type: 'alert_triggered',
      event: { ruleName: 'Ingestion failures', severity: 'critical', kind: 'firing' },
    });

    await nav('Alerts').click();
    await page.getByRole('tab', { name: 'Active' }).click();
    await expect.poll(() => page.getByTestId('active-alert').innerText()).toMatch(/firing[\s\S]*Ingestion failures/);
    await screenshot(page, 'alerts-firing');
  });

  it('resolves once the window has passed, notifies again and keeps the history', async () => {
    await receiver.waitFor(2, 40_000);
    expect(JSON.parse(receiver.received[1]!.body)).toMatchObject({ type: 'alert_resolved', event: { kind: 'resolved' } });
    await expect.poll(() => page.getByTestId('alerts-badge').count()).toBe(0);
    await page.getByRole('tab', { name: 'History' }).click();
    await expect
      .poll(() => page.getByTestId('history-row').allInnerTexts())
      .toEqual([
        expect.stringMatching(/resolved[\s\S]*Ingestion failures is resolved/),
        expect.stringMatching(/firing[\s\S]*Ingestion failures is firing/),
      ]);
    await page.getByRole('tab', { name: 'Channels & deliveries' }).click();
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'ops-hook' }).filter({ hasText: 'sent' }).count()).toBe(2);
  });

  it('customizes the dashboard: adds a widget, saves the layout, and finds it after a reload', async () => {
    await nav('Dashboard').click();
    await expect.poll(() => page.locator('.dashboard-grid .widget').count()).toBeGreaterThan(5);
    await expect.poll(() => page.locator('.series-chart canvas').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Add widget' }).click();
    const editor = page.getByRole('form', { name: 'Add widget' });
    await editor.getByLabel('Kind').selectOption('stat');
    await editor.getByLabel('Metric').selectOption('quarry_ingest_failures_total');
    await editor.getByLabel('Aggregation').selectOption('last');
    await editor.getByLabel('Title').fill('Failed files');
    await editor.getByRole('button', { name: 'Add widget' }).click();
    const widget = page.getByRole('region', { name: 'Failed files' });
    await expect.poll(() => widget.innerText()).toMatch(/Failed files[\s\S]*\b1\b/);
    await page.getByRole('button', { name: 'Arrange' }).click();
    await widget.getByRole('button', { name: 'Move earlier' }).click();
    await widget.getByRole('button', { name: 'Wider' }).click();
    await page.getByRole('button', { name: 'Save layout' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Save layout' }).isDisabled()).toBe(true);
    await screenshot(page, 'dashboard');

    await page.reload();
    await nav('Dashboard').click();
    const titles = await page.locator('.dashboard-grid .widget h3').allInnerTexts();
    expect(titles.at(-2)).toBe('Failed files');
    // A stat starts three columns wide and two rows high; one wider: `grid-area: span 2 / span 4`.
    expect(await page.getByRole('region', { name: 'Failed files' }).getAttribute('style')).toMatch(/span 2 \/ span 4/);
  });

  it('changes how long samples are kept', async () => {
    await page.getByRole('button', { name: 'Data retention' }).click();
    const form = page.getByRole('form', { name: 'Data retention' });
    await form.getByLabel('Every sample kept for').fill('2d');
    await form.getByRole('button', { name: 'Save retention' }).click();
    await expect.poll(() => form.getByRole('status').innerText()).toMatch(/Saved/);
    await form.getByLabel('Per-hour averages kept for').fill('1h');
    await form.getByRole('button', { name: 'Save retention' }).click();
    await expect.poll(() => form.getByRole('status').innerText()).toMatch(/at least as long/);
  });

  it('shows the audited changes and exports them', async () => {
    await nav('Audit').click();
    await expect
      .poll(() => page.getByTestId('audit-row').allInnerTexts())
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(/browser-session[\s\S]*alerts\.rule\.save[\s\S]*Ingestion failures/),
          expect.stringMatching(/alerts\.channel\.save[\s\S]*ops-hook/),
          expect.stringMatching(/settings\.change[\s\S]*monitor\.retention[\s\S]*"raw":"2d"/),
        ]),
      );
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^quarry-audit-.*\.csv$/);
  });
});
