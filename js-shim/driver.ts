// The driver: does what the core's Steps say (src/step.rs), a plain loop.
// It sends the requests a Step names — each under its own timeout, after its
// delay — aborts the ones it names, reports each outcome with `answer`, and
// takes the next Step, until the final one. The whole run is raced against
// the Step's deadline. Which source, in what order, retried or not, is the
// core's decision: nothing here chooses.
import type { Core } from "./core.ts";
import { afterMs, type Attempt, attempt, hostFetch, msSince, type Send } from "./http.ts";
import type { EnrichResult, Going, Step, StepRequest } from "./step.ts";

/** How requests leave, and who hears the answers (the backfill's meter); the host's fetch by default. */
export interface Transport {
  send?: Send;
  /** Each HTTP answer as read (body capped), before the core judges it. */
  answered?: (r: StepRequest, status: number, body: string) => void;
}

type Timer = ReturnType<typeof setTimeout>;
interface Out {
  r: StepRequest;
  ctl: AbortController;
  done: Promise<Attempt>;
  wait?: Timer;
}

/** Follow `step` to the run's final answer; `startedAt`: when the hook was called (performance.now()). */
export async function drive(core: Core, step: Step, startedAt: number, t: Transport = {}): Promise<EnrichResult> {
  if ("done" in step) return step.done;
  const deadlineMs = step.deadlineMs;
  const send = t.send ?? hostFetch;
  const running = new Map<number, Out>();
  const stop = (id: number) => {
    const o = running.get(id);
    o?.ctl.abort();
    clearTimeout(o?.wait);
    running.delete(id);
  };
  let cancelDeadline = () => {};
  const deadline = new Promise<null>((r) => {
    cancelDeadline = afterMs(Math.max(0, startedAt + deadlineMs - performance.now()), () => r(null));
  });
  const answer = (going: Going, id: number, outcome: object, body = ""): Step =>
    JSON.parse(core.answer(going.run, id, JSON.stringify(outcome), body));
  try {
    while (!("done" in step)) {
      const going: Going = step;
      for (const id of going.abort) stop(id);
      for (const r of going.send) {
        const ctl = new AbortController();
        const o: Out = { r, ctl, done: Promise.resolve({ id: r.id, ms: 0 }) };
        o.done = r.delayMs > 0
          ? new Promise<void>((res) => (o.wait = setTimeout(res, r.delayMs))).then(() =>
            attempt(r, going.bodyCap, ctl, send)
          )
          : attempt(r, going.bodyCap, ctl, send);
        running.set(r.id, o);
      }
      // The core finishes a run with nothing out; a Step that waits on nothing would hang.
      if (running.size === 0) throw new Error("a Step with nothing to wait for");
      const a = await Promise.race([...[...running.values()].map((o) => o.done), deadline]);
      const elapsedMs = msSince(startedAt);
      if (a === null) {
        // The deadline ends every request still out: one report says so for all.
        const [id] = running.keys();
        for (const i of [...running.keys()]) stop(i);
        step = answer(going, id, { error: "deadline", elapsedMs, ms: 0 });
        continue;
      }
      const r = running.get(a.id)?.r;
      running.delete(a.id);
      if (a.error !== undefined) {
        step = answer(going, a.id, { error: a.error, detail: a.detail ?? "", elapsedMs, ms: a.ms });
      } else {
        if (r) t.answered?.(r, a.status ?? 0, a.body ?? "");
        step = answer(going, a.id, { status: a.status ?? 0, retryAfter: a.retryAfter, elapsedMs, ms: a.ms }, a.body);
      }
    }
    return step.done;
  } finally {
    // Pending timers would keep the process alive after the hook answered.
    cancelDeadline();
    for (const id of [...running.keys()]) stop(id);
  }
}
