/**
 * Builds the portal once for the browser tests, so they drive the very files a deployment uploads
 * (`web/dist`, served by the local front door as CloudFront serves the bucket), not a dev server.
 */
import { fileURLToPath } from "node:url";
import { build } from "vite";

export async function setup(): Promise<void> {
  await build({
    configFile: fileURLToPath(new URL("../../web/vite.config.ts", import.meta.url)),
    logLevel: "warn",
  });
}
