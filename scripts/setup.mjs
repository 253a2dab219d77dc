#!/usr/bin/env node
// One-time (and idempotent) set-up for a fresh clone: npm dependencies, then a Chromium, then
// Dovecot (a real IMAP server the mailbox tests start on loopback).
// Uses only Node built-ins, since it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });

const marker = `${root}node_modules/.package-lock.json`;
const fresh = existsSync(marker) && statSync(marker).mtimeMs >= statSync(`${root}package-lock.json`).mtimeMs;
if (fresh) {
  console.log('setup: npm dependencies are up to date');
} else {
  console.log('setup: installing npm dependencies (npm ci)');
  const ci = run('npm', ['ci', '--no-audit', '--no-fund']);
  if (ci.status !== 0) process.exit(ci.status ?? 1);
}

// The CLI runs the compiled tool (dist/); npm ci builds it through `prepare`, this keeps it fresh.
const build = run(process.execPath, ['scripts/build.mjs']);
if (build.status !== 0) process.exit(build.status ?? 1);

const browser = run(process.execPath, ['--import', 'tsx', 'scripts/ensure-browser.ts']);
if (browser.status !== 0) process.exit(browser.status ?? 1);

// Dovecot, for the tests of the IMAP mailbox only: a warning when it cannot be had.
const dovecot = run(process.execPath, ['--import', 'tsx', 'scripts/ensure-dovecot.ts']);
process.exit(dovecot.status ?? 1);
