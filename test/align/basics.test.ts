// The statistics and filter helpers: Wilson intervals, quantiles, length fences, repositories.
import { strict as assert } from 'node:assert';
import { isExcludedRepository, lengthFences, quantile, repositorySlug } from '../../src/align/filters';
import { wilsonInterval } from '../../src/align/wilson';

const near = (actual: number, expected: number, digits = 4) => assert.equal(actual.toFixed(digits), expected.toFixed(digits));

describe('align: Wilson interval', () => {
  it('matches known values', () => {
    const half = wilsonInterval(5, 10);
    near(half.low, 0.2366);
    near(half.high, 0.7634);
    near(wilsonInterval(4, 4).low, 0.5101);
    near(wilsonInterval(0, 4).high, 0.4899);
    assert.deepEqual(wilsonInterval(0, 0), { low: 0, high: 1 });
  });

  it('separates 4/4 from 0/4 at 95% but not 3/3 from 0/3', () => {
    assert.ok(wilsonInterval(4, 4).low > wilsonInterval(0, 4).high);
    assert.ok(wilsonInterval(3, 3).low < wilsonInterval(0, 3).high);
  });

  it('narrows as z falls', () => {
    assert.ok(wilsonInterval(3, 10, 1.645).high < wilsonInterval(3, 10, 2.576).high);
  });
});

describe('align: length fences', () => {
  it('interpolates quantiles', () => {
    assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
    assert.equal(quantile([10], 0.75), 10);
  });

  it('flags only lengths far from the rest, with a spread floor when lengths agree', () => {
    const fences = lengthFences([40, 40, 40, 40, 40, 44], 3);
    assert.ok(fences.high >= 70, 'a few steps longer is not an outlier');
    assert.ok(lengthFences([10, 11, 12, 12, 13, 14], 3).high < 40);
  });
});

describe('align: excluded repositories', () => {
  it('reads owner/name from URLs and SWE-bench task ids', () => {
    assert.equal(repositorySlug('https://github.com/Django/django.git'), 'django/django');
    assert.equal(repositorySlug('git@github.com:astropy/astropy.git'), 'astropy/astropy');
    assert.ok(isExcludedRepository({ repository: null, taskId: 'django__django-11133' }, ['django/django']));
    assert.ok(isExcludedRepository({ repository: 'https://github.com/acme/widgets', taskId: 't' }, ['acme/*']));
    assert.ok(!isExcludedRepository({ repository: 'https://github.com/acme/widgets', taskId: 't' }, ['acme/gadgets']));
    assert.ok(!isExcludedRepository({ repository: null, taskId: 'task-1' }, ['django/django']));
  });
});
