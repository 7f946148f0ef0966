import { describe, expect, it } from "vitest";
import { ModelError } from "#shared/domain/agents/model";
import { createOfflineModel, OFFLINE_MODEL_ID } from "./offline-model.ts";
import { agentRequest } from "./testing/request.ts";

describe("createOfflineModel", () => {
  it("answers with the agent's offline draft as JSON, an estimated usage and end_turn", async () => {
    const request = agentRequest();
    const promptChars =
      request.system.length + request.messages.reduce((sum, message) => sum + message.content.length, 0);
    const text = JSON.stringify({
      title: "Spring menu (offline draft)",
      body: "Fresh bread, every morning.",
    });

    const response = await createOfflineModel().complete(request);

    expect(response).toEqual({
      text,
      provider: "offline",
      model: OFFLINE_MODEL_ID,
      usage: { inputTokens: Math.ceil(promptChars / 4), outputTokens: Math.ceil(text.length / 4) },
      stopReason: "end_turn",
    });
  });

  it("gives the same answer to the same request every time", async () => {
    const model = createOfflineModel();
    const first = await model.complete(agentRequest());
    const second = await createOfflineModel().complete(agentRequest());
    expect(second).toEqual(first);
    expect(await model.complete(agentRequest())).toEqual(first);
  });

  it("answers what draftOffline gives, whatever the prompt", async () => {
    const response = await createOfflineModel().complete(
      agentRequest({ draftOffline: () => ({ posts: ["a", "b"] }), system: "anything" }),
    );
    expect(JSON.parse(response.text)).toEqual({ posts: ["a", "b"] });
  });

  it("fails permanently when the draft cannot be made or is not JSON", async () => {
    const throwing = createOfflineModel().complete(
      agentRequest({
        draftOffline: () => {
          throw new Error("no brand profile");
        },
      }),
    );
    await expect(throwing).rejects.toMatchObject({ retryable: false, provider: "offline" });
    await expect(throwing).rejects.toBeInstanceOf(ModelError);
    await expect(
      createOfflineModel().complete(agentRequest({ draftOffline: () => undefined })),
    ).rejects.toMatchObject({
      retryable: false,
      message: "The offline draft of agent blog-writer is not a JSON value",
    });
  });

  it("costs what its pricing says, and nothing without one", () => {
    expect(createOfflineModel().pricing).toBeUndefined();
    expect(createOfflineModel({ pricing: { inputPerMillion: 0, outputPerMillion: 0 } }).pricing).toEqual({
      inputPerMillion: 0,
      outputPerMillion: 0,
    });
  });
});
