// A corpus of hostile git repositories, one per way a repository can make git run a program.
// Every planted program is the same script, which creates a marker file named after the
// vector; a test proves Crux ran nothing by finding the marker folder empty.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HostileCorpus {
  /** Where all repositories and the marker folder live. */
  dir: string;
  markers: string;
  /** Repositories by vector name. */
  repos: Record<string, string>;
  /** Markers created so far (names of the vectors whose program ran). */
  ran(): string[];
  remove(): void;
}

type Git = (...args: string[]) => string;

/** Each vector plants its programs into a fresh, committed repository with a pending change. */
const VECTORS: Record<string, (git: Git, root: string, run: (tag: string) => string) => void> = {
  fsmonitor: (git, _root, run) => git('config', 'core.fsmonitor', run('fsmonitor')),
  hooks: (git, root, run) => {
    const hooks = join(root, 'evil-hooks');
    mkdirSync(hooks);
    for (const hook of HOOKS) {
      writeFileSync(join(hooks, hook), `#!/bin/sh\n${run(`hooksPath-${hook}`)}\n`, { mode: 0o755 });
      writeFileSync(join(root, '.git', 'hooks', hook), `#!/bin/sh\n${run(`hook-${hook}`)}\n`, { mode: 0o755 });
    }
    git('config', 'core.hooksPath', hooks);
  },
  filter: (git, root, run) => {
    git('config', 'filter.evil.clean', `${run('filter-clean')}; cat`);
    git('config', 'filter.evil.smudge', `${run('filter-smudge')}; cat`);
    git('config', 'filter.evil.required', 'true');
    git('config', 'filter.proc.process', run('filter-process'));
  },
  'diff-external': (git, _root, run) => git('config', 'diff.external', run('diff-external')),
  textconv: (git, root, run) => {
    git('config', 'diff.evil.textconv', `${run('textconv')}; cat`);
    git('config', 'diff.evil.command', run('diff-command'));
  },
  pager: (git, _root, run) => {
    git('config', 'core.pager', run('core-pager'));
    for (const command of ['status', 'diff', 'log', 'config', 'remote']) git('config', `pager.${command}`, run(`pager-${command}`));
  },
  transport: (git, _root, run) => {
    git('config', 'core.sshCommand', run('sshCommand'));
    git('config', 'core.gitProxy', run('gitProxy'));
    git('config', 'core.askPass', run('askPass'));
    git('config', 'credential.helper', `!${run('credential')}`);
    git('remote', 'add', 'origin', 'ssh://git@example.invalid/x.git');
    git('config', 'remote.origin.uploadpack', run('uploadpack'));
    git('config', 'protocol.ext.allow', 'always');
    git('remote', 'add', 'ext', `ext::sh -c ${run('ext').replace(/ /g, '% ')}`);
  },
  include: (git, root, run) => {
    // The included file sets the vectors above; the repository's own config only includes it.
    const included = join(root, 'evil.cfg');
    writeFileSync(included, [
      '[core]', `\tfsmonitor = "${run('include-fsmonitor')}"`, `\tpager = "${run('include-pager')}"`, `\thooksPath = ${root}/evil-hooks`,
      '[filter "inc"]', `\tclean = "${run('include-clean')}; cat"`, '\trequired = true',
      '[diff]', `\texternal = "${run('include-external')}"`, '',
    ].join('\n'));
    mkdirSync(join(root, 'evil-hooks'));
    for (const hook of HOOKS) writeFileSync(join(root, 'evil-hooks', hook), `#!/bin/sh\n${run(`include-hook-${hook}`)}\n`, { mode: 0o755 });
    git('config', 'include.path', '../evil.cfg');
    git('config', `includeIf.gitdir:${root}/.git.path`, '../evil.cfg');
  },
  submodule: (git, root, run) => {
    const inner = join(root, '..', `${root.split('/').pop()}-inner`);
    makeRepo(inner, { 'inner.txt': 'inner\n' });
    git('-c', 'protocol.file.allow=always', 'submodule', '--quiet', 'add', inner, 'sub');
    git('commit', '-q', '-m', 'add submodule');
    const sub: Git = (...args) => execFileSync('git', args, { cwd: join(root, 'sub'), encoding: 'utf8' });
    writeFileSync(join(root, 'sub', '.gitattributes'), '* filter=subevil\n');
    sub('config', 'filter.subevil.clean', `${run('submodule-clean')}; cat`);
    sub('config', 'core.fsmonitor', run('submodule-fsmonitor'));
    writeFileSync(join(root, 'sub', 'inner.txt'), 'inner, changed\n');
  },
};

/** Committed attributes that name the drivers a vector configures. */
const ATTRIBUTES: Record<string, string> = { filter: '* filter=evil\n*.p filter=proc\n', textconv: '* diff=evil\n', include: '* filter=inc\n' };

/** Hooks that git commands Crux could run would call. */
const HOOKS = ['pre-commit', 'post-commit', 'commit-msg', 'post-checkout', 'post-index-change', 'reference-transaction', 'post-merge', 'pre-auto-gc', 'post-rewrite'];

export const HOSTILE_VECTORS = Object.keys(VECTORS);

/** Builds every vector's repository (or the named ones) in a new temp folder. */
export function createHostileCorpus(only: readonly string[] = HOSTILE_VECTORS): HostileCorpus {
  const dir = mkdtempSync(join(tmpdir(), 'crux-hostile-'));
  const markers = join(dir, 'markers');
  mkdirSync(markers);
  const script = join(dir, 'pwn.sh');
  writeFileSync(script, `#!/bin/sh\ntouch "${markers}/$1"\n`);
  chmodSync(script, 0o755);
  const run = (tag: string) => `${script} ${tag}`;
  const repos: Record<string, string> = {};
  for (const name of only) {
    const root = join(dir, name);
    // The attributes are committed before any driver is configured, so rollout copies check them out.
    const attributes: Record<string, string> = ATTRIBUTES[name] ? { '.gitattributes': ATTRIBUTES[name] } : {};
    const git = makeRepo(root, { 'a.txt': 'one\n', 'b.p': 'process\n', 'README.md': '# hostile\n', ...attributes });
    VECTORS[name]!(git, root, run);
    // A pending change, so status and diff compare contents (and would run filters and diffs).
    writeFileSync(join(root, 'a.txt'), 'one, changed\n');
    writeFileSync(join(root, 'b.p'), 'process, changed\n');
    writeFileSync(join(root, 'new.txt'), 'new\n');
    repos[name] = root;
  }
  if (readdirSync(markers).length > 0) throw new Error(`building the corpus ran ${readdirSync(markers).join(', ')}`);
  return { dir, markers, repos, ran: () => readdirSync(markers).sort(), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function makeRepo(root: string, files: Record<string, string>): Git {
  mkdirSync(root, { recursive: true });
  const git: Git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.invalid');
  git('config', 'user.name', 'Crux Test');
  git('config', 'commit.gpgsign', 'false');
  for (const [path, content] of Object.entries(files)) writeFileSync(join(root, path), content);
  git('add', '-A');
  git('commit', '-q', '-m', 'initial');
  return git;
}
