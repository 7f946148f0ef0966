/**
 * The tenant's accepted brand profile in the search index: one document, its version the brand's
 * accepted version number (versions only grow), removed when none is accepted.
 */
import type { BrandRepository } from "#shared/domain/brand/ports";
import { textFields } from "#shared/domain/content/content";
import type { TenantId } from "#shared/domain/tenancy/tenant-id";
import { bodyOf, type IndexChange, searchDocumentId } from "../search-document.ts";

export interface BrandSourceDeps {
  brand: Pick<BrandRepository, "state" | "version">;
}

/** The brand profile document's item id: a tenant has one profile. */
export const BRAND_ITEM_ID = "profile";

export async function brandChange(
  deps: BrandSourceDeps,
  tenantId: TenantId,
): Promise<IndexChange | undefined> {
  const state = await deps.brand.state(tenantId);
  if (state.accepted === undefined) return undefined;
  const version = await deps.brand.version(tenantId, state.accepted);
  if (!version) return undefined;
  return {
    kind: "put",
    document: {
      id: searchDocumentId("brand", BRAND_ITEM_ID),
      version: version.versionNumber,
      fields: {
        type: "brand",
        itemId: BRAND_ITEM_ID,
        kind: "brand-profile",
        status: version.status,
        title: version.profile.businessName,
        body: bodyOf(textFields(version.profile).map((f) => f.text)),
        createdAt: version.createdAt,
        updatedAt: version.updatedAt,
      },
    },
  };
}
