import { type $ZodType, type output, safeParse } from "zod/v4/core";

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/**
 * Parses the environment with a zod schema at cold start. A missing or malformed variable fails the
 * function's initialisation with a message naming each variable, instead of failing a request later.
 */
export function loadConfig<S extends $ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): output<S> {
  const result = safeParse(schema, env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.map(String).join(".");
    return env[name] === undefined
      ? `missing environment variable ${name}`
      : `environment variable ${name} is invalid: ${issue.message}`;
  });
  throw new ConfigError(`Configuration error: ${problems.join("; ")}`);
}
