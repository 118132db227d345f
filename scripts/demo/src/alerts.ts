export interface AlertState {
  readonly name: string;
  readonly state: "inactive" | "pending" | "firing";
  readonly severity: string;
}

interface RulesResponse {
  data: {
    groups: {
      rules: { type: string; name: string; state?: AlertState["state"]; labels?: Record<string, string> }[];
    }[];
  };
}

/** Every alerting rule loaded in Prometheus with its current state. */
export async function alertStates(prometheusUrl: string): Promise<AlertState[]> {
  const response = await fetch(`${prometheusUrl}/api/v1/rules?type=alert`, {
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new Error(`Prometheus rules API: HTTP ${response.status}`);
  const body = (await response.json()) as RulesResponse;
  return body.data.groups
    .flatMap((group) => group.rules)
    .filter((rule) => rule.type === "alerting")
    .map((rule) => ({
      name: rule.name,
      state: rule.state ?? "inactive",
      severity: rule.labels?.severity ?? "",
    }));
}
