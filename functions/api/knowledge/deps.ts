import type { KnowledgeDeps } from "#shared/domain/knowledge/knowledge";

/** What the knowledge routes need; built once per cold start in `handler.ts`. */
export type KnowledgeRoutesDeps = KnowledgeDeps;
