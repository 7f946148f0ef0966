/** What a route handler returns; the kit turns it into the HTTP response. */
export interface Reply<T = unknown> {
  statusCode: number;
  body?: T;
  headers?: Record<string, string>;
  /** Each becomes one `Set-Cookie` header. */
  cookies?: string[];
}

export const ok = <T>(body: T, extra?: Omit<Reply<T>, "statusCode" | "body">): Reply<T> => ({
  statusCode: 200,
  body,
  ...extra,
});
export const created = <T>(body: T, extra?: Omit<Reply<T>, "statusCode" | "body">): Reply<T> => ({
  statusCode: 201,
  body,
  ...extra,
});
export const accepted = <T>(body: T): Reply<T> => ({ statusCode: 202, body });
export const noContent = (extra?: Omit<Reply<never>, "statusCode" | "body">): Reply<never> => ({
  statusCode: 204,
  ...extra,
});
/** A reply with an explicit status, for the few routes that answer outside 2xx on success paths. */
export const reply = <T>(statusCode: number, body: T): Reply<T> => ({ statusCode, body });
