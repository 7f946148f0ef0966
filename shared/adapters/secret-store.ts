/**
 * Reads a secret's string value by its id (name or ARN). The functions' one way to a secret, so the
 * code that uses a key never knows whether the Lambda extension or an SDK client fetched it.
 */
export type SecretReader = (secretId: string) => Promise<string>;

/** The extension's default port, when `PARAMETERS_SECRETS_EXTENSION_HTTP_PORT` is not set. */
const DEFAULT_EXTENSION_PORT = 2773;

/** The part of the extension's answer (the `GetSecretValue` JSON) that is used here. */
interface ExtensionAnswer {
  SecretString?: unknown;
}

/**
 * Secrets through the AWS Parameters and Secrets Lambda Extension: `GET
 * localhost:<port>/secretsmanager/get?secretId=…` with the sandbox's session token as the
 * `X-Aws-Parameters-Secrets-Token` header. The extension caches each secret for its TTL
 * (`SECRETS_MANAGER_TTL`), so a function holds no SDK client and pays Secrets Manager's round trip
 * only on a cache miss. The extension serves only during invocations (a read at init is refused),
 * so callers read on first need. A failure says the status, never the answer's body: an error body
 * may quote what was asked, and nothing of a secret belongs in a log.
 */
export function extensionSecretReader(
  options: {
    /** @default process.env */
    env?: NodeJS.ProcessEnv;
    /** @default globalThis.fetch */
    fetch?: typeof fetch;
  } = {},
): SecretReader {
  const env = options.env ?? process.env;
  const get = options.fetch ?? fetch;
  return async (secretId) => {
    const port = env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? String(DEFAULT_EXTENSION_PORT);
    const token = env.AWS_SESSION_TOKEN;
    if (token === undefined || token === "") {
      throw new Error(`Cannot read secret ${secretId}: no AWS_SESSION_TOKEN for the secrets extension`);
    }
    const url = `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`;
    const response = await get(url, { headers: { "X-Aws-Parameters-Secrets-Token": token } }).catch(
      (cause: unknown) => {
        throw new Error(`Cannot reach the secrets extension on port ${port} for ${secretId}`, { cause });
      },
    );
    if (!response.ok) {
      // Read the body so the connection is released; its text stays out of the error.
      await response.arrayBuffer();
      throw new Error(`The secrets extension answered ${response.status} for secret ${secretId}`);
    }
    const answer = (await response.json()) as ExtensionAnswer;
    if (typeof answer.SecretString !== "string") throw new Error(`Secret ${secretId} has no string value`);
    return answer.SecretString;
  };
}
