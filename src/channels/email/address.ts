/** The inbox address of one persona on one journey, so concurrent journeys never share mail. */
export function inboxAddress(persona: string, journeyId: string): string {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return `${clean(persona) || 'customer'}+${clean(journeyId) || 'journey'}@shopper.mystery-shopper.test`;
}
