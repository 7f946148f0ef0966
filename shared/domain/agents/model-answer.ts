/**
 * Asking an agent's model for its answer: the prompt, the call (bounded by the attempt's lease), the
 * check against the agent's output schema and one repair request, no more.
 */
import { type $ZodType, safeParse } from "zod/v4/core";
import type { AgentContext, AgentDefinition, AgentWorker } from "./agent.ts";
import { PermanentRunError } from "./errors.ts";
import type { LanguageModel, ModelMessage, TokenUsage } from "./model.ts";
import { outputJsonSchema } from "./prompt.ts";
import { describeFailure, type RunStep } from "./run.ts";
import { citeInDraft, withSources } from "./sources.ts";

export interface AnswerOptions {
  /** How long the attempt may take in all (the call is aborted a little before). */
  leaseMs: number;
  /** Reports a step a person could watch (`generating`, `repairing`). */
  step: (name: RunStep) => Promise<void>;
  /** Tells that the first answer needed its repair, and why. */
  onRepair: (problems: string) => void;
}

/** Asks the model; an answer that does not fit the schema gets one repair request. */
export async function askModel(
  agent: AgentWorker,
  model: LanguageModel,
  context: AgentContext<unknown>,
  options: AnswerOptions,
): Promise<{ output: unknown; usage: TokenUsage }> {
  const sources = context.sources ?? [];
  const prompt = withSources(agent.prompt(context), sources);
  const responseSchema = outputJsonSchema(agent);
  const signal = AbortSignal.timeout(Math.max(1000, options.leaseMs - 2000));
  const ask = (messages: readonly ModelMessage[]) =>
    model.complete({
      agent: agent.role,
      system: prompt.system,
      messages,
      maxOutputTokens: agent.maxOutputTokens,
      responseSchema,
      draftOffline: () => offlineDraftCiting(agent, context, sources),
      signal,
    });
  await options.step("generating");
  const messages: ModelMessage[] = [{ role: "user", content: prompt.user }];
  const first = await ask(messages);
  const checked = checkAnswer(agent, first.text);
  if (checked.ok) return { output: checked.output, usage: first.usage };

  options.onRepair(checked.problems);
  await options.step("repairing");
  const second = await ask([
    ...messages,
    { role: "assistant", content: first.text },
    {
      role: "user",
      content: `Your answer is not valid: ${checked.problems}. Reply again with only the corrected JSON object, matching the schema exactly.`,
    },
  ]);
  const usage = {
    inputTokens: first.usage.inputTokens + second.usage.inputTokens,
    outputTokens: first.usage.outputTokens + second.usage.outputTokens,
  };
  const repaired = checkAnswer(agent, second.text);
  if (repaired.ok) return { output: repaired.output, usage };
  throw new PermanentRunError(
    `The model's answer did not match the output schema after one repair: ${repaired.problems}`,
  );
}

/**
 * The offline draft, citing the sources it was given as a model would — unless citing would break
 * the output schema (a length limit), when the plain draft is the answer.
 */
function offlineDraftCiting(
  agent: AgentWorker,
  context: AgentContext<unknown>,
  sources: readonly { label: string }[],
): unknown {
  const draft = agent.offlineDraft(context);
  const cited = citeInDraft(
    draft,
    sources.map((source) => source.label),
  );
  return cited !== undefined && safeParse(agent.output as $ZodType, cited).success ? cited : draft;
}

/** Parses the answer as JSON (a fenced block is accepted) and validates it with the agent's schema. */
export function checkAnswer(
  agent: Pick<AgentDefinition, "output">,
  text: string,
): { ok: true; output: unknown } | { ok: false; problems: string } {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(text);
  let json: unknown;
  try {
    json = JSON.parse(fenced?.[1] ?? text);
  } catch (error) {
    return { ok: false, problems: `not JSON (${describeFailure(error)})` };
  }
  const parsed = safeParse(agent.output as $ZodType, json);
  if (parsed.success) return { ok: true, output: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues
      .slice(0, 10)
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("; "),
  };
}
