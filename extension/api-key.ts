// The API key, when a server wants one. Kept in VS Code's SecretStorage (the OS keychain)
// by the "Crux: Set API Key" command; the plain `crux.apiKey` setting and CRUX_API_KEY are
// fallbacks for setups without a keychain (code-server, CI).
import * as vscode from 'vscode';

const SECRET_KEY = 'crux.apiKey';

export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(settingValue: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
    const stored = await this.secrets.get(SECRET_KEY);
    return stored || settingValue || env.CRUX_API_KEY || undefined;
  }

  /** Asks for a key; an empty answer removes the stored one. */
  async prompt(): Promise<void> {
    const value = await vscode.window.showInputBox({
      title: 'Crux: API key for the model server',
      prompt: 'Stored in the system keychain. Leave empty to remove the stored key.',
      password: true,
      ignoreFocusOut: true,
    });
    if (value === undefined) return;
    if (value.trim() === '') await this.secrets.delete(SECRET_KEY);
    else await this.secrets.store(SECRET_KEY, value.trim());
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((event) => {
      if (event.key === SECRET_KEY) listener();
    });
  }
}
