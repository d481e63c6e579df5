// Starts `iomed serve --demo` on a fresh data directory and a free port, and Chromium.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
export const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// The server's clock starts here, whatever the day the tests run (a Monday, 10:00 at the seat):
// every date a test expects follows from it. scripts/test runs the suite under a shifted system
// date as well, so that anything reading the wall clock instead fails loudly.
export const CLOCK = '2026-11-16T02:00:00Z';
let clockStartedAt = null;

// The server's time now, in milliseconds: CLOCK plus what has elapsed since the server started.
export function serverNow() {
  if (clockStartedAt === null) throw new Error('serverNow() before startServer()');
  return Date.parse(CLOCK) + (performance.now() - clockStartedAt);
}

export async function startServer() {
  const binary = process.env.IOMED_BIN;
  if (!binary) throw new Error('IOMED_BIN must name the iomed binary (scripts/test sets it)');
  const data = mkdtempSync(join(tmpdir(), 'iomed-e2e-'));
  clockStartedAt = performance.now();
  const child = spawn(binary, ['serve', '--demo', '--clock', CLOCK, '--data', data, '--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, RUST_LOG: 'warn' },
  });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/iomed is serving (http:\/\/[^/]+)\//);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return {
    base,
    data,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(data, { recursive: true, force: true });
    },
  };
}

export async function startBrowser() {
  // Chromium does not run under libfaketime (scripts/test shifts the date of the server and of
  // these tests, not of the browser): it gets the environment without it.
  const env = Object.fromEntries(Object.entries(process.env)
    .filter(([k]) => k !== 'LD_PRELOAD' && !k.startsWith('FAKETIME')));
  return chromium.launch({
    env,
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// RFC 6238 TOTP (SHA-1, 6 digits, 30 s), as an authenticator app computes it.
import { createHmac } from 'node:crypto';
export function totp(base32, at = serverNow()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const n = (mac.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return n.toString().padStart(6, '0');
}

// Signs in with a demo account; sets up the second factor when the role requires it. Returns the
// TOTP secret when one was set up.
/** The first demo case (Harbourline v. Kestrel): its path, found as a person finds it, from the
 * list of cases (ids are random). The page must be signed in as someone on the case. */
export async function firstDemoCase(page, base) {
  await page.goto(base + '/cases?lang=en');
  await page.getByRole('link', { name: 'Harbourline Logistics Ltd v. Kestrel Cranes SA' }).click();
  await page.waitForURL(/\/cases\/\d+$/);
  return new URL(page.url()).pathname;
}

export async function signInDemo(page, base, email, password = 'harbour-lantern-demo') {
  await page.goto(base + '/sign-in?lang=en');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (new URL(page.url()).pathname !== '/account/second-factor') return null;
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  const secret = (await page.locator('#totp-secret').textContent()).trim();
  await page.getByLabel('Code', { exact: true }).fill(totp(secret));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByRole('link', { name: 'Continue to your account' }).click();
  return secret;
}

// Waits for the server's sender to write an e-mail to `to` (whose text matches `matching`, if
// given) into DATA/outbox; returns its text.
export async function waitForMail(data, to, timeoutMs = 15000, matching = null) {
  const dir = join(data, 'outbox');
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (existsSync(dir)) {
      for (const f of readdirSync(dir)) {
        const text = readFileSync(join(dir, f), 'utf8');
        if (text.includes(`To: ${to}`) && (!matching || matching.test(text))) return text;
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no e-mail to ${to} within ${timeoutMs} ms`);
}

// The WCAG 2.1 AA violations axe-core finds on the page now, one line each.
export async function axeViolations(page, label) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return result.violations.map((v) => `${label}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

// Takes a step of a case from its page: its button, then the check page's "Confirm: …" (every
// step is final, so the case page asks first, saying who will be told).
export async function takeStep(page, name) {
  await page.getByRole('button', { name, exact: true }).click();
  await page.getByRole('button', { name: `Confirm: ${name}` }).click();
}

// Files a fictional text document in a case's joint file from its case-file page: what counsel
// does before screening (W4), for the consent to mediate ('consent_to_mediate') and each side's
// proof of authority ('proof_of_authority').
export async function fileJointDocument(page, caseUrl, type, title) {
  await page.goto(caseUrl + '/documents?lang=en');
  const form = page.getByRole('region', { name: 'File a document' });
  await form.getByLabel('Title').fill(title);
  await form.getByLabel('Type', { exact: true }).selectOption(type);
  await form.getByLabel('Language', { exact: true }).selectOption('en');
  await page.getByLabel('Joint: everyone on the case').check();
  await form.getByLabel('File', { exact: true }).setInputFiles({
    name: `${type}.txt`, mimeType: 'text/plain', buffer: Buffer.from(`(Fictional demonstration document.) ${title}.`),
  });
  await page.getByRole('button', { name: 'File the document' }).click();
  const status = await page.getByRole('status').textContent();
  if (!/The document was filed/.test(status)) throw new Error(`filing ${type} failed: ${status}`);
}
