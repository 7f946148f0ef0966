import { mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FunctionBundles } from "./function-bundles.ts";

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "function-bundles-"));
  await writeFile(join(root, "package-lock.json"), "{}");
  await writeFile(join(root, "greeting.ts"), "export const greeting = (name: string) => 'hello ' + name;\n");
  await writeFile(
    join(root, "hello.handler.ts"),
    'import { greeting } from "./greeting.ts";\nexport const handler = async () => greeting("one");\n',
  );
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const later = async (path: string) => {
  const future = new Date(Date.now() + 5_000);
  await utimes(path, future, future);
};

describe("FunctionBundles", () => {
  it("builds an entry into one ESM file that exports its handler", async () => {
    const path = await new FunctionBundles(root).bundleOf({ entry: "hello.handler.ts" });

    expect(path.startsWith(join(root, ".local", "lambda-bundles"))).toBe(true);
    const module = (await import(path)) as { handler: () => Promise<string> };
    expect(await module.handler()).toBe("hello one");
  });

  it("uses a bundle again across instances while its sources are unchanged", async () => {
    const first = await new FunctionBundles(root).bundleOf({ entry: "hello.handler.ts" });
    const again = await new FunctionBundles(root).bundleOf({ entry: "hello.handler.ts" });

    expect(again).toBe(first);
  });

  it("builds again when a source it imports changes, once forgotten", async () => {
    const bundles = new FunctionBundles(root);
    const first = await bundles.bundleOf({ entry: "hello.handler.ts" });
    await writeFile(join(root, "greeting.ts"), "export const greeting = (name: string) => 'hi ' + name;\n");
    await later(join(root, "greeting.ts"));

    const remembered = await bundles.bundleOf({ entry: "hello.handler.ts" });
    bundles.forget();
    const rebuilt = await bundles.bundleOf({ entry: "hello.handler.ts" });

    expect(remembered).toBe(first);
    expect(rebuilt).not.toBe(first);
    const module = (await import(rebuilt)) as { handler: () => Promise<string> };
    expect(await module.handler()).toBe("hi one");
  });

  it("builds again when the lock file changes (a package was updated)", async () => {
    const first = await new FunctionBundles(root).bundleOf({ entry: "hello.handler.ts" });
    await later(join(root, "package-lock.json"));

    expect(await new FunctionBundles(root).bundleOf({ entry: "hello.handler.ts" })).not.toBe(first);
  });

  it("fails with esbuild's message for an entry that does not build, and builds it once fixed", async () => {
    const bundles = new FunctionBundles(root);
    await writeFile(
      join(root, "broken.handler.ts"),
      'import { nothing } from "./missing.ts";\nexport const handler = nothing;\n',
    );

    await expect(bundles.bundleOf({ entry: "broken.handler.ts" })).rejects.toThrow(/missing\.ts/);
    await writeFile(join(root, "broken.handler.ts"), "export const handler = async () => 1;\n");
    expect(await bundles.bundleOf({ entry: "broken.handler.ts" })).toMatch(/index\.mjs$/);
  });
});
