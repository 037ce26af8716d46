/**
 * The sandbox in a real headless Chromium (Debian's, driven by playwright-core; nothing is downloaded): the whole
 * loop a new user clicks through, from a sample alert to "deployed" in the thread. Each step's screenshot is
 * written to test-artifacts/sandbox/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import { silentLogger } from '../../src/logger.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { chromiumPath } from '../helpers/chromium.js';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'sandbox');

let sandbox: Sandbox;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  sandbox = await startSandbox({ logger: silentLogger, port: 0 });
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(sandbox.url);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

describe('the sandbox page', () => {
  it('goes from a sample alert to a deployed exception, clicked through as people would', async () => {
    await page.getByRole('button', { name: 'Send the titanagent alert' }).click();
    const alert = page.locator('#channel .msg', { hasText: 'Read sensitive file untrusted' }).first();
    await alert.getByRole('button', { name: 'Mark false positive' }).waitFor();
    await shot('01-alert');

    // A reaction is a triage action: :eyes: acknowledges.
    await alert.locator('[data-reaction="eyes"]').click();
    await alert
      .getByText(/Acknowledged by/)
      .first()
      .waitFor();
    await shot('02-acknowledged-by-reaction');

    await alert.getByRole('button', { name: 'Mark false positive' }).click();
    const modal = page.locator('#modal');
    await modal.getByText('Why is this a false positive?').first().waitFor();
    await expect(modal.textContent()).resolves.toContain('titanagent');
    await shot('03-modal');
    await modal
      .locator('[data-action-id="fp_justification"]')
      .fill('titanagent is our HIDS agent; it reads /etc/shadow by design');
    await page.locator('#modal-submit').click();
    await page.locator('#modal-back').waitFor({ state: 'hidden' });
    await alert.getByRole('button', { name: 'Approve' }).waitFor();
    await shot('04-proposed');

    await page.selectOption('#person', 'U0BOB00001');
    // Bob's App Home lists what waits for him.
    await page.locator('#tab-home').click();
    await page
      .locator('#home')
      .getByText('Waiting for your approval* (1)'.replace('* ', ' '))
      .first()
      .waitFor();
    await shot('05-app-home');
    await page.locator('#tab-channel').click();
    await alert.getByRole('button', { name: 'Approve' }).click();
    const pull = page.locator('#pulls .pull').first();
    await pull.waitFor({ timeout: 20_000 });
    await expect(pull.locator('.diff').textContent()).resolves.toContain('titanagent');
    await shot('06-pull-request');

    await pull.getByRole('button', { name: 'Merge pull request' }).click();
    await pull.getByRole('button', { name: 'Deploy succeeds' }).click({ timeout: 20_000 });
    await alert
      .locator('.thread')
      .getByText(/deployed/i)
      .first()
      .waitFor({ timeout: 20_000 });
    await shot('07-deployed');
  }, 120_000);
});
