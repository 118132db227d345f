/** SIGTERM to a process we did not spawn (local:down), then waits until it is gone. */
export async function stopPid(pid: number, timeoutMs = 30_000): Promise<"stopped" | "not-running"> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return "not-running";
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + timeoutMs;
  while (alive()) {
    if (Date.now() > deadline) throw new Error(`pid ${pid} still running ${timeoutMs} ms after SIGTERM`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return "stopped";
}
