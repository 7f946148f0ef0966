/**
 * The portal's one way to call the API: a route key, its typed input, its typed answer. Each call
 * carries the access token; a 401 renews the session once and retries; a second 401 ends the session.
 */
import { ApiError, apiErrorOf } from "./errors.ts";
import type { CallInput, ResponseOf, RouteKey } from "./routes.ts";
import type { Session } from "./session.ts";
import { routeUrl } from "./url.ts";

export type ApiCall = <K extends RouteKey>(key: K, input?: CallInput<K>) => Promise<ResponseOf<K>>;

export function createApiClient(session: Session): ApiCall {
  async function send(key: string, input: Record<string, unknown> | undefined, token: string | undefined) {
    const space = key.indexOf(" ");
    const method = key.slice(0, space);
    const url = routeUrl(
      key.slice(space + 1),
      input?.params as Record<string, string | number> | undefined,
      input?.query as Record<string, unknown> | undefined,
    );
    const headers: Record<string, string> = { accept: "application/json" };
    if (input?.body !== undefined) headers["content-type"] = "application/json";
    if (token) headers.authorization = `Bearer ${token}`;
    return fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      body: input?.body === undefined ? undefined : JSON.stringify(input.body),
    });
  }

  return async function call<K extends RouteKey>(key: K, input?: CallInput<K>): Promise<ResponseOf<K>> {
    const args = input as Record<string, unknown> | undefined;
    let response = await send(key, args, session.accessToken);
    if (response.status === 401 && session.accessToken) {
      // The token expired or was revoked since it was issued: one renewal, one retry.
      if (await session.renew()) response = await send(key, args, session.accessToken);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const error = apiErrorOf(response.status, body, response.headers.get("x-request-id"));
      if (error.endsSession && session.state.status === "signed-in") session.end(error.message);
      throw error;
    }
    return body as ResponseOf<K>;
  };
}

export { ApiError };
