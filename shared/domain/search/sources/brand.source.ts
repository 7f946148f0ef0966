/**
 * The tenant's accepted brand profile in the search index: one document, its version the brand's
 * revision (raised by every change of the brand; the accepted version number is not enough, as an
 * older proposal accepted after a newer save goes back to a lower number). Nothing is written while
 * no version is accepted (none is ever un-accepted, so there is nothing to remove).
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
      version: state.revision,
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
