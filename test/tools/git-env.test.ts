import { strict as assert } from 'node:assert';
import { gitEnvironment, parseConfigList, proxyEnvironment, repositoryOverrides, type ConfigEntry } from '../../src/tools/git-env';

const local = (key: string, value: string): ConfigEntry => ({ scope: 'local', key, value });
const global = (key: string, value: string): ConfigEntry => ({ scope: 'global', key, value });

describe('git environment and overrides', () => {
  it('parses git config --list -z with and without scopes, values with newlines and keys without values', () => {
    const entries = parseConfigList('global\0user.name\nJane\0local\0core.bare\nfalse\0local\0x.y\nline1\nline2\0local\0flag.only\0', true);
    assert.deepEqual(entries, [
      { scope: 'global', key: 'user.name', value: 'Jane' },
      { scope: 'local', key: 'core.bare', value: 'false' },
      { scope: 'local', key: 'x.y', value: 'line1\nline2' },
      { scope: 'local', key: 'flag.only', value: '' },
    ]);
    assert.deepEqual(parseConfigList('core.pager\nless\0', false), [{ scope: 'unknown', key: 'core.pager', value: 'less' }]);
  });

  it('takes back every program the repository names, and keeps harmless settings', () => {
    const overrides = repositoryOverrides([
      local('core.fsmonitor', 'evil'), local('core.sshcommand', 'evil'), local('filter.Evil.clean', 'evil'),
      local('diff.my.driver.textconv', 'evil'), local('pager.status', 'evil'), local('remote.origin.uploadpack', 'evil'),
      local('core.autocrlf', 'false'), local('user.name', 'x'),
    ], {});
    assert.deepEqual(overrides.filter((setting) => !setting.startsWith('protocol.')), [
      'core.fsmonitor=false', 'core.sshcommand=ssh', 'filter.Evil.clean=', 'filter.Evil.required=false',
      'diff.my.driver.textconv=', 'pager.status=false', 'remote.origin.uploadpack=git-upload-pack',
    ]);
  });

  it("puts the user's own value back where the repository overrides it (git-lfs keeps working)", () => {
    const overrides = repositoryOverrides([
      global('filter.lfs.clean', 'git-lfs clean -- %f'), global('filter.lfs.required', 'true'),
      local('filter.lfs.clean', 'evil'), local('filter.lfs.process', 'evil'), global('filter.lfs.process', 'git-lfs filter-process'),
    ], {});
    assert.deepEqual(overrides.filter((setting) => setting.startsWith('filter.')), [
      'filter.lfs.clean=git-lfs clean -- %f', 'filter.lfs.process=git-lfs filter-process',
    ]);
  });

  it('treats entries of unknown scope (git without --show-scope) as the repository\'s', () => {
    assert.deepEqual(repositoryOverrides([{ scope: 'unknown', key: 'core.pager', value: 'evil' }], { allowTransport: true }), ['core.pager=cat']);
  });

  it("clears credential helpers a repository adds and re-adds the user's in order", () => {
    const overrides = repositoryOverrides([
      global('credential.helper', 'store'), local('credential.helper', '!evil'),
      global('credential.https://example.com.helper', 'cache'), local('credential.https://x.helper', '!evil'),
    ], { allowTransport: true });
    assert.deepEqual(overrides, ['credential.helper=', 'credential.helper=store', 'credential.https://example.com.helper=cache']);
    assert.deepEqual(repositoryOverrides([global('credential.helper', 'store')], { allowTransport: true }), []);
  });

  it('refuses every transport for work on the workspace, and keeps defaults for clones', () => {
    assert.deepEqual(repositoryOverrides([global('protocol.file.allow', 'always')], {}), ['protocol.allow=never', 'protocol.file.allow=never']);
    assert.deepEqual(repositoryOverrides([local('protocol.ext.allow', 'always'), local('protocol.https.allow', 'never')], { allowTransport: true }),
      ['protocol.ext.allow=never', 'protocol.https.allow=always']);
    assert.deepEqual(repositoryOverrides([global('protocol.file.allow', 'always'), local('protocol.file.allow', 'never')], { allowTransport: true }),
      ['protocol.file.allow=always']);
  });

  it('blanks a repository gitProxy through the environment (first match wins in config)', () => {
    assert.deepEqual(proxyEnvironment([local('core.gitproxy', 'evil')]), { GIT_PROXY_COMMAND: '' });
    assert.deepEqual(proxyEnvironment([global('core.gitproxy', 'mine')]), {});
  });

  it("drops inherited git, editor, pager and Crux variables and sets git's own safe ones", () => {
    const env = gitEnvironment({}, { GIT_INDEX_FILE: '/tmp/i' }, {
      PATH: '/bin', HOME: '/h', GIT_DIR: '/other', GIT_EXEC_PATH: '/evil', GIT_SSH_COMMAND: 'evil', GIT_CONFIG_PARAMETERS: "'core.pager'='evil'",
      GIT_CONFIG_COUNT: '1', EDITOR: 'evil', PAGER: 'evil', CRUX_API_KEY: 'sk-secret', git_dir: '/lower',
    });
    assert.deepEqual(Object.keys(env).sort(), [
      'GIT_EDITOR', 'GIT_INDEX_FILE', 'GIT_NO_LAZY_FETCH', 'GIT_OPTIONAL_LOCKS', 'GIT_PAGER', 'GIT_SEQUENCE_EDITOR', 'GIT_TERMINAL_PROMPT', 'HOME', 'PATH',
    ]);
    assert.equal(env.GIT_INDEX_FILE, '/tmp/i');
    assert.equal(gitEnvironment({ ownRepository: true }, {}, {}).GIT_CONFIG_NOSYSTEM, '1');
    assert.equal(gitEnvironment({}, {}, {}).GIT_CONFIG_NOSYSTEM, undefined);
  });
});
