import { strict as assert } from 'node:assert';
import { DEFAULT_WATCH_CONFIG, watchConfig } from '../../src/watch/config';
import { parseWatchConfig, WatchConfigError } from '../../src/watch/config-parse';
import { chooseAction } from '../../src/watch/recovery';
import type { LoopFinding } from '../../src/watch/finding';

const finding = (severity: LoopFinding['severity']): LoopFinding => ({
  id: 'x-1', kind: 'repeated-error', severity, fromStep: 1, toStep: 3, evidence: { summary: 's', steps: [1, 2, 3] }, recoveries: [], nudge: 'n',
});

describe('loop watch settings', () => {
  it('reads any subset of the settings over the defaults', () => {
    const config = parseWatchConfig({ repeatedError: { warnAt: 4 }, policy: { onWarning: 'rollback' } });
    assert.equal(config.repeatedError.warnAt, 4);
    assert.equal(config.repeatedError.stuckAt, DEFAULT_WATCH_CONFIG.repeatedError.stuckAt);
    assert.equal(config.policy.onWarning, 'rollback');
    assert.deepEqual(parseWatchConfig({}), DEFAULT_WATCH_CONFIG);
  });

  it('names the setting that is wrong', () => {
    assert.throws(() => parseWatchConfig({ repeatedErrors: {} }), /unknown section "repeatedErrors"/);
    assert.throws(() => parseWatchConfig({ cycle: { warnat: 2 } }), /unknown setting "cycle.warnat"/);
    assert.throws(() => parseWatchConfig({ cycle: { warnAt: -1 } }), /cycle.warnAt must be a whole number/);
    assert.throws(() => parseWatchConfig({ policy: { onStuck: 'panic' } }), /policy.onStuck must be one of/);
    assert.throws(() => parseWatchConfig({ noProgress: { warnAt: 9, stuckAt: 3 } }), /noProgress.stuckAt \(3\) is below/);
    assert.throws(() => parseWatchConfig([]), WatchConfigError);
  });

  it('the default policy nudges at a warning and stops a loop that goes on', () => {
    const policy = DEFAULT_WATCH_CONFIG.policy;
    assert.equal(chooseAction(finding('notice'), policy, 0), 'none');
    assert.equal(chooseAction(finding('warning'), policy, 0), 'nudge');
    assert.equal(chooseAction(finding('stuck'), policy, 0), 'stop');
    assert.equal(chooseAction(finding('warning'), policy, policy.maxRecoveries), 'stop', 'after its chances a looping run is stopped');
    const warnOnly = watchConfig({ policy: { onWarning: 'none', onStuck: 'none' } }).policy;
    assert.equal(chooseAction(finding('stuck'), warnOnly, 9), 'none');
  });
});
