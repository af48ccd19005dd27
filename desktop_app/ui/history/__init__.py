"""The History page parts: the answers table model and the trend charts."""
