// Team store addresses: postgres://USER:PASSWORD@HOST:PORT/DATABASE, optionally followed by
// /RUN to name one run (`crux show postgres://…/RUN`). Also accepted: postgresql://, and any
// libpq query parameters (?sslmode=require for a managed server).

export interface TeamAddress {
  /** The connection string, without a run. */
  connectionString: string;
  /** The run named after the database, if any. */
  runId: string | null;
  /** For messages: the address with its password masked. */
  display: string;
}

export function isTeamUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

export function parseTeamUrl(value: string): TeamAddress {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`"${maskPassword(value)}" is not a valid postgres:// URL`);
  }
  if (!/^postgres(ql)?:$/i.test(url.protocol)) throw new Error(`"${maskPassword(value)}" is not a postgres:// URL`);
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  if (segments.length > 2) throw new Error(`"${maskPassword(value)}": expected postgres://HOST/DATABASE or postgres://HOST/DATABASE/RUN`);
  const runId = segments.length === 2 ? decodeURIComponent(segments[1] as string) : null;
  url.pathname = segments.length > 0 ? `/${segments[0]}` : '';
  const connectionString = url.toString();
  return { connectionString, runId, display: maskPassword(connectionString) };
}

/** The URL with its password replaced by ***, for logs and errors. */
export function maskPassword(value: string): string {
  return value.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

/** The URL of one role on the same server and database as `base`. */
export function urlFor(base: string, user: string, password: string): string {
  const url = new URL(parseTeamUrl(base).connectionString);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  return url.toString();
}
