import { describe, expect, it } from "vitest";
import { authorOf } from "./comments-thread.tsx";
import { sourceText } from "./version-panel.tsx";

const comment = (author: {
  userId: string;
  role: "member" | "admin" | "reviewer" | "super_admin";
  name?: string;
}) => ({
  commentId: "c1",
  author,
  version: 1,
  body: "Hello",
  createdAt: "2026-12-07T10:00:00.000Z",
});

describe("who wrote what, as the thread and the version history say it", () => {
  it("names a comment's author with their part, says You for the reader, and falls back to the part", () => {
    expect(authorOf(comment({ userId: "u1", role: "admin", name: "June" }), "me")).toBe(
      "June (tenant admin)",
    );
    expect(authorOf(comment({ userId: "u2", role: "reviewer", name: "Rita" }), "me")).toBe("Rita (reviewer)");
    expect(authorOf(comment({ userId: "u2", role: "reviewer" }), "me")).toBe("Reviewer");
    expect(authorOf(comment({ userId: "u3", role: "member" }), "me")).toBe("Member");
    expect(authorOf(comment({ userId: "me", role: "admin", name: "June" }), "me")).toBe("You");
  });

  it("names the person who edited a version by hand where the reader may see the name", () => {
    expect(sourceText({ kind: "person", userId: "u1", role: "member", name: "Ada" })).toBe(
      "Edited by hand by Ada",
    );
    expect(sourceText({ kind: "person", userId: "u2", role: "reviewer", name: "Rita" })).toBe(
      "Edited by hand by Rita (reviewer)",
    );
    expect(sourceText({ kind: "person", userId: "u2", role: "reviewer" })).toBe(
      "Edited by hand by a reviewer",
    );
    expect(sourceText({ kind: "person", userId: "u1", role: "admin" })).toBe("Edited by hand by your team");
  });
});
