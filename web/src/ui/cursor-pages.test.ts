import { describe, expect, it } from "vitest";
import { FIRST_PAGE, nextPage, pageNumber, previousPage } from "./cursor-pages.ts";

describe("cursor trail", () => {
  it("walks forward with each page's next cursor and back through the cursors it kept", () => {
    const second = nextPage(FIRST_PAGE, "c2");
    const third = nextPage(second, "c3");
    expect(third).toEqual({ previous: [undefined, "c2"], current: "c3" });
    expect(pageNumber(third)).toBe(3);
    expect(previousPage(third)).toEqual(second);
    expect(previousPage(second)).toEqual(FIRST_PAGE);
    expect(pageNumber(previousPage(second))).toBe(1);
  });

  it("stays on the first page when asked to go back from it", () => {
    expect(previousPage(FIRST_PAGE)).toBe(FIRST_PAGE);
  });
});
