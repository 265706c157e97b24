"""Report writers: each renders a `RunReport`; `ReportHandler` writes them all when a run finishes."""
