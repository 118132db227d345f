"""The bundle's report.html: protocol, metrics, threshold, comparison and plots (PNG files beside it)."""

import html

STYLE = (
    "body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-collapse:collapse}"
    "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}figure{display:inline-block;margin:8px}"
)


def _row(cells: list, header: bool = False) -> str:
    tag = "th" if header else "td"
    return "<tr>" + "".join(f"<{tag}>{html.escape(str(c))}</{tag}>" for c in cells) + "</tr>"


def _fmt(value) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def render(manifest: dict, plots: list[str]) -> str:
    m = manifest["metrics"]["test"]
    t = m["at_threshold"]
    comparison = manifest["comparison"]
    protocol = manifest["training"]
    metrics_rows = [
        _row(["AUC ROC", _fmt(m["auc_roc"])]),
        _row(["Average precision", _fmt(m["average_precision"])]),
        _row(["Card precision@100", _fmt(m["card_precision_at_100"])]),
        _row(["Threshold", _fmt(t["threshold"])]),
        _row(["Precision at threshold", _fmt(t["precision"])]),
        _row(["Recall at threshold", _fmt(t["recall"])]),
        _row(["F1 at threshold", _fmt(t["f1"])]),
        _row(["Legitimate transactions declined", _fmt(t["legit_decline_share"])]),
        _row(["Test transactions / frauds / cards", f"{m['transactions']} / {m['frauds']} / {m['cards']}"]),
    ]
    checks = [_row(["check", "passed", "detail"], header=True)] + [
        _row([c["name"], "yes" if c["passed"] else "NO", c["detail"]])
        for c in comparison["decision"]["checks"]
    ]
    selection = [
        _row(["max_depth", "learning_rate", "rounds", "scale_pos_weight", "AP", "CP@100", "AUC"], True)
    ] + [
        _row(
            [
                r["params"]["max_depth"],
                r["params"]["learning_rate"],
                r["params"]["rounds"],
                r["params"]["scale_pos_weight"],
                f"{r['average_precision']['mean']:.4f} ± {r['average_precision']['std']:.4f}",
                f"{r['card_precision_at_100']['mean']:.4f} ± {r['card_precision_at_100']['std']:.4f}",
                f"{r['auc_roc']['mean']:.4f} ± {r['auc_roc']['std']:.4f}",
            ]
        )
        for r in protocol["validation"]["table"]
    ]
    bootstrap = comparison.get("bootstrap")
    bootstrap_text = (
        f"<p>AP difference {bootstrap['difference']:+.4f}, {bootstrap['confidence']:.0%} CI "
        f"[{bootstrap['ci_low']:+.4f}, {bootstrap['ci_high']:+.4f}], one-sided p = "
        f"{bootstrap['p_value_one_sided']:.4f} ({bootstrap['resamples']} paired resamples).</p>"
        if bootstrap
        else "<p>No champion to compare with.</p>"
    )
    images = "".join(f'<figure><img src="{html.escape(p)}" alt="{html.escape(p)}"></figure>' for p in plots)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Model {html.escape(manifest['version'])}</title>
<style>{STYLE}</style>
</head><body>
<h1>Fraud model {html.escape(manifest['version'])}</h1>
<p>Created {html.escape(manifest['created_at'])};
features spec {html.escape(manifest['feature_spec_version'])}
({len(manifest['features'])} features). Training {protocol['split']['train']['first']} ..
{protocol['split']['train']['last']}, delay {protocol['split']['delay_days']} days, test
{protocol['split']['test']['first']} .. {protocol['split']['test']['last']} (cards with a fraud known before
each test day removed, from {protocol['split']['known_cards_from']}).</p>
<h2>Test metrics</h2><table>{''.join(metrics_rows)}</table>
<p>Threshold: {html.escape(manifest['threshold']['method'])}</p>
<h2>Comparison with the champion: {'promoted' if comparison['decision']['promote'] else 'not promoted'}</h2>
<p>{html.escape(comparison['decision']['reason'])}</p>{bootstrap_text}<table>{''.join(checks)}</table>
<h2>Plots</h2>{images}
<h2>Prequential validation (mean ± std over folds, sorted by AP)</h2><table>{''.join(selection)}</table>
</body></html>
"""
