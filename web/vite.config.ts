import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * The portal's build. One origin serves it with `/api` and `/ws` (the front door locally,
 * CloudFront in AWS), so the app calls relative URLs and the dev server proxies both to the
 * front door named by `LEADMETRICS_ORIGIN`.
 */
const origin = process.env.LEADMETRICS_ORIGIN ?? "http://127.0.0.1:3000";

export const config = defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // No inline scripts or styles: the content security policy allows only the app's own origin.
    assetsInlineLimit: 0,
    sourcemap: true,
    reportCompressedSize: true,
  },
  server: {
    proxy: {
      "/api": { target: origin, changeOrigin: false },
      "/ws": { target: origin.replace(/^http/, "ws"), ws: true },
    },
  },
});

// biome-ignore lint/style/noDefaultExport: Vite reads the config from the default export.
export default config;
