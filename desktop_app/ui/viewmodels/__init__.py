"""View models: QObjects holding UI state and commands, with signals; no widgets."""
