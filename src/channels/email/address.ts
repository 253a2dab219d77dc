const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');

/** The inbox address of one persona on one journey, so concurrent journeys never share mail. */
export function inboxAddress(persona: string, journeyId: string): string {
  return `${clean(persona) || 'customer'}+${clean(journeyId) || 'journey'}@shopper.mystery-shopper.test`;
}

/** A local part may hold 64 characters (RFC 5321); the journey's part gives way first. */
const MAX_LOCAL = 64;

/**
 * The address of one persona on one journey in one audit, in a real mailbox: `plus` addressing
 * (`shopper+alex.return-item.k3f9q@example.com`) or a `catch-all` domain
 * (`alex.return-item.k3f9q@example.com`). The audit's token keeps mail that comes late for an
 * earlier audit (a reply after hours) from being taken for this one's.
 */
export function mailboxAddress(base: string, addressing: 'plus' | 'catch-all', persona: string, journeyId: string, auditToken: string): string {
  const at = base.lastIndexOf('@');
  const local = base.slice(0, at).split('+')[0];
  const domain = base.slice(at + 1).toLowerCase();
  const prefix = addressing === 'plus' ? `${local}+` : '';
  const who = clean(persona) || 'customer';
  const tail = `.${clean(auditToken)}`;
  const room = MAX_LOCAL - prefix.length - who.length - tail.length - 1;
  const journey = (clean(journeyId) || 'journey').slice(0, Math.max(room, 1)).replace(/[-.]+$/, '');
  return `${prefix}${who}.${journey}${tail}@${domain}`;
}
