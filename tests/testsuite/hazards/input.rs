//! Hazards in the input: replies and report.yaml that once broke the tool.
