// A model URL may carry credentials (http://user:password@host/v1, for a server behind a proxy
// with basic auth). fetch refuses such URLs, and every message that names the server would
// print the password. So the credentials are taken out once, here: they travel as an
// Authorization header, and the URL Crux shows, logs and records has none.

export interface SplitUrl {
  /** The URL without user name and password. */
  url: string;
  /** `Basic ...` for the credentials the URL held; undefined when it held none. */
  authorization?: string;
}

export function splitUrlCredentials(raw: string): SplitUrl {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return { url: redactUrlCredentials(raw) };
  }
  if (parsed.username === '' && parsed.password === '') return { url: raw };
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  // URL keeps a trailing slash the caller did not write on a bare origin; the text after the
  // host is taken from the original so the URL reads as written, less the credentials.
  const url = raw.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/?#@]*@/, '$1');
  return { url, authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

/** Any `scheme://user:password@` in a text, with the password replaced by `***`. For messages
 * that may quote a URL Crux did not build (an error from a library, a setting echoed back). */
export function redactUrlCredentials(text: string): string {
  return text.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/\s:@"'<>]*):[^/\s@"'<>]*@/g, '$1:***@');
}
