/**
 * The AWS credentials of a Lambda function, and only those: the environment variables the Lambda
 * runtime sets from the function's execution role (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
 * `AWS_SESSION_TOKEN`). The bundler puts this module in place of `@aws-sdk/credential-provider-node`
 * in every Lambda bundle (`infra/lib/constructs/bundling.ts`), so each SDK client's default provider,
 * and the search client's signer, read the environment and nothing else.
 *
 * Why: the SDK's default chain also carries the profile, SSO, login, process, web-identity, container
 * and instance-metadata providers and the STS/SSO clients they call — about 130 KiB that every cold
 * start compiles although a Lambda function never reaches past the first link, the environment
 * (docs/decisions/0004-cold-start-budget.md). Missing variables fail the call with the SDK's own
 * `CredentialsProviderError` instead of falling through to providers that cannot answer in Lambda.
 *
 * The Fargate consumers keep the whole chain: a task's role reaches it through the container
 * credentials endpoint. The local cloud runs functions from source with the whole chain, which finds
 * the same variables first.
 */
import { fromEnv } from "@aws-sdk/credential-provider-env";

/** The `@aws-sdk/credential-provider-node` export SDK clients call for their default credentials. */
export function defaultProvider(init?: Parameters<typeof fromEnv>[0]): ReturnType<typeof fromEnv> {
  return fromEnv(init);
}
