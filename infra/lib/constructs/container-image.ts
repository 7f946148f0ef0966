import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Stack, Stage } from "aws-cdk-lib";
import { Platform } from "aws-cdk-lib/aws-ecr-assets";
import { ContainerImage } from "aws-cdk-lib/aws-ecs";
import type { Construct } from "constructs";
import { buildSync } from "esbuild";
import { DEPLOYED_BUNDLE, esbuildOptionsFor } from "./bundling.ts";

/** The image every consumer runs on: the Node.js major the bundle targets (`DEPLOYED_BUNDLE.target`). */
export const CONSUMER_BASE_IMAGE = "public.ecr.aws/docker/library/node:22-slim";

/**
 * The Dockerfile of a consumer image: the bundle alone on the Node.js base image, run by the image's
 * unprivileged `node` user. No install step: the bundle holds every dependency.
 */
export function consumerDockerfile(): string {
  return [
    `FROM ${CONSUMER_BASE_IMAGE}`,
    "ENV NODE_ENV=production",
    "WORKDIR /app",
    // The bundle and its source map.
    `COPY ${DEPLOYED_BUNDLE.outfile}* ./`,
    "USER node",
    `CMD ["node", "${DEPLOYED_BUNDLE.outfile}"]`,
    "",
  ].join("\n");
}

export interface StageConsumerImageOptions {
  /** Absolute path of the consumer's entry file. */
  readonly entry: string;
  /** The build context to (re)create. */
  readonly directory: string;
  /**
   * Bundle the entry; without it the context holds only the Dockerfile (for stacks that synth skips
   * bundling for, as `NodejsFunction` does).
   */
  readonly bundle: boolean;
}

/**
 * Writes a consumer's Docker build context: the entry bundled as functions are (`bundling.ts`, esbuild
 * in process), except that a container keeps the SDK's whole credential chain (a task's role reaches
 * it through the container credentials endpoint), plus the Dockerfile. Synth needs no Docker; Docker builds the
 * image from this context only when the stack deploys.
 */
export function stageConsumerImage(options: StageConsumerImageOptions): string {
  rmSync(options.directory, { recursive: true, force: true });
  mkdirSync(options.directory, { recursive: true });
  if (options.bundle) {
    if (!existsSync(options.entry)) throw new Error(`Consumer entry ${options.entry} does not exist.`);
    buildSync({ ...esbuildOptionsFor(options.entry, options.directory, [], "container"), logLevel: "error" });
  }
  writeFileSync(join(options.directory, "Dockerfile"), consumerDockerfile());
  return options.directory;
}

/**
 * A consumer's image as a CDK asset for arm64 Linux, its build context staged under the cloud
 * assembly (`<outdir>/consumer-images/<stack>/<name>`), so source-map paths, and with them the asset
 * hash, are the same on every machine.
 */
export function consumerImage(scope: Construct, options: { entry: string; name: string }): ContainerImage {
  const stack = Stack.of(scope);
  const outdir = Stage.of(scope)?.outdir;
  if (outdir === undefined) throw new Error(`${scope.node.path} is not inside a CDK app or stage.`);
  const directory = stageConsumerImage({
    entry: options.entry,
    directory: join(outdir, "consumer-images", stack.artifactId, options.name),
    bundle: stack.bundlingRequired,
  });
  return ContainerImage.fromAsset(directory, { platform: Platform.LINUX_ARM64 });
}
