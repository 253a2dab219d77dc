// What `mystery-shopper init` writes. Strings in a module rather than files in a folder: they are
// compiled with the tool, so the package ships them without a copy step.

/** Where the schema is once the package is installed, seen from the journeys folder. */
const JOURNEY_SCHEMA = '../node_modules/mystery-shopper/schema/journey.schema.json';

/** A single-quoted TypeScript string (a URL has been checked, but a quote must not end the string). */
const tsString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * mystery-shopper.config.ts. Without a base URL, the line is left commented out: `run` then says
 * how to give one rather than auditing a placeholder site nobody chose.
 */
export function configFile(baseURL: string | undefined): string {
  const base = baseURL
    ? `  // The site under audit; a journey's paths are relative to it. --base-url or
  // MYSTERY_SHOPPER_BASE_URL (environment or .env) win, e.g. for a staging site.
  baseURL: ${tsString(baseURL)},`
    : `  // TODO: the site under audit (a journey's paths are relative to it). Until it is set here,
  // pass --base-url or set MYSTERY_SHOPPER_BASE_URL (environment or .env).
  // baseURL: 'https://shop.example.com',`;
  return `// mystery-shopper: the site, the journeys, the customers and what they will put up with.
// Every field is typed (hover for its meaning); the tool checks this file when it loads it.
// Guide: node_modules/mystery-shopper/docs/getting-started.md; how findings are judged: docs/judging.md.
import { defineConfig } from 'mystery-shopper';

export default defineConfig({
${base}
  // Journey files (*.journey.yaml or *.journey.ts) or folders of them.
  journeys: ['journeys'],
  // Every journey runs once per persona. Journeys use these values as {{persona.name}},
  // {{persona.email}}…; {{env.NAME}} comes from .env (copy .env.example) or, in CI, from the
  // environment (repository secrets).
  personas: {
    customer: {
      name: 'Alex Morgan',
      email: '{{env.SHOPPER_EMAIL}}',
      // Typed into the page but never written to a report, log or screenshot. A field that no
      // journey uses is never needed, so this one can wait until a journey signs in.
      password: { value: '{{env.SHOPPER_PASSWORD}}', secret: true },
    },
  },
  // What a customer should have to wait for each step, ms; a journey's own budgets win.
  budgets: { stepMs: 5000 },
  // How long a customer keeps waiting for anything (a page, a button, an email) before giving up, ms.
  patienceMs: 60_000,
  // \`run\` exits 1 when a finding is at least this severe: info, minor, major or critical.
  failOn: 'major',
  // Your own kinds of finding, for \`check\` steps that name them (journeys/find-contact.journey.yaml).
  findings: {
    'no-direct-contact': {
      title: 'No email address or phone number',
      severity: 'minor',
      description: 'A customer who can only use a form keeps no copy of what they asked and cannot call when it is urgent.',
    },
  },
  // Hosts that belong to the site; failed requests elsewhere are third-party noise, outside the
  // score (default: the base URL's site and its subdomains).
  // firstParty: ['example.com', 'example-cdn.net'],
});
`;
}

/**
 * The example journey. Its locators name things as a customer sees them, with patterns for the
 * usual wordings, so it has a fair chance of running unchanged on a site nobody adapted it to.
 * Single-quoted YAML keeps the regular expressions' backslashes as written.
 */
export const FIND_CONTACT_JOURNEY = `# yaml-language-server: $schema=${JOURNEY_SCHEMA}
# A customer with a question looks for a way to reach the company, starting from the home page,
# and for how soon they can expect an answer. Things are named the way a customer sees them (a
# link's text), with patterns ('/…/i') for the usual wordings: if a step cannot find its way on
# your site, put your site's words in the pattern. Check it with \`npx mystery-shopper validate\`;
# every action and locator: node_modules/mystery-shopper/docs/journeys.md.
id: find-contact
name: Find how to contact the company and how soon they answer
tags: [contact]
start: /                  # opened first, relative to the base URL
budgets:
  totalMs: 20000          # the whole journey, as the customer lives it
steps:
  # The first link whose text reads like a way to reach the company (the header's before the
  # footer's). None at all is a dead end: the customer cannot find how to contact you.
  - name: Open the contact page
    click: { role: link, name: '/contact|customer (service|care)|support|get in touch|help ?(center|centre|desk)/i', nth: 0 }
  # Checks are the auditor's observations: one that fails is a finding of the kind it names,
  # and the journey goes on.
  - name: Find an email address or phone number
    check:
      text: '/[\\w.+-]+@[\\w-]+\\.[\\w.-]+|(\\+|\\b0|\\()\\d[\\d ()./-]{6,}\\d/'
      finding: no-direct-contact          # declared in mystery-shopper.config.ts
  - name: Find the promised response time
    check:
      text: '/(within|in (the )?next|in under|in less than)\\s+(\\d+|an?|one|two|three|a few)?\\s*(business |working )?(minutes?|hours?|days?)|same[- ]day|next (business|working) day/i'
      finding: no-promised-timeframe      # a built-in kind
`;

export const ENV_EXAMPLE = `# Copy this file to .env (git-ignored) and fill it in; journeys and the config read the values
# as {{env.NAME}}. In CI, set them as repository secrets instead (see
# .github/workflows/mystery-shopper.yml). A variable set in the environment wins over .env.

# The persona's email address ({{persona.email}}), typed into forms.
SHOPPER_EMAIL=alex@example.com

# A test account's password ({{persona.password}}), for journeys that sign in. Any name with
# PASSWORD, TOKEN, SECRET, CARD, API_KEY… in it is a secret: typed into pages, redacted from every
# report, log and screenshot.
SHOPPER_PASSWORD=

# The site to audit when it is not the config's baseURL (a staging site, say).
# MYSTERY_SHOPPER_BASE_URL=https://staging.shop.example.com

# The Chromium to launch when it is not Playwright's own (\`npx playwright install chromium\`).
# Read from the environment, not from this file: export it in your shell or CI job.
# MYSTERY_SHOPPER_CHROMIUM=/usr/bin/chromium
`;

/** Lines .gitignore must have: what an audit writes, and the file that holds secrets. */
export const GITIGNORE_LINES = ['reports/', '.env'];

/** Only in a .gitignore init creates: an existing project already decided about node_modules. */
export const NEW_GITIGNORE_LINES = ['node_modules/'];

export const GITIGNORE_HEADER = '# mystery-shopper: audit reports, and the .env that holds secrets';

/**
 * A nightly audit on GitHub Actions, split into shards that run at once (`run --shard i/n`, a
 * matrix job each) and merged into one scorecard (`merge`) by a last job, whose result is the
 * audit's (exit 1 at failOn, or when a shard is missing); the merged report is published whatever
 * happened (artifact, job summary, JUnit test view). docs/shards.md explains the parts.
 */
export const CI_WORKFLOW = `# A nightly mystery-shopper audit, split into shards that run at the same time on separate
# machines, then merged into one scorecard. The "Scorecard" job fails when a finding is at least as
# severe as --fail-on, or when a shard's runs are missing; the merged report is kept whatever
# happens: the folder as an artifact, summary.md on the run's summary page, junit.xml in the test
# view (a testcase per run). One shard is fine too: set the matrix to shard: [1].
name: Mystery shopper

on:
  schedule:
    - cron: '17 3 * * *'   # every night at 03:17 UTC
  workflow_dispatch:        # and from the Actions tab

permissions:
  contents: read
  checks: write             # for the JUnit report

jobs:
  audit:
    name: Audit (shard \${{ matrix.shard }})
    runs-on: ubuntu-latest
    timeout-minutes: 30
    strategy:
      fail-fast: false      # every shard runs to its end, whatever the others find
      matrix:
        shard: [1, 2]       # more shards, more machines at once: the journeys' runs are dealt out evenly
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      # The Chromium that matches the installed Playwright, with the libraries it needs.
      - run: npx playwright install --with-deps chromium
      - name: Audit
        # The verdict is the merged scorecard's: a shard's findings do not fail its job. A shard that
        # cannot run at all leaves no report, and the Scorecard job says which one is missing.
        continue-on-error: true
        run: npx mystery-shopper run --fail-on major --shard \${{ matrix.shard }}/\${{ strategy.job-total }} --out shard
        env:
          # .env is not committed: give the journeys their values from repository secrets.
          SHOPPER_EMAIL: \${{ secrets.SHOPPER_EMAIL }}
          SHOPPER_PASSWORD: \${{ secrets.SHOPPER_PASSWORD }}
      # shard/latest is a link to the shard's report folder: keep the folder itself for the merge.
      - name: Find the shard's report
        id: shard
        if: always()
        run: if [ -f shard/latest/meta.json ]; then echo "dir=$(readlink -f shard/latest)" >> "$GITHUB_OUTPUT"; fi
      - name: Keep the shard's report
        if: always() && steps.shard.outputs.dir != ''
        uses: actions/upload-artifact@v4
        with:
          name: mystery-shopper-shard-\${{ matrix.shard }}
          path: \${{ steps.shard.outputs.dir }}
          retention-days: 3

  scorecard:
    name: Scorecard
    needs: audit
    if: \${{ !cancelled() }}  # merge what the shards left, even when one of them failed
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      # Each shard's report folder lands in shards/mystery-shopper-shard-N/.
      - uses: actions/download-artifact@v4
        with:
          pattern: mystery-shopper-shard-*
          path: shards
      # The history of earlier audits (reports/history.sqlite): new, recurring and fixed friction,
      # trends and regressions compare each night with the last ones. A key per run, the newest restored.
      - name: Restore the history
        uses: actions/cache/restore@v4
        with:
          path: reports/history.sqlite
          key: mystery-shopper-history-\${{ github.run_id }}
          restore-keys: mystery-shopper-history-
      - name: Merge the shards
        run: npx mystery-shopper merge shards/* --fail-on major
      - name: Save the history
        if: always()
        uses: actions/cache/save@v4
        with:
          path: reports/history.sqlite
          key: mystery-shopper-history-\${{ github.run_id }}
      # reports/latest is a link to the merged report folder: publish the folder itself.
      - name: Job summary
        id: report
        if: always()
        run: |
          if [ -f reports/latest/summary.md ]; then
            echo "dir=$(readlink -f reports/latest)" >> "$GITHUB_OUTPUT"
            cat reports/latest/summary.md >> "$GITHUB_STEP_SUMMARY"
          else
            echo "No report was written: see the logs of the Merge step and of the Audit jobs." >> "$GITHUB_STEP_SUMMARY"
          fi
      - name: Keep the report
        if: always() && steps.report.outputs.dir != ''
        uses: actions/upload-artifact@v4
        with:
          name: mystery-shopper-report
          path: \${{ steps.report.outputs.dir }}
          retention-days: 30
      - name: Test view
        if: always() && steps.report.outputs.dir != ''
        uses: mikepenz/action-junit-report@v5
        with:
          report_paths: \${{ steps.report.outputs.dir }}/junit.xml
          check_name: Mystery shopper
`;
