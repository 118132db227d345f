"""The cleaning rules, in the order they are applied. A row is rejected by the first rule it breaks."""

RULES: dict[str, str] = {
    "malformed_row": "the line does not split into exactly 9 comma-separated fields",
    "empty_field": "a field is empty or blank",
    "unparsable_field": "an id, time or label field is not an integer, the amount is not a decimal number, "
    "or tx_datetime is not shaped YYYY-MM-DD HH:MM:SS",
    "impossible_datetime": "tx_datetime is shaped right but is not a real instant "
    "(e.g. 24:00:00, 2018-02-30)",
    "non_positive_amount": "tx_amount <= 0",
    "negative_id": "transaction_id, customer_id or terminal_id < 0 "
    "(0 is a real id: the simulator counts from 0)",
    "invalid_label": "tx_fraud not in {0, 1}, tx_fraud_scenario < 0, or exactly one of them is 0",
    "inconsistent_time_fields": "tx_time_seconds < 0, tx_time_days != floor(tx_time_seconds / 86400), "
    "or the time of day of tx_datetime differs from tx_time_seconds mod 86400",
    "inconsistent_time_origin": "tx_datetime - tx_time_seconds differs from the dataset's dominant origin",
    "conflicting_duplicate_id": "the transaction_id appears with different contents: every copy is rejected",
    "duplicate_id": "an exact copy of an earlier row: the first copy is kept, the others are rejected",
}
