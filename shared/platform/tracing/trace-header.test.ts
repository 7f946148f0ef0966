import { describe, expect, it } from "vitest";
import { formatTraceHeader, invocationTraceHeader, parseTraceHeader } from "./trace-header.ts";

const ROOT = "1-5759e988-bd862e3fe1be46a994272793";

describe("parseTraceHeader", () => {
  it("reads the root, the parent and a sampled decision", () => {
    expect(parseTraceHeader(`Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1`)).toEqual({
      root: ROOT,
      parent: "53995c3f42cd8ad8",
      sampled: true,
    });
  });

  it("takes Sampled=0, Sampled=? and no Sampled field as not sampled", () => {
    for (const sampled of [";Sampled=0", ";Sampled=?", ""]) {
      expect(parseTraceHeader(`Root=${ROOT};Parent=53995c3f42cd8ad8${sampled}`)?.sampled).toBe(false);
    }
  });

  it("accepts fields in any order and case, with spaces and extra fields such as Lineage", () => {
    expect(parseTraceHeader(`sampled=1; Lineage=a87bd80c:0 ;parent=53995c3f42cd8ad8; root=${ROOT}`)).toEqual({
      root: ROOT,
      parent: "53995c3f42cd8ad8",
      sampled: true,
    });
  });

  it("refuses a header without a well-formed root, and drops a malformed parent", () => {
    expect(parseTraceHeader(undefined)).toBeUndefined();
    expect(parseTraceHeader("")).toBeUndefined();
    expect(parseTraceHeader("Parent=53995c3f42cd8ad8;Sampled=1")).toBeUndefined();
    expect(parseTraceHeader("Root=1-xyz;Sampled=1")).toBeUndefined();
    expect(parseTraceHeader(`Root=${ROOT};Parent=not-hex;Sampled=1`)).toEqual({ root: ROOT, sampled: true });
  });

  it("round-trips through formatTraceHeader", () => {
    const header = { root: ROOT, parent: "0123456789abcdef", sampled: true };
    expect(formatTraceHeader(header)).toBe(`Root=${ROOT};Parent=0123456789abcdef;Sampled=1`);
    expect(parseTraceHeader(formatTraceHeader(header))).toEqual(header);
  });
});

describe("invocationTraceHeader", () => {
  it("prefers the context's xRayTraceId (concurrent invocations) over _X_AMZN_TRACE_ID", () => {
    const env = { _X_AMZN_TRACE_ID: "from-env" };
    expect(invocationTraceHeader({ xRayTraceId: "from-context" }, env)).toBe("from-context");
    expect(invocationTraceHeader({}, env)).toBe("from-env");
    expect(invocationTraceHeader(undefined, env)).toBe("from-env");
    expect(invocationTraceHeader({ xRayTraceId: "" }, {})).toBeUndefined();
  });
});
