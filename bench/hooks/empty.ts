// The floor: a hook that does nothing but answer.
// Async, as Authgear's hooks are.
// deno-lint-ignore require-await
export default async function (_e: unknown): Promise<{ is_allowed: true }> {
  return { is_allowed: true };
}
