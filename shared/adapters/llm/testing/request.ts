import type { ModelRequest } from "#shared/domain/agents/model";

/** A request as an agent makes it. */
export function agentRequest(overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    agent: "blog-writer",
    system: "You write blog posts for Acme Bakery. Answer with one JSON object.",
    messages: [
      { role: "user", content: "Write a post about our spring menu." },
      { role: "assistant", content: '{"title":"Spring at Acme"}' },
      { role: "user", content: "Make the title shorter." },
    ],
    maxOutputTokens: 1024,
    temperature: 0.2,
    responseSchema: { type: "object", properties: { title: { type: "string" } }, required: ["title"] },
    draftOffline: () => ({ title: "Spring menu (offline draft)", body: "Fresh bread, every morning." }),
    ...overrides,
  };
}
