/**
 * What an agent is, in two parts. Its definition is data: its role, where it runs, what it takes and
 * gives, what it costs and how its runs relate (`<agent>.agent.ts`); the API validates input with it
 * and the workers validate output with it. How it prompts and drafts offline is the workers' part
 * alone (`<agent>.prompt.ts`), joined to the definition as an {@link AgentWorker}, so that the API's
 * functions bundle none of it. Plain TypeScript with no AWS import.
 */
import type { $ZodType, output } from "zod/v4/core";
import type { BrandProfile } from "#shared/domain/brand/brand-profile";
import type { KnowledgeSource } from "#shared/domain/knowledge/retrieve";

/** `short` runs on a Lambda consumer; `long` (a long model run) on a Fargate consumer. */
export type ResourceProfile = "short" | "long";

/**
 * `idempotent`: one run per subject — asking again for the same subject returns the existing run.
 * `always-new`: every request is a new run (a revision, another post).
 */
export type RunPolicy = "idempotent" | "always-new";

/** What a finished run stores for review. */
export const CONTENT_TYPES = ["brand-profile", "strategy", "blog-post", "social-posts"] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

/** What a prompt and an offline draft are built from. */
export interface AgentContext<I> {
  /** The run's input, already validated with the agent's input schema. */
  input: I;
  /** The tenant's current brand profile, if `setup` has written one. */
  brand?: BrandProfile;
  /**
   * The tenant's knowledge-base chunks retrieved for the brief. The shared path (`askModel`) adds
   * them to the prompt and cites them in the offline draft; an agent's own prompt need not look.
   */
  sources?: readonly KnowledgeSource[];
}

export interface Prompt {
  system: string;
  user: string;
}

export interface AgentDefinition<I extends $ZodType = $ZodType, O extends $ZodType = $ZodType> {
  /** kebab-case, unique: the queue is `agent-<role>`. */
  role: string;
  title: string;
  description: string;
  profile: ResourceProfile;
  /** Schema of a run's input (the request body's `input`). */
  input: I;
  /** Schema of the model's answer (a JSON object). */
  output: O;
  produces: ContentType;
  /** Credits reserved when a run is accepted; a run is charged at most this. */
  creditPrice: number;
  runs: RunPolicy;
  /**
   * For `idempotent` agents: the subject a run is about (one run per subject). Absent → the whole
   * input is the subject.
   */
  subject?: (input: output<I>) => string;
  /**
   * For an input that revises an earlier run: that run's id (by convention `input.revisionOf.runId`).
   * The API starts the run only when it is a run of this agent in the caller's own tenant, so a
   * revision never names another tenant's work.
   */
  revisedRun?: (input: output<I>) => string | undefined;
  /**
   * The input of a revision a reviewer asked for: the brief of the run that wrote the item, the
   * feedback, and the version to revise (its body, valid against `output`). Absent → the agent
   * cannot revise, and a request for changes waits for a person to edit the item.
   */
  revise?: (brief: output<I>, revision: { runId: string; feedback: string; previous: output<O> }) => unknown;
  /** Upper bound on the answer's tokens. */
  maxOutputTokens: number;
}

/** How an agent asks a model, and what the offline model answers instead: the workers' part. */
export interface AgentPrompting<I extends $ZodType = $ZodType, O extends $ZodType = $ZodType> {
  prompt(context: AgentContext<output<I>>): Prompt;
  /**
   * The offline model's answer: deterministic for a given context, valid against `output`, built
   * from the brief and the brand profile, and labelled as an offline draft.
   */
  offlineDraft(context: AgentContext<output<I>>): output<O>;
}

/** An agent as the workers run it: its definition and how it prompts. */
export type AgentWorker<I extends $ZodType = $ZodType, O extends $ZodType = $ZodType> = AgentDefinition<
  I,
  O
> &
  AgentPrompting<I, O>;

/** An agent's definition, its schema types kept so that its prompting is typed against them. */
export function defineAgent<I extends $ZodType, O extends $ZodType>(
  agent: AgentDefinition<I, O>,
): AgentDefinition<I, O> {
  return agent;
}

/** Erases an agent's schema types, for catalogs that hold several agents. */
export function catalogued<I extends $ZodType, O extends $ZodType>(
  agent: AgentDefinition<I, O>,
): AgentDefinition {
  return agent as unknown as AgentDefinition;
}

/** The worker of an agent: its definition joined with its prompting, schema types erased for catalogs. */
export function defineWorker<I extends $ZodType, O extends $ZodType>(
  agent: AgentDefinition<I, O>,
  prompting: AgentPrompting<I, O>,
): AgentWorker {
  const worker: AgentWorker<I, O> = { ...agent, ...prompting };
  return worker as unknown as AgentWorker;
}
