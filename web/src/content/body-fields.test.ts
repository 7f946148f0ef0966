import { describe, expect, it } from "vitest";
import { fieldLabel, isLongText, textLeaves, withText } from "./body-fields.ts";

const body = {
  title: "Spring sale",
  posts: [
    { network: "linkedin", text: "First", hashtags: ["#a"] },
    { network: "x", text: "Second", hashtags: [] },
  ],
  count: 2,
};

describe("textLeaves", () => {
  it("lists every string by the path the diff and the server use", () => {
    expect(textLeaves(body)).toEqual([
      { path: "title", text: "Spring sale" },
      { path: "posts.0.network", text: "linkedin" },
      { path: "posts.0.text", text: "First" },
      { path: "posts.0.hashtags.0", text: "#a" },
      { path: "posts.1.network", text: "x" },
      { path: "posts.1.text", text: "Second" },
    ]);
  });

  it("reads a bare string and ignores numbers, booleans and null", () => {
    expect(textLeaves("hello")).toEqual([{ path: "", text: "hello" }]);
    expect(textLeaves({ n: 1, b: true, z: null })).toEqual([]);
  });
});

describe("withText", () => {
  it("replaces one nested string and leaves the original untouched", () => {
    const edited = withText(body, "posts.1.text", "Second, edited") as typeof body;
    expect(edited.posts[1]?.text).toBe("Second, edited");
    expect(edited.posts[0]).toBe(body.posts[0]);
    expect(edited.count).toBe(2);
    expect(body.posts[1]?.text).toBe("Second");
  });

  it("ignores a path that is not in the body, or not a string", () => {
    expect(withText(body, "posts.5.text", "x")).toEqual(body);
    expect(withText(body, "missing", "x")).toEqual(body);
    expect(withText(body, "count", "x")).toEqual(body);
  });
});

describe("fieldLabel", () => {
  it("reads paths as a person would", () => {
    expect(fieldLabel("metaDescription")).toBe("Meta description");
    expect(fieldLabel("posts.0.text")).toBe("Posts 1 · Text");
    expect(fieldLabel("faq.1.answer")).toBe("Faq 2 · Answer");
    expect(fieldLabel("article")).toBe("Article");
    expect(fieldLabel("")).toBe("Text");
  });
});

describe("isLongText", () => {
  it("edits multi-line and long texts in a text area", () => {
    expect(isLongText("one line")).toBe(false);
    expect(isLongText("a\nb")).toBe(true);
    expect(isLongText("x".repeat(121))).toBe(true);
  });
});
