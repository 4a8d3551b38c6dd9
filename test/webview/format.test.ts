// How the panels word a run: how it ended, its result, dates, counts and the history filter.
import assert from 'node:assert/strict';
import { endLabel, lineCount, matchesFilter, resultOf, shortDate } from '../../webview-ui/panels/format';

describe('webview: panel wording', () => {
  it('names how a run ended and its result', () => {
    assert.equal(endLabel('aborted'), 'stopped');
    assert.equal(endLabel(null), 'no outcome');
    assert.deepEqual(resultOf({ resolved: true, verdict: 'accept', testPassed: true }), { text: 'resolved · accepted, tests pass', tone: 'good' });
    assert.deepEqual(resultOf({ resolved: null, verdict: null }), { text: 'unlabelled', tone: 'unknown' });
    assert.equal(resultOf({ resolved: false, verdict: null, testPassed: false }).tone, 'bad');
  });

  it('writes dates sortably in local time and counts lines', () => {
    const iso = new Date(2025, 2, 4, 14, 5).toISOString();
    assert.equal(shortDate(iso), '2025-03-04 14:05');
    assert.equal(shortDate('not a date'), 'not a date');
    assert.equal(lineCount(''), 0);
    assert.equal(lineCount('a'), 1);
    assert.equal(lineCount('a\n'), 1);
    assert.equal(lineCount('a\nb'), 2);
  });

  it('filters the history on every word, in any field', () => {
    const run = { title: 'Fix the failing test', model: 'qwen2.5-coder', agent: 'crux', runId: 'abc', taskId: 'adhoc-1', end: 'step-limit' as const };
    assert.ok(matchesFilter(run, ''));
    assert.ok(matchesFilter(run, 'qwen failing'));
    assert.ok(matchesFilter(run, 'STEP LIMIT'));
    assert.equal(matchesFilter(run, 'qwen openhands'), false);
  });
});
