// The floor: a hook that does nothing but answer.
export default async function (_e: unknown): Promise<{ is_allowed: true }> {
  return { is_allowed: true };
}
