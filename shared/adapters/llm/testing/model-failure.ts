import { expect } from "vitest";
import { ModelError } from "#shared/domain/agents/model";

/** The `ModelError` a model call fails with (the test fails if it succeeds or throws anything else). */
export async function modelFailure(promise: Promise<unknown>): Promise<ModelError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}
