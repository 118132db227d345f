"""Column names and types of the raw daily files (DESIGN.md 4.1) and of the clean table."""

RAW_COLUMNS = (
    "transaction_id",
    "tx_datetime",
    "customer_id",
    "terminal_id",
    "tx_amount",
    "tx_time_seconds",
    "tx_time_days",
    "tx_fraud",
    "tx_fraud_scenario",
)
ID_COLUMNS = ("transaction_id", "customer_id", "terminal_id")
INTEGER_COLUMNS = (*ID_COLUMNS, "tx_time_seconds", "tx_time_days", "tx_fraud", "tx_fraud_scenario")
DATETIME_FORMAT = "yyyy-MM-dd HH:mm:ss"
SECONDS_PER_DAY = 86400
