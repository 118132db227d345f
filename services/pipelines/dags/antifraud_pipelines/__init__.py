"""Support code of the antifraud DAGs: settings, the steps' job arguments and the operator that runs
them on local Spark or on the Data Processing cluster."""
