import { defineChannel, type ChannelDef } from '../define.ts';
import { analyseSite, type SiteAnalysis } from './analysis.ts';
import { SiteRecord } from './record.ts';
import brokenLink from './rules/broken-link.ts';
import contactHardToFind from './rules/contact-hard-to-find.ts';
import noContactChannel from './rules/no-contact-channel.ts';
import noOpeningHours from './rules/no-opening-hours.ts';
import noResponseTime from './rules/no-response-time.ts';
import selfServiceMiss from './rules/self-service-miss.ts';
import { SiteSettings } from './settings.ts';
import { SiteSummary, siteSummary } from './summary.ts';
import { siteView } from './view.ts';

const SiteConfig = SiteSettings.prefault({});

/**
 * The site as `explore` finds it (docs/explore.md): no journey action drives it, so it starts
 * nothing for an audit; `explore` records it and this judges it. Typed out: the run record's type is built from it.
 */
export const site: ChannelDef<'site', typeof SiteConfig, typeof SiteRecord, typeof SiteSummary, SiteAnalysis> = defineChannel({
  name: 'site',
  config: SiteConfig,
  record: SiteRecord,
  summary: SiteSummary,
  actions: [],
  rules: [noContactChannel, contactHardToFind, noResponseTime, noOpeningHours, selfServiceMiss, brokenLink],
  analyse: (record) => analyseSite(record),
  summarise: (record, run, analysis) => siteSummary(record, run, analysis),
  view: { template: new URL('./view.hbs', import.meta.url), build: siteView },
});
