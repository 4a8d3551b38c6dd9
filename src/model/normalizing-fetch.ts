// A fetch for the SDK that rewrites error bodies into OpenAI's {"error": {"message": …}} shape.
// The SDK reads the message only from that shape, and local servers use others: older vLLM and
// SGLang send {"object": "error", "message": …}, FastAPI routes {"detail": …}, Ollama's native
// routes {"error": "text"}. Without this, their errors reach the user as "400 status code (no body)".
import { Agent, fetch as undiciFetch } from 'undici';
import { isPlainObject } from './arguments';

/** Node's fetch gives up on a silent response after undici's fixed 300 s header and body
 * timeouts, an error that looked retryable, so a server that sent headers and then nothing held
 * a run for 5 × 300 s. Crux's own idle timer (ModelClient idleTimeoutMs) is the one limit:
 * undici's are switched off here. */
const patientDispatcher = new Agent({ headersTimeout: 0, bodyTimeout: 0 });

export function normalizeErrorBody(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text; // Plain text bodies already become the SDK's message.
  }
  if (!isPlainObject(body)) return text;
  const error = body['error'];
  if (isPlainObject(error) && typeof error['message'] === 'string') return text;
  const message =
    typeof error === 'string'
      ? error
      : typeof body['message'] === 'string'
        ? body['message']
        : typeof body['detail'] === 'string'
          ? body['detail']
          : body['detail'] !== undefined
            ? JSON.stringify(body['detail'])
            : undefined;
  if (message === undefined) return text;
  const normalized: Record<string, unknown> = { message };
  if (typeof body['type'] === 'string') normalized['type'] = body['type'];
  if (body['code'] !== undefined) normalized['code'] = body['code'];
  return JSON.stringify({ error: normalized });
}

export const normalizingFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const response = (await undiciFetch(input as Parameters<typeof undiciFetch>[0], {
    ...(init as Parameters<typeof undiciFetch>[1]),
    dispatcher: patientDispatcher,
  })) as unknown as Response;
  if (response.ok) return response;
  const text = await response.text();
  const headers = new Headers(response.headers);
  // The body is decoded and may change length, so these no longer describe it.
  headers.delete('content-length');
  headers.delete('content-encoding');
  return new Response(normalizeErrorBody(text), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
};
