// A progress line on stderr: a bar on a terminal, a line every 50 users
// elsewhere (CI logs), with counts and the time left.
import process from "node:process";

const fmtTime = (ms) => {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
};

export function progress(stream = process.stderr) {
  const started = Date.now();
  let seen = 0;
  const line = (done, total, counts) => {
    const width = 24;
    const frac = total > 0 ? Math.min(1, done / total) : 0;
    const bar = "#".repeat(Math.round(frac * width)).padEnd(width, ".");
    const rate = seen > 0 ? (Date.now() - started) / seen : 0;
    const eta = total > done && seen > 0 ? ` · ETA ${fmtTime(rate * (total - done))}` : "";
    const c = Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(" · ");
    return `[${bar}] ${done}/${total || "?"} users${c ? " · " + c : ""}${eta}`;
  };
  return {
    update(done, total, counts) {
      seen++;
      if (stream.isTTY) stream.write(`\r${line(done, total, counts).padEnd(100)}`);
      else if (done % 50 === 0 || done === total) stream.write(line(done, total, counts) + "\n");
    },
    end() {
      if (stream.isTTY) stream.write("\n");
    },
  };
}
