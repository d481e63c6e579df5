// Signing in with a demo account, seeing only what the role allows, and signing out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, axeViolations, signInDemo, totp, serverNow, waitForMail } from './harness.mjs';

const PASSWORD = 'harbour-lantern-demo';
let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const signIn = (page, email) => signInDemo(page, server.base, email);

test('the registrar sets up the second factor, sees the users, signs out, and signs in again with a code', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const secret = await signIn(page, 'registrar@iomed.example');
  assert.ok(secret, 'a registrar must set up the second factor');
  assert.equal(new URL(page.url()).pathname, '/account');
  assert.equal(await page.textContent('h1'), 'Your account');
  await page.getByRole('link', { name: 'Users' }).click();
  assert.equal(await page.textContent('h1'), 'Users');
  assert.ok(await page.getByText('counsel@meridian-law.example').isVisible());
  await page.getByRole('button', { name: 'Sign out' }).click();
  assert.ok(await page.getByRole('link', { name: 'Sign in' }).isVisible());
  const response = await page.goto(server.base + '/account');
  assert.match(page.url(), /\/sign-in\?next=%2Faccount/);
  assert.equal(response.status(), 200);
  // Again: the password, then a code of the next time step (the last one was used up).
  await page.getByLabel('E-mail address').fill('registrar@iomed.example');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  assert.equal(new URL(page.url()).pathname, '/sign-in/second-factor');
  await page.getByLabel('Code', { exact: true }).fill(totp(secret, serverNow() + 30000));
  await page.getByRole('button', { name: 'Continue' }).click();
  assert.equal(new URL(page.url()).pathname, '/account');
  await context.close();
});

test('counsel sees no user administration and is refused it', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'counsel@meridian-law.example');
  assert.equal(await page.getByRole('link', { name: 'Users' }).count(), 0);
  const response = await page.goto(server.base + '/admin/users');
  assert.equal(response.status(), 403);
  assert.equal(await page.textContent('h1'), 'Not allowed');
  await context.close();
});

test('a wrong password gets the generic message, in the chosen language', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.base + '/sign-in?lang=fr');
  await page.getByLabel('Adresse électronique').fill('mediator@iomed.example');
  await page.getByLabel('Mot de passe').fill('not the right one');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  assert.match(await page.getByRole('alert').textContent(), /Ces informations de connexion sont incorrectes/);
  await context.close();
});

test('a token created on the account page works against the API, once shown', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'finance@iomed.example');
  await page.getByLabel('Name', { exact: true }).fill('spreadsheet');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.locator('code.secret').textContent()).trim();
  assert.match(token, /^iomed_[0-9a-f]{64}$/);
  const me = await fetch(server.base + '/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
  assert.equal(me.status, 200);
  assert.equal((await me.json()).email, 'finance@iomed.example');
  await context.close();
});

test('the account pages pass axe-core WCAG 2.1 AA checks in every language', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await signIn(page, 'sg@iomed.example');
  const failures = [];
  for (const lang of ['en', 'zh-Hans', 'zh-Hant', 'fr']) {
    for (const path of ['/account', '/admin/users', '/admin/organizations', '/sign-in', '/password-reset']) {
      await page.goto(`${server.base}${path}?lang=${lang}`);
      if (path === '/sign-in') await page.goto(`${server.base}/account/second-factor?lang=${lang}`);
      failures.push(...await axeViolations(page, `${lang} ${path}`));
    }
  }
  await context.close();
  assert.deepEqual(failures, []);
});

// The Deputy Secretary-General's page, signed in with the second factor by the invitation's test
// and used again by the deactivation's (a second sign-in would need the next code).
let dsgPage;

test('the Deputy Secretary-General invites counsel, who sets a password from the e-mail and signs in', async () => {
  const admin = await browser.newContext({ bypassCSP: true });
  const page = await admin.newPage();
  dsgPage = page;
  await signIn(page, 'dsg@iomed.example');
  await page.goto(server.base + '/admin/users?lang=en');
  const form = page.getByRole('form', { name: 'Invite a user' });
  await form.getByLabel('E-mail address').fill('adaeze@okafor-chambers.example');
  await form.getByLabel('Name').fill('Adaeze Okafor');
  await form.getByLabel('Party representative').check();
  await form.getByRole('button', { name: 'Send the invitation' }).click();
  assert.match(await page.getByRole('status').first().textContent(), /The invitation was sent/);

  const mail = await waitForMail(server.data, 'adaeze@okafor-chambers.example');
  const link = mail.replace(/=\r?\n/g, '').match(/http:\/\/[^\s]+\/set-password\/[0-9a-f]{64}/)[0];
  const invitee = await browser.newContext();
  const p2 = await invitee.newPage();
  await p2.goto(link + '?lang=en');
  await p2.getByLabel('New password').fill('okafor chambers harbour');
  await p2.getByRole('button', { name: 'Set the password' }).click();
  assert.match(await p2.getByRole('status').textContent(), /Your password is set/);
  await p2.getByRole('link', { name: 'Sign in' }).last().click();
  await p2.getByLabel('E-mail address').fill('adaeze@okafor-chambers.example');
  await p2.getByLabel('Password').fill('okafor chambers harbour');
  await p2.getByRole('button', { name: 'Sign in' }).click();
  assert.equal(new URL(p2.url()).pathname, '/cases', 'counsel lands on their cases');
  // The link works once.
  const again = await p2.goto(link);
  assert.equal(again.status(), 410);
  await invitee.close();
});

test('deactivating an account says first whose, what stops and who is told, in French', async () => {
  // Adaeze Okafor was invited by the test before; her address sorts first, on the first page.
  const page = dsgPage;
  await page.goto(server.base + '/admin/users?lang=fr');
  const row = page.locator('tr', { hasText: 'adaeze@okafor-chambers.example' });
  await row.getByRole('button', { name: 'Désactiver', exact: true }).click();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Vérifiez avant de confirmer');
  const text = await page.locator('main').textContent();
  assert.match(text, /Adaeze Okafor/);
  assert.match(text, /Ses sessions prennent fin immédiatement/);
  assert.match(text, /Personne n’est informé par courriel/);
  assert.deepEqual(await axeViolations(page, 'deactivation check fr'), []);
  // Going back leaves the account as it was.
  await page.getByRole('link', { name: 'Revenir sans rien faire' }).click();
  assert.match(await page.locator('tr', { hasText: 'adaeze@okafor-chambers.example' }).textContent(), /Actif/);
  await page.locator('tr', { hasText: 'adaeze@okafor-chambers.example' }).getByRole('button', { name: 'Désactiver', exact: true }).click();
  await page.getByRole('button', { name: 'Confirmer : Désactiver ce compte' }).click();
  assert.match(await page.locator('tr', { hasText: 'adaeze@okafor-chambers.example' }).textContent(), /Désactivé/);
  await page.context().close();
});
