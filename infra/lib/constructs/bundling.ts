import { join } from "node:path";
import { type BundlingOptions, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import type { BuildOptions } from "esbuild";

/**
 * How every function is bundled, in one place, so that the deployed bundle and a benchmark's bundle
 * (`esbuild` run directly, e.g. `scripts/bench/cold.ts`) are built the same way.
 *
 * - ESM output; the banner gives CommonJS dependencies the `require` they expect.
 * - The AWS SDK is bundled, not left to the runtime's copy, so what runs is the version in
 *   `package-lock.json` and tree-shaking keeps it small. The one exception is a function's declared
 *   `runtimeProvidedModules` (lazily loaded on a rare path), which are external for that function.
 * - `module` before `main`, so packages that ship ESM are tree-shaken.
 * - Minified, with source maps that the runtime applies (`NODE_OPTIONS=--enable-source-maps`). The
 *   maps carry no `sourcesContent`: a stack trace needs only the mappings, and Node reads and parses
 *   the whole map as it loads the bundle, so the sources in it (most of its megabytes) cost every
 *   cold start.
 * - A Lambda bundle takes its credentials from the environment only (`LAMBDA_CREDENTIALS`); a
 *   container's keeps the SDK's whole default chain.
 */
export const DEPLOYED_BUNDLE = {
  platform: "node",
  target: "node22",
  format: "esm",
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ["module", "main"],
  /** No module is external to every function: see above. */
  external: [] as string[],
  banner:
    'import { createRequire as __lmCreateRequire } from "node:module"; const require = __lmCreateRequire(import.meta.url);',
  /** NodejsFunction names an ESM bundle `index.mjs`; the handler is its `handler` export. */
  outfile: "index.mjs",
} as const;

/**
 * What a Lambda bundle holds in place of the SDK's default credential chain: the module every SDK
 * client imports its default provider from, answered by one that reads the environment the Lambda
 * runtime sets (`shared/adapters/lambda-credentials.ts`, whose comment says why).
 */
export const LAMBDA_CREDENTIALS = {
  module: "@aws-sdk/credential-provider-node",
  replacement: join(import.meta.dirname, "..", "..", "..", "shared", "adapters", "lambda-credentials.ts"),
} as const;

/** Where a bundle runs: a Lambda function, or a container (the Fargate consumers). */
export type BundleHost = "lambda" | "container";

/**
 * `DEPLOYED_BUNDLE` as the `bundling` prop of a `NodejsFunction`.
 * @param runtimeProvidedModules the function's declared `runtimeProvidedModules`. @default []
 */
export function nodejsBundlingOptions(runtimeProvidedModules: readonly string[] = []): BundlingOptions {
  return {
    target: DEPLOYED_BUNDLE.target,
    format: OutputFormat.ESM,
    minify: DEPLOYED_BUNDLE.minify,
    sourceMap: DEPLOYED_BUNDLE.sourcemap,
    sourcesContent: DEPLOYED_BUNDLE.sourcesContent,
    mainFields: [...DEPLOYED_BUNDLE.mainFields],
    externalModules: [...DEPLOYED_BUNDLE.external, ...runtimeProvidedModules],
    banner: DEPLOYED_BUNDLE.banner,
    esbuildArgs: { [`--alias:${LAMBDA_CREDENTIALS.module}`]: LAMBDA_CREDENTIALS.replacement },
  };
}

/**
 * `DEPLOYED_BUNDLE` as options of esbuild's `build()`, for building a bundle exactly as it deploys.
 * @param runtimeProvidedModules the function's declared `runtimeProvidedModules`. @default []
 * @param host where the bundle runs. @default "lambda"
 */
export function esbuildOptionsFor(
  entry: string,
  outdir: string,
  runtimeProvidedModules: readonly string[] = [],
  host: BundleHost = "lambda",
): BuildOptions & { entryPoints: string[] } {
  return {
    entryPoints: [entry],
    outfile: `${outdir}/${DEPLOYED_BUNDLE.outfile}`,
    bundle: true,
    platform: DEPLOYED_BUNDLE.platform,
    target: DEPLOYED_BUNDLE.target,
    format: DEPLOYED_BUNDLE.format,
    minify: DEPLOYED_BUNDLE.minify,
    sourcemap: DEPLOYED_BUNDLE.sourcemap,
    sourcesContent: DEPLOYED_BUNDLE.sourcesContent,
    mainFields: [...DEPLOYED_BUNDLE.mainFields],
    external: [...DEPLOYED_BUNDLE.external, ...runtimeProvidedModules],
    banner: { js: DEPLOYED_BUNDLE.banner },
    ...(host === "lambda" ? { alias: { [LAMBDA_CREDENTIALS.module]: LAMBDA_CREDENTIALS.replacement } } : {}),
  };
}
