/** The source of a document as the store writes it: the caller's fields, the tenant and the key. */
import type { SearchDocument } from "#shared/domain/search/ports";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { withoutMarkers } from "./highlight.ts";
import { documentKey } from "./query-builder.ts";

const OWNED = ["tenantId", "docKey"];

/** The `_source` of `document` for `tenantId`; a document that names a store-owned field is refused. */
export function documentBody(tenantId: TenantId, document: SearchDocument): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(document.fields)) {
    if (OWNED.includes(name)) throw new Error(`A search document may not set ${name}`);
    if (value === undefined) continue;
    body[name] = typeof value === "string" ? withoutMarkers(value) : value;
  }
  body.tenantId = tenantId;
  body.docKey = documentKey(tenantId, document.id);
  return body;
}
