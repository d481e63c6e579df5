// The inbox: the demo's counsel has notices of the messages the others wrote in the first case;
// the navigation counts the unread, the inbox lists them newest first with links and marks them
// read once shown, in English and in Chinese; on the account page counsel chooses the inbox only
// for messages. Without JavaScript. Axe on each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, axeViolations, signInDemo } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('counsel reads the inbox and chooses what is e-mailed', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await signInDemo(page, server.base, 'counsel@meridian-law.example');
  await page.goto(server.base + '/cases?lang=en');
  const inbox = page.getByRole('link', { name: /^Inbox/ });
  assert.match(await inbox.innerText(), /Inbox 2 unread/);
  await inbox.click();
  assert.equal(new URL(page.url()).pathname, '/notifications');
  const items = page.locator('ol.inbox li');
  assert.equal(await items.count(), 2);
  assert.equal(await page.locator('ol.inbox li.new').count(), 2, 'new the first time they are shown');
  assert.match(await items.first().innerText(), /A new message — IOMed\/2026\/0001 · Harbourline Logistics Ltd v\. Kestrel Cranes SA/);
  assert.deepEqual(await axeViolations(page, 'inbox'), []);
  // Shown once: read, and the count is gone.
  await page.goto(server.base + '/notifications?lang=zh-Hans');
  assert.equal(await page.locator('ol.inbox li.new').count(), 0);
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), '您的通知');
  assert.doesNotMatch(await page.getByRole('link', { name: /^通知/ }).innerText(), /未读/);
  assert.deepEqual(await axeViolations(page, 'inbox zh-Hans'), []);
  // The link leads to the thread.
  await page.locator('ol.inbox li a').first().click();
  assert.match(new URL(page.url()).pathname, /^\/cases\/\d+\/messages$/);

  // Messages in the inbox only.
  await page.goto(server.base + '/account?lang=en');
  const messages = page.getByRole('group', { name: 'Messages' });
  await messages.getByLabel('In the inbox only').check();
  await page.locator('form[action="/account/notifications"]').getByRole('button', { name: 'Save' }).click();
  assert.match(await page.getByRole('status').innerText(), /Your e-mail choices are saved\./);
  assert.ok(await page.getByRole('group', { name: 'Messages' }).getByLabel('In the inbox only').isChecked());
  assert.ok(await page.getByRole('group', { name: 'Documents filed' }).getByLabel('An e-mail for each, as it happens').isChecked());
  // Time limits in one e-mail a day; the choice of messages is kept.
  await page.getByRole('group', { name: /^Time limits ending soon/ }).getByLabel(/^One e-mail a day/).check();
  await page.locator('form[action="/account/notifications"]').getByRole('button', { name: 'Save' }).click();
  assert.ok(await page.getByRole('group', { name: /^Time limits ending soon/ }).getByLabel(/^One e-mail a day/).isChecked());
  assert.ok(await page.getByRole('group', { name: 'Messages' }).getByLabel('In the inbox only').isChecked());
  assert.match(await page.locator('form[action="/account/notifications"] .note').innerText(), /8:00 in your time zone/);
  assert.deepEqual(await axeViolations(page, 'account'), []);
  await context.close();
});
