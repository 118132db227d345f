import { existsSync } from "node:fs";
import { startMlflow } from "../src/mlflow/start-mlflow";

const groupAlive = (groupId: number): boolean => {
  try {
    process.kill(-groupId, 0);
    return true;
  } catch {
    return false;
  }
};

describe("startMlflow", () => {
  it("serves the tracking API on 127.0.0.1 and stop() leaves no process and no folder behind", async () => {
    const mlflow = await startMlflow();
    try {
      expect(mlflow.url).toBe(`http://127.0.0.1:${mlflow.port}`);
      const response = await fetch(
        `${mlflow.url}/api/2.0/mlflow/experiments/get-by-name?experiment_name=Default`,
      );
      expect(response.status).toBe(200);
      expect(((await response.json()) as { experiment: { name: string } }).experiment.name).toBe("Default");
    } finally {
      await mlflow.stop();
    }
    // mlflow's gunicorn outlives a SIGTERM to `mlflow server`: the whole group must be gone.
    expect(groupAlive(mlflow.pid)).toBe(false);
    await expect(fetch(`${mlflow.url}/health`)).rejects.toThrow();
    expect(existsSync(mlflow.dir)).toBe(false);
  }, 90_000);
});
