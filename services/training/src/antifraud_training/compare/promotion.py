"""Promotion rule: a challenger replaces the champion only when it is significantly better on average
precision AND every guardrail holds. The first model (no champion) is promoted when the guardrails
hold, and the decision says so."""

from dataclasses import asdict, dataclass

from antifraud_training.compare.bootstrap import BootstrapResult


@dataclass(frozen=True)
class Guardrails:
    alpha: float = 0.05
    max_onnx_abs_diff: float = 1e-5
    max_legit_decline_share: float = 0.05
    min_average_precision: float = 0.2
    max_card_precision_drop: float = 0.01
    max_auc_drop: float = 0.01


DEFAULT_GUARDRAILS = Guardrails()


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class Decision:
    promote: bool
    reason: str
    checks: list[Check]

    def as_dict(self) -> dict:
        return {"promote": self.promote, "reason": self.reason, "checks": [asdict(c) for c in self.checks]}


def _absolute_checks(metrics: dict, onnx_abs_diff: float, g: Guardrails) -> list[Check]:
    share = metrics["at_threshold"]["legit_decline_share"]
    return [
        Check(
            "onnx_parity",
            onnx_abs_diff < g.max_onnx_abs_diff,
            f"max |onnx - model| = {onnx_abs_diff:.3g} " f"(limit {g.max_onnx_abs_diff:g})",
        ),
        Check(
            "legit_decline_share",
            share <= g.max_legit_decline_share,
            f"{share:.4f} of legitimate test transactions declined (limit {g.max_legit_decline_share:g})",
        ),
        Check(
            "min_average_precision",
            metrics["average_precision"] >= g.min_average_precision,
            f"AP {metrics['average_precision']:.4f} (floor {g.min_average_precision:g})",
        ),
    ]


def _relative_checks(metrics: dict, champion: dict, bootstrap: BootstrapResult, g: Guardrails) -> list[Check]:
    cp_drop = champion["card_precision_at_100"] - metrics["card_precision_at_100"]
    auc_drop = champion["auc_roc"] - metrics["auc_roc"]
    return [
        Check(
            "significantly_better_ap",
            bootstrap.p_value < g.alpha and bootstrap.ci_low > 0,
            f"AP difference {bootstrap.difference:+.4f}, {bootstrap.confidence:.0%} CI "
            f"[{bootstrap.ci_low:+.4f}, {bootstrap.ci_high:+.4f}], one-sided p = {bootstrap.p_value:.4f} "
            f"(alpha {g.alpha:g})",
        ),
        Check(
            "card_precision_not_worse",
            cp_drop <= g.max_card_precision_drop,
            f"CP@100 {metrics['card_precision_at_100']:.4f} vs champion "
            f"{champion['card_precision_at_100']:.4f} (max drop {g.max_card_precision_drop:g})",
        ),
        Check(
            "auc_not_worse",
            auc_drop <= g.max_auc_drop,
            f"AUC {metrics['auc_roc']:.4f} vs champion {champion['auc_roc']:.4f} "
            f"(max drop {g.max_auc_drop:g})",
        ),
    ]


def decide(
    metrics: dict,
    onnx_abs_diff: float,
    champion_metrics: dict | None,
    bootstrap: BootstrapResult | None,
    guardrails: Guardrails = DEFAULT_GUARDRAILS,
    incomparable: str | None = None,
) -> Decision:
    """metrics / champion_metrics: test metrics on the same transactions (keys of evaluate.summary).
    `incomparable` says why an existing champion could not be scored on those transactions."""
    checks = _absolute_checks(metrics, onnx_abs_diff, guardrails)
    if incomparable:
        return Decision(False, f"not promoted: the champion cannot be compared: {incomparable}", checks)
    if champion_metrics is None or bootstrap is None:
        failed = [c.name for c in checks if not c.passed]
        if failed:
            return Decision(
                False, f"first model, not promoted: guardrails failed: {', '.join(failed)}", checks
            )
        return Decision(True, "first model: no champion to compare with, every guardrail holds", checks)
    checks += _relative_checks(metrics, champion_metrics, bootstrap, guardrails)
    failed = [c.name for c in checks if not c.passed]
    if failed:
        return Decision(False, f"not promoted: {', '.join(failed)} failed", checks)
    return Decision(
        True, "significantly better average precision than the champion, every guardrail holds", checks
    )
