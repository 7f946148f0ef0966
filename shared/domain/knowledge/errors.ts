/**
 * The knowledge context's failures, each with a stable code the API reports and a class callers
 * match with `instanceof`.
 */
import { AppError, ConflictError, NotFoundError } from "#shared/domain/errors";

/** The tenant has no knowledge document with this id. */
export class KnowledgeDocumentNotFoundError extends NotFoundError {
  override readonly code = "KNOWLEDGE.DOCUMENT_NOT_FOUND";
  /** The answer does not repeat the id: the same whether the id is unknown or another tenant's. */
  constructor() {
    super("The knowledge document does not exist");
  }
}

/** The tenant's knowledge base holds its most documents: one must go before another comes. */
export class KnowledgeLimitReachedError extends ConflictError {
  override readonly code = "KNOWLEDGE.LIMIT_REACHED";
  constructor(readonly limit: number) {
    super(`The knowledge base holds its most documents (${limit}): delete one to add another`);
  }
}

/**
 * Retrieval from the knowledge base failed (the search service or the embedding model did not
 * answer). Transient: an agent run that meets it goes back to its queue rather than writing without
 * the tenant's sources.
 */
export class RetrievalUnavailableError extends AppError {
  readonly code = "KNOWLEDGE.RETRIEVAL_UNAVAILABLE";
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
  }
}
