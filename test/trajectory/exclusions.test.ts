import { strict as assert } from 'node:assert';
import { findExcludedRemote, normalizeRemote, SWE_BENCH_REPOSITORIES } from '../../src/trajectory/privacy/exclusions';
import { adHocTaskId } from '../../src/trajectory/repository';

describe('repository exclusions', () => {
  it('normalizes remotes of every shape to host/path, without credentials', () => {
    const cases: [string, string][] = [
      ['git@github.com:Django/django.git', 'github.com/Django/django'],
      ['https://github.com/django/django.git', 'github.com/django/django'],
      ['https://x-access-token:ghs_abc@GitHub.com/django/django/', 'github.com/django/django'],
      ['ssh://git@github.com:22/django/django.git', 'github.com/django/django'],
      ['git://gitlab.example.org/group/sub/repo.git', 'gitlab.example.org/group/sub/repo'],
      ['github.com:owner/repo', 'github.com/owner/repo'],
      ['file:///srv/git/repo.git', '/srv/git/repo'],
      ['/home/me/repos/thing', '/home/me/repos/thing'],
      ['C:\\repos\\thing', 'C:\\repos\\thing'],
    ];
    for (const [url, expected] of cases) assert.equal(normalizeRemote(url), expected, url);
  });

  it('excludes every SWE-bench test-set repository, by any remote, any host and any case', () => {
    for (const repo of SWE_BENCH_REPOSITORIES) {
      assert.ok(findExcludedRemote([`https://github.com/${repo}.git`], SWE_BENCH_REPOSITORIES), repo);
      assert.ok(findExcludedRemote([`git@gitlab.com:${repo.toUpperCase()}`], SWE_BENCH_REPOSITORIES), `${repo} (mirror, upper case)`);
    }
    const fork = findExcludedRemote(['git@github.com:me/flask.git', 'https://github.com/pallets/flask'], SWE_BENCH_REPOSITORIES);
    assert.deepEqual(fork, { remote: 'github.com/pallets/flask', pattern: 'pallets/flask' });
    assert.ok(SWE_BENCH_REPOSITORIES.includes('sympy/sympy') && SWE_BENCH_REPOSITORIES.includes('openlayers/openlayers'));
  });

  it('matches whole path segments only, with * inside a segment', () => {
    assert.equal(findExcludedRemote(['https://github.com/notdjango/django'], ['django/django']), null);
    assert.equal(findExcludedRemote(['https://github.com/django/django-extensions'], ['django/django']), null);
    assert.equal(findExcludedRemote([], SWE_BENCH_REPOSITORIES), null);
    assert.ok(findExcludedRemote(['git@github.com:acme/secret-app.git'], ['acme/*']));
    assert.ok(findExcludedRemote(['https://git.corp.example/team/app'], ['git.corp.example/*/*']));
    assert.equal(findExcludedRemote(['https://github.com/team/app'], ['git.corp.example/*/*']), null);
  });

  it('gives ad-hoc runs a stable task id from remote, commit and task text', () => {
    const repo = { remote: 'github.com/acme/app', commit: 'abc' };
    const id = adHocTaskId(repo, 'Fix the bug\r\n');
    assert.match(id, /^adhoc-[0-9a-f]{16}$/);
    assert.equal(adHocTaskId(repo, '  Fix the bug\n'), id);
    assert.notEqual(adHocTaskId({ ...repo, commit: 'def' }, 'Fix the bug'), id);
    assert.notEqual(adHocTaskId(repo, 'Fix another bug'), id);
    assert.notEqual(adHocTaskId({ remote: null, commit: null }, 'Fix the bug'), id);
  });
});
