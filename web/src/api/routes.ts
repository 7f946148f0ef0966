/**
 * The API as the portal sees it, typed from the same route contracts the handlers are built from
 * (type imports only: no server code reaches the bundle). A route is named by its key,
 * `"GET /api/tenant/v1/content/{contentId}"`, so a renamed path, a changed body or a changed response
 * breaks this build rather than a user.
 */
import type { input, output } from "zod/v4/core";
import type { adminApi } from "#shared/contracts/admin.routes";
import type { agentsApi } from "#shared/contracts/agents.routes";
import type { authApi } from "#shared/contracts/auth.routes";
import type { brandApi } from "#shared/contracts/brand.routes";
import type { contentApi } from "#shared/contracts/content.routes";
import type { healthApi } from "#shared/contracts/health.routes";
import type { knowledgeApi } from "#shared/contracts/knowledge.routes";
import type { notificationsApi } from "#shared/contracts/notifications.routes";
import type { realtimeApi } from "#shared/contracts/realtime.routes";
import type { searchApi } from "#shared/contracts/search.routes";
import type { tenantUsersApi } from "#shared/contracts/tenant-users.routes";
import type { Schema } from "#shared/platform/declaration/types";

type Api =
  | typeof adminApi
  | typeof agentsApi
  | typeof authApi
  | typeof brandApi
  | typeof contentApi
  | typeof healthApi
  | typeof knowledgeApi
  | typeof notificationsApi
  | typeof realtimeApi
  | typeof searchApi
  | typeof tenantUsersApi;

/** Every declared route (a union of their declarations). */
type AnyRoute = Api extends infer A ? (A extends { routes: infer R } ? R[keyof R] : never) : never;

/** `"METHOD /path/{param}"` of every route. */
export type RouteKey = AnyRoute extends infer R
  ? R extends { method: infer M extends string; path: infer P extends string }
    ? `${M} ${P}`
    : never
  : never;

/** The declaration a key names. */
export type RouteAt<K extends RouteKey> = K extends `${infer M} ${infer P}`
  ? Extract<AnyRoute, { method: M; path: P }>
  : never;

type Field<R, F extends string> = R extends { [K in F]: infer S extends Schema } ? S : undefined;

/** Path parameters: each one as the URL carries it. */
export type ParamsOf<K extends RouteKey> =
  Field<RouteAt<K>, "params"> extends infer S extends Schema
    ? { [P in keyof output<S>]: string | number }
    : undefined;

/** Query parameters: any subset, typed as the route reads them. */
export type QueryOf<K extends RouteKey> =
  Field<RouteAt<K>, "query"> extends infer S extends Schema
    ? { [P in keyof output<S>]?: output<S>[P] }
    : undefined;

/** The JSON body the route accepts. */
export type BodyOf<K extends RouteKey> =
  Field<RouteAt<K>, "body"> extends infer S extends Schema ? input<S> : undefined;

/** The JSON body of the route's success: what its handler is typed to return. */
export type ResponseOf<K extends RouteKey> =
  Field<RouteAt<K>, "response"> extends infer S extends Schema ? input<S> : unknown;

/** What a call passes besides the key; only the parts the route declares, and all it requires. */
export type CallInput<K extends RouteKey> = (ParamsOf<K> extends undefined
  ? { params?: undefined }
  : { params: ParamsOf<K> }) &
  (QueryOf<K> extends undefined ? { query?: undefined } : { query?: QueryOf<K> }) &
  (BodyOf<K> extends undefined ? { body?: undefined } : { body: BodyOf<K> });
