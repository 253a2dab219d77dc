import { InputError } from '../../errors.ts';
import { usesChannelActions, type Channel } from '../channel.ts';
import { PHONE_CHANNEL } from './record.ts';
import { PhoneSettings } from './settings.ts';

/**
 * The phone channel for an audit: nothing runs between calls (the tool plays the provider, no
 * server of ours is needed), so each run gets a session that places its calls. The auth token
 * comes from the environment or .env, never the config; only its HMAC leaves the process.
 */
export const phoneChannel: Channel = {
  name: PHONE_CHANNEL,
  async startAudit({ config, env, baseURL }) {
    // The call driver loads when an audit needs it, not for validate or list.
    const { PhoneSession } = await import('./session.ts');
    const settings = config?.phone ?? PhoneSettings.parse({});
    const authToken = env?.values[settings.authTokenEnv] || undefined;
    if (authToken && env && !env.secretNames.has(settings.authTokenEnv)) {
      // A token under a name that does not look secret would be written into reports unredacted.
      throw new InputError(`phone.authTokenEnv names ${settings.authTokenEnv}, which does not look like a secret: name it with TOKEN, SECRET or KEY, or list it in the config's secrets`, { path: 'phone.authTokenEnv' });
    }
    return {
      channel: PHONE_CHANNEL,
      startRun: (ctx) => new PhoneSession(ctx, settings, baseURL ?? config?.baseURL, authToken),
      stop: async () => {},
    };
  },
  neededBy: (runs) => usesChannelActions(runs, PHONE_CHANNEL),
};
