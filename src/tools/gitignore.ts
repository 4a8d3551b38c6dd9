// .gitignore rules as git applies them: each .gitignore speaks for its own folder and below,
// a deeper file can re-include what a shallower one excluded, and `.git/info/exclude` acts as
// one more file at the root. list_files and the Node search fallback share this so that
// they hide exactly the same files (ripgrep applies the same rules on its own).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Never shown or searched, ignored or not. */
export const ALWAYS_HIDDEN = new Set(['.git']);

export class GitignoreRules {
  // Rules per folder (workspace-relative, '' for the root); null when a folder has none.
  private readonly byDir = new Map<string, Promise<Ignore | null>>();

  constructor(private readonly root: string) {}

  /**
   * Whether `rel` (workspace-relative, forward slashes) is ignored, judged by the rules of
   * every folder above it. Callers walk top-down and never enter ignored folders, which is
   * what makes checking the entry itself enough, as in git.
   */
  async ignores(rel: string, isDir: boolean): Promise<boolean> {
    const segments = rel.split('/');
    if (segments.some((segment) => ALWAYS_HIDDEN.has(segment))) return true;
    let ignored = false;
    for (let depth = 0; depth < segments.length; depth++) {
      const dir = segments.slice(0, depth).join('/');
      const rules = await this.rulesFor(dir);
      if (!rules) continue;
      const local = segments.slice(depth).join('/') + (isDir ? '/' : '');
      const verdict = rules.test(local);
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  }

  private rulesFor(dir: string): Promise<Ignore | null> {
    let rules = this.byDir.get(dir);
    if (!rules) {
      rules = this.load(dir);
      this.byDir.set(dir, rules);
    }
    return rules;
  }

  private async load(dir: string): Promise<Ignore | null> {
    const files = [path.join(this.root, dir, '.gitignore')];
    if (dir === '') files.unshift(path.join(this.root, '.git', 'info', 'exclude'));
    const texts = await Promise.all(files.map((file) => readFile(file, 'utf8').catch(() => '')));
    const text = texts.join('\n');
    // Git matches case-sensitively unless core.ignorecase is set; so do ripgrep and we.
    return text.trim() === '' ? null : ignore({ ignorecase: false }).add(text);
  }
}
