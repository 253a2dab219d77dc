/**
 * A YAML example for every action, shown in docs/journeys.md: a list of steps, as they appear
 * under a journey's `steps:`. The docs test parses each through the journey schema, so an
 * example that stops being valid fails the build, and an action without one fails it too.
 */
export const ACTION_EXAMPLES: Record<string, string> = {
  goto: `- goto: /contact
- name: Open the order status page
  goto: https://shop.example.com/orders/status`,
  click: `- click: { role: link, name: Contact }
- name: Add the grinder, not the espresso machine
  click: { role: button, name: Add to cart, inside: { role: article, hasText: Coffee Grinder } }
- name: Accept cookies if the banner shows
  click: { role: button, name: Accept all, exact: true, optional: true }
- name: Open the second order
  click: { role: link, name: Details, nth: 1 }`,
  fill: `- fill: { label: Email, value: "{{persona.email}}" }
- name: Give a phone number if the form asks for one
  fill: { label: Phone, value: "{{persona.phone}}", optional: true }`,
  select: `- select: { label: Shipping method, option: Express }`,
  tick: `- tick: { label: I accept the terms and conditions }
- tick: { role: radio, name: Pay by card }
- tick: { label: Send me offers, checked: false }`,
  press: `- press: Enter
- press: { key: Enter, role: searchbox }`,
  expect: `- expect: { role: heading, name: Order confirmed, within: 3000 }
- expect: { url: /orders/ }
- name: The spinner goes away
  expect: { css: .loading-spinner, absent: true, within: 2000 }
- name: The search finds something
  expect: { role: listitem, inside: { role: region, name: Results }, count: { min: 1 } }
- name: Download the returns label
  do:
    - click: { role: link, name: Download your label }
    - expect: { download: { name: /label/i, type: pdf } }`,
  waitFor: `- name: Wait for the ticket number
  waitFor: { text: Your ticket number, within: 5000, patience: 30000 }`,
  check: `- name: Find the promised response time
  check: { text: "/within \\\\d+ (hours|days)/i", finding: no-promised-timeframe }
- name: No surcharge for card payments
  check: { text: "/card fee|surcharge/i", absent: true, finding: check-failed, message: The checkout adds a card fee. }
- name: Opening hours for every day of the week
  check: { role: listitem, inside: { role: region, name: Opening hours }, count: 7 }
- name: The confirmation names the order
  check: { email: { text: "/A\\\\d{4}/" } }
- name: The invoice names this order
  do:
    - remember: { as: order.number, text: "/Order number (A\\\\d+)/" }
    - click: { role: link, name: Download invoice }
    - check: { download: { type: pdf, text: "{{order.number}}" }, finding: check-failed, message: The invoice names another order. }`,
  remember: `- name: Place the order
  do:
    - click: { role: button, name: Place order }
    - remember: { as: order.number, text: "/Order number (A\\\\d+)/" }`,
  'email.expect': `- name: The confirmation arrives
  email.expect: { subject: Order confirmation, within: 60000 }`,
  'email.openLink': `- email.openLink: { text: Track your order }`,
  'email.reply': `- email.reply: { text: "Please cancel my order, {{persona.name}}" }`,
  'email.expectReply': `- name: The company acknowledges the reply
  email.expectReply: { within: 30000, patience: 120000 }`,
  'chat.open': `- chat.open: {}`,
  'chat.say': `- chat.say: "How do I return an item?"`,
  'chat.expectReply': `- chat.expectReply: { matches: "/30 days/i", within: 10000 }`,
  'chat.expectAgent': `- name: A person takes over
  chat.expectAgent: { patience: 120000 }`,
  'chat.close': `- chat.close: {}`,
  'phone.call': `- name: Call the service line
  phone.call: { url: /voice, answers: [{ when: "/order number/i", press: "{{persona.order}}#" }] }
- name: Call the number in the config
  phone.call: {}`,
  'phone.press': `- phone.press: "3"`,
  'phone.say': `- phone.say: I want to return an item`,
  'phone.choose': `- name: Choose returns, menu after menu
  phone.choose: returns`,
  'phone.expectPrompt': `- phone.expectPrompt: { matches: "/press 0/i", within: 30s }`,
  'phone.expectPerson': `- name: Wait for a person
  phone.expectPerson: { within: 20s, patience: 2m }`,
  'phone.hangup': `- phone.hangup: {}`,
};
