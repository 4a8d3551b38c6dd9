// Repositories that are never recorded. Training on runs in a repository that an evaluation
// set draws from leaks the evaluation into the model (SEALIGN.md, stage 1), so the default list
// holds every repository of the SWE-bench test sets: SWE-bench, SWE-bench Lite and Verified
// (the same 12 Python repositories) and SWE-bench Multimodal (17 JavaScript repositories,
// dev and test splits), plus the old names GitHub still redirects from.

/** owner/repo, matched on any host. */
export const SWE_BENCH_REPOSITORIES: readonly string[] = [
  // SWE-bench, SWE-bench Lite, SWE-bench Verified (test splits)
  'astropy/astropy',
  'django/django',
  'matplotlib/matplotlib',
  'mwaskom/seaborn',
  'pallets/flask',
  'psf/requests',
  'pydata/xarray',
  'pylint-dev/pylint',
  'pytest-dev/pytest',
  'scikit-learn/scikit-learn',
  'sphinx-doc/sphinx',
  'sympy/sympy',
  // SWE-bench Multimodal, test split
  'GoogleChrome/lighthouse',
  'PrismJS/prism',
  'alibaba-fusion/next',
  'bpmn-io/bpmn-js',
  'carbon-design-system/carbon',
  'eslint/eslint',
  'grommet/grommet',
  'highlightjs/highlight.js',
  'openlayers/openlayers',
  'prettier/prettier',
  'quarto-dev/quarto-cli',
  'scratchfoundation/scratch-gui',
  // SWE-bench Multimodal, dev split
  'Automattic/wp-calypso',
  'chartjs/Chart.js',
  'diegomura/react-pdf',
  'markedjs/marked',
  'processing/p5.js',
  // Earlier names of the same repositories (clones made before a move keep the old URL).
  'PyCQA/pylint',
  'kennethreitz/requests',
  'mitsuhiko/flask',
  'LLK/scratch-gui',
  'chjj/marked',
];

/**
 * A remote URL in one comparable form, `host/path` without scheme, user, port or `.git`:
 * `git@github.com:Owner/Repo.git` and `https://token@github.com/Owner/Repo` both give
 * `github.com/Owner/Repo`. Local paths stay paths. Credentials never survive this.
 */
export function normalizeRemote(url: string): string {
  let rest = url.trim();
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(rest);
  if (scheme) {
    rest = rest.slice(scheme[0].length);
    if (scheme[1]?.toLowerCase() === 'file') return stripGitSuffix(rest);
    rest = rest.replace(/^[^/@]*@/, '');
    const slash = rest.indexOf('/');
    const host = (slash < 0 ? rest : rest.slice(0, slash)).replace(/:\d*$/, '').toLowerCase();
    return stripGitSuffix(`${host}${slash < 0 ? '' : rest.slice(slash)}`);
  }
  // scp-like: [user@]host:path (a colon before any slash, and not a Windows drive letter).
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\\)(.*)$/.exec(rest);
  if (scp && !/^[A-Za-z]$/.test(scp[1] ?? '')) {
    return stripGitSuffix(`${(scp[1] ?? '').toLowerCase()}/${(scp[2] ?? '').replace(/^\/+/, '')}`);
  }
  return stripGitSuffix(rest);
}

function stripGitSuffix(path: string): string {
  return path.replace(/\/+$/, '').replace(/\.git$/i, '').replace(/\/+$/, '');
}

export interface ExclusionMatch {
  /** The normalized remote that matched. */
  remote: string;
  pattern: string;
}

/**
 * The first remote that matches an exclusion pattern, or null. Every remote counts, not only
 * `origin`: a fork whose `upstream` is an excluded repository is excluded too.
 *
 * A pattern is `owner/repo` (any host), `host/owner/repo`, or either with `*` standing for any
 * characters within one path segment; matching ignores case and looks at whole segments at
 * the end of the normalized remote.
 */
export function findExcludedRemote(remotes: readonly string[], patterns: readonly string[]): ExclusionMatch | null {
  const compiled = patterns.map((pattern) => ({ pattern, regex: patternRegex(pattern) }));
  for (const remote of remotes) {
    const normalized = normalizeRemote(remote);
    for (const { pattern, regex } of compiled) {
      if (regex.test(normalized)) return { remote: normalized, pattern };
    }
  }
  return null;
}

function patternRegex(pattern: string): RegExp {
  const segments = normalizeRemote(pattern)
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => segment.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'));
  return new RegExp(`(?:^|/)${segments.join('/')}$`, 'i');
}
