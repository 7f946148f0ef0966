/**
 * A local server that speaks the OpenAI chat-completions API (what any OpenAI-compatible endpoint
 * speaks) and answers from a script: each marker found in a request's messages names a queue of
 * answers — an HTTP error, a hang, or a JSON answer — consumed one per call; the last one repeats.
 * The pipeline's tests point an agent at it to make the model fail in the ways real ones do.
 */
import { createServer, type Server } from "node:http";

export type ScriptedAnswer =
  | { kind: "answer"; json: unknown; outputTokens?: number }
  | { kind: "error"; status: number; retryAfterSeconds?: number }
  | { kind: "hang"; ms: number };

export interface ScriptedModel {
  baseUrl: string;
  /** Answers for requests whose messages contain `marker`, in order; the last repeats. */
  script(marker: string, answers: readonly ScriptedAnswer[]): void;
  /** Calls that carried `marker` so far. */
  calls(marker: string): number;
  /** The request bodies (the prompts, as sent) of the calls that carried `marker`, in order. */
  requests(marker: string): readonly string[];
  stop(): Promise<void>;
}

export async function startScriptedModel(): Promise<ScriptedModel> {
  const scripts = new Map<
    string,
    { answers: readonly ScriptedAnswer[]; calls: number; requests: string[] }
  >();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const entry = [...scripts.entries()].find(([marker]) => text.includes(marker));
      if (request.url !== "/v1/chat/completions" || !entry) {
        response.writeHead(404, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: { message: "no script for this request", type: "not_found" } }));
        return;
      }
      const script = entry[1];
      const answer = script.answers[Math.min(script.calls, script.answers.length - 1)];
      script.calls += 1;
      script.requests.push(text);
      if (!answer || answer.kind === "hang") {
        const timer = setTimeout(() => response.destroy(), answer?.ms ?? 60_000);
        response.on("close", () => clearTimeout(timer));
        return;
      }
      if (answer.kind === "error") {
        response.writeHead(answer.status, {
          "content-type": "application/json",
          ...(answer.retryAfterSeconds === undefined
            ? {}
            : { "retry-after": String(answer.retryAfterSeconds) }),
        });
        response.end(
          JSON.stringify({ error: { message: `scripted ${answer.status}`, type: "server_error" } }),
        );
        return;
      }
      const content = JSON.stringify(answer.json);
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          id: `chatcmpl-${script.calls}`,
          object: "chat.completion",
          created: Math.floor(Date.now() / 1000),
          model: "scripted",
          choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
          usage: {
            prompt_tokens: Math.ceil(text.length / 4),
            completion_tokens: answer.outputTokens ?? Math.ceil(content.length / 4),
            total_tokens: Math.ceil(text.length / 4) + (answer.outputTokens ?? Math.ceil(content.length / 4)),
          },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    baseUrl: `http://127.0.0.1:${address.port}/v1`,
    script: (marker, answers) => scripts.set(marker, { answers, calls: 0, requests: [] }),
    calls: (marker) => scripts.get(marker)?.calls ?? 0,
    requests: (marker) => scripts.get(marker)?.requests ?? [],
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
