import assert from 'node:assert/strict';
import { loopWatchSettings, mayRollBack } from '../../../extension/run/loop-watch-settings';
import { DEFAULT_WATCH_CONFIG } from '../../../src/watch/config';

describe('extension: loop-watch settings', () => {
  it('defaults to the nudge preset and the default thresholds', () => {
    const settings = loopWatchSettings(undefined, {});
    assert.equal(settings.policy, 'nudge');
    assert.deepEqual(settings.config, DEFAULT_WATCH_CONFIG);
    assert.equal(settings.error, null);
  });

  it('applies a preset over the thresholds of the config object', () => {
    const settings = loopWatchSettings('rollback', { repeatedError: { warnAt: 4 } });
    assert.equal(settings.config.repeatedError.warnAt, 4);
    assert.deepEqual([settings.config.policy.onWarning, settings.config.policy.onStuck], ['rollback', 'stop']);
    assert.ok(mayRollBack(settings.config));
    const warn = loopWatchSettings('warn', undefined).config.policy;
    assert.deepEqual([warn.onWarning, warn.onStuck], ['none', 'none']);
  });

  it("keeps the config's own policy when no preset was set", () => {
    const settings = loopWatchSettings(undefined, { policy: { onWarning: 'stop', maxRecoveries: 1 } });
    assert.equal(settings.policy, 'custom');
    assert.deepEqual([settings.config.policy.onWarning, settings.config.policy.maxRecoveries], ['stop', 1]);
  });

  it('says what is wrong with a bad config and falls back to the defaults', () => {
    const settings = loopWatchSettings('nudge', { repeatedErorr: { warnAt: 2 } });
    assert.match(settings.error ?? '', /crux\.loopWatch\.config: unknown section "repeatedErorr".*using the default thresholds/);
    assert.equal(settings.config.repeatedError.warnAt, DEFAULT_WATCH_CONFIG.repeatedError.warnAt);
    assert.match(loopWatchSettings(undefined, 'fast').error ?? '', /must be a JSON object/);
    assert.equal(loopWatchSettings('nonsense', {}).policy, 'nudge', 'an unknown preset is the default');
  });
});
