// How model failures read to a person. The client's ModelError already names the URL and
// what to do; anything else is an unexpected failure and says so.
import { ModelError } from '../model/client';

export function isAbortError(error: unknown): boolean {
  if (error instanceof ModelError) return error.kind === 'aborted';
  return error instanceof Error && error.name === 'AbortError';
}

export function describeModelError(error: unknown): string {
  if (error instanceof ModelError) return error.message;
  const detail = error instanceof Error ? error.message : String(error);
  return `The model request failed unexpectedly: ${detail}`;
}
