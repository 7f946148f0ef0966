/** Reference bundle for the cold-start benchmark: the smallest possible handler. */
export const handler = async () => ({ statusCode: 200, body: "hello" });
