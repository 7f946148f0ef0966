import * as z from "zod/mini";
import { ROLES } from "#shared/domain/access/roles";
import { emailSchema } from "#shared/domain/identity/email";
import { PASSWORD_POLICY, passwordSchema } from "#shared/domain/identity/password";
import { displayLine } from "#shared/domain/text/display-text";
import type { ApiDomainDeclaration, RouteDeclaration } from "#shared/platform/declaration/types";
import { count } from "./response-views.ts";

const signedIn = { role: "any", tenant: { from: "none" } } as const;

/** A password presented to log in: any length the policy once allowed, but never over 1 KB. */
const presentedPassword = z.string().check(
  z.minLength(1),
  z.refine((value) => Buffer.byteLength(value, "utf8") <= PASSWORD_POLICY.maxBytes, {
    error: `Password must be at most ${PASSWORD_POLICY.maxBytes} bytes`,
  }),
);

/** The signed-in user as it sees itself; `tenantId` is null for staff. */
const publicUser = z.strictObject({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  tenantId: z.nullable(z.string()),
});
export type PublicUserView = z.output<typeof publicUser>;

/** A session just started or refreshed; the refresh token travels in the `lm_refresh` cookie, never here. */
const session = z.strictObject({
  accessToken: z.string(),
  /** When the access token expires, in epoch seconds (its `exp` claim). */
  expiresAt: count,
  user: publicUser,
});
export type SessionView = z.output<typeof session>;

/** The public verification keys, newest first (ES256 on P-256). */
const jwks = z.strictObject({
  keys: z.array(
    z.strictObject({
      kty: z.literal("EC"),
      crv: z.literal("P-256"),
      alg: z.literal("ES256"),
      use: z.literal("sig"),
      kid: z.string(),
      x: z.string(),
      y: z.string(),
    }),
  ),
});

/** A 204: the route answers no body. */
const noBody = z.undefined();

/** Sign-up, sign-in, token refresh and sign-out: `/api/auth/v1`. */
export const authRoutes = {
  register: {
    method: "POST",
    path: "/api/auth/v1/register",
    summary: "Create a tenant and its first admin; returns an access token and sets the refresh cookie.",
    body: z.strictObject({
      tenantName: displayLine(120),
      name: displayLine(120),
      email: emailSchema,
      password: passwordSchema,
    }),
    maxBodyBytes: 4096,
    response: session,
    successStatuses: [201],
  },
  login: {
    method: "POST",
    path: "/api/auth/v1/login",
    summary: "Exchange e-mail and password for an access token and the refresh cookie.",
    body: z.strictObject({ email: emailSchema, password: presentedPassword }),
    maxBodyBytes: 4096,
    response: session,
  },
  refresh: {
    method: "POST",
    path: "/api/auth/v1/refresh",
    summary: "Rotate the refresh cookie and get a new access token (needs the X-Requested-With header).",
    response: session,
  },
  logout: {
    method: "POST",
    path: "/api/auth/v1/logout",
    summary: "End this session: the access token and its refresh-token family stop working.",
    access: signedIn,
    response: noBody,
  },
  logoutAll: {
    method: "POST",
    path: "/api/auth/v1/logout-all",
    summary: "End every session of the user: every token issued before now stops working.",
    access: signedIn,
    response: noBody,
  },
  password: {
    method: "POST",
    path: "/api/auth/v1/password",
    summary:
      "Change my password: every other session ends, this one goes on. Wrong current passwords count towards the sign-in lockout.",
    access: signedIn,
    body: z.strictObject({ currentPassword: presentedPassword, newPassword: passwordSchema }).check(
      z.refine((value) => value.newPassword !== value.currentPassword.normalize("NFC"), {
        error: "The new password must differ from the current one",
        path: ["newPassword"],
      }),
    ),
    maxBodyBytes: 4096,
    response: noBody,
  },
  me: {
    method: "GET",
    path: "/api/auth/v1/me",
    summary: "The signed-in user.",
    access: signedIn,
    response: publicUser,
  },
  jwks: {
    method: "GET",
    path: "/api/auth/v1/jwks",
    summary: "The public keys that verify access tokens (current and previous).",
    response: jwks,
  },
} as const satisfies Record<string, RouteDeclaration>;

export const authApi = {
  domain: "auth",
  entry: "functions/api/auth/handler.ts",
  // Password hashing (scrypt, 32 MiB) dominates; more memory also means more CPU on Lambda.
  timeoutSeconds: 10,
  memoryMb: 1024,
  routes: authRoutes,
  bindings: {
    table: "readwrite",
    secrets: ["signing-keys", "verification-keys"],
    starterCredits: true,
    accessTokenTtl: true,
  },
} as const satisfies ApiDomainDeclaration;
