// Makes sure Dovecot is there for the tests of the IMAP mailbox (tests/e2e/email-imap.spec.ts
// starts its own, unprivileged, on loopback ports with a throwaway config): as root on
// Debian/Ubuntu it installs the packages; otherwise it says what to run. The tool itself does
// not need Dovecot (a real mailbox is any IMAP provider), so a failure here is only a warning.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { DOVECOT_PACKAGES, missingDovecot } from '../tests/support/dovecot.ts';

const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const apt = (...args: string[]) => spawnSync('apt-get', args, { stdio: 'inherit', env: aptEnv }).status === 0;

if (!missingDovecot()) {
  console.log('setup: Dovecot ready (for the IMAP mailbox tests)');
  process.exit(0);
}

if (canApt) {
  console.log(`setup: installing Debian's Dovecot for the IMAP mailbox tests (${DOVECOT_PACKAGES.join(' ')})`);
  if (!apt('install', '-y', '-qq', ...DOVECOT_PACKAGES)) {
    apt('update', '-qq');
    apt('install', '-y', '-qq', ...DOVECOT_PACKAGES);
  }
  if (!missingDovecot()) {
    console.log('setup: Dovecot ready. The tests run their own; if the package started a system Dovecot you do not want: systemctl disable --now dovecot');
    process.exit(0);
  }
}

console.warn(`setup: warning: ${missingDovecot()}. Only tests/e2e/email-imap.spec.ts needs it.`);
process.exit(0);
