// Runs in the workbench page before its scripts (playwright addInitScript). A built VS Code
// honours ?payload=extensionDevelopmentPath/extensionTestsPath only when
// developmentOptions.enableSmokeTestDriver is set, which code-server's CLI cannot set: patch
// the workbench configuration as the page reads it. (Intercepting the page request with
// page.route() broke the remote WebSockets.)
(() => {
  const original = Element.prototype.getAttribute;
  Element.prototype.getAttribute = function patched(name) {
    const value = original.call(this, name);
    if (name === 'data-settings' && this.id === 'vscode-workbench-web-configuration' && value) {
      try {
        const config = JSON.parse(value);
        config.developmentOptions = { ...(config.developmentOptions || {}), enableSmokeTestDriver: true };
        return JSON.stringify(config);
      } catch {
        return value;
      }
    }
    return value;
  };
})();
