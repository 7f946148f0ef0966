import * as z from "zod/mini";

/** The query fields of every paginated listing: at most 100 items a page, and the opaque cursor. */
export const pageQuery = {
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
};
