/**
 * The sign-in lockout: this many failures in a row (sign-in or password change) lock an account for
 * this long. One definition, for the auth domain that counts and the admin domain that unlocks.
 */
export const LOCKOUT = { failures: 10, seconds: 15 * 60 } as const;

/** The rate limiter that counts the failures, keyed by normalized e-mail. */
export const LOGIN_FAILURES_LIMITER = {
  name: "login-failures",
  limit: LOCKOUT.failures,
  windowSeconds: LOCKOUT.seconds,
} as const;
