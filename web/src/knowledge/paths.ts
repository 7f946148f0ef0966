/** Where a knowledge document's page is, in the tenant's app. */
export function knowledgePath(documentId: string): string {
  return `/app/knowledge/${encodeURIComponent(documentId)}`;
}
