"""Audio devices: list the inputs, pick one by name or index, refresh, fall back; find the
default output (speakers or headphones) for playback. PortAudio itself is reached through
``portaudio_calls``, which keeps a hung sound server from holding the caller.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from desktop_app.core.audio.portaudio_calls import (
    CLOSE_WAIT_S,
    restart_portaudio,
    settle,
    sounddevice_module,
)
from desktop_app.core.errors import UserError

log = logging.getLogger(__name__)

NO_DEVICE = "No microphone found — connect one or pick a device in Settings."
NO_OUTPUT = ("No audio output device was found, so playback is off; connect speakers or "
             "headphones to listen.")


@dataclass(frozen=True)
class InputDevice:
    index: int
    name: str
    channels: int
    default_samplerate: float
    is_default: bool
    hostapi: str = ""

    def label(self) -> str:
        return f"{self.name} ({self.hostapi})" if self.hostapi else self.name


class NoOutputDevice(UserError):
    """There is nothing to play sound on (callers may stay silent instead of saying so)."""

    def __init__(self) -> None:
        super().__init__(NO_OUTPUT)


@dataclass(frozen=True)
class OutputDevice:
    index: int
    name: str
    channels: int
    default_samplerate: float


SERVER_BUSY = ("The sound system is not answering, so the list of devices cannot be "
               "refreshed now; try again in a moment, or restart the sound service.")


def refresh_devices() -> None:
    """Re-read the device list (PortAudio reads it once at initialisation). UserError while
    an open or close of ours still waits for the sound server (see ``settle``)."""
    sounddevice_module()
    if not settle(CLOSE_WAIT_S):
        raise UserError(SERVER_BUSY)
    restart_portaudio()


def _default_input_index(sd: Any) -> int:
    try:
        index = sd.default.device[0]
    except Exception:  # PortAudio reports no default
        return -1
    return int(index) if index is not None else -1


def default_output_device() -> OutputDevice:
    """The system default output, else the first device with output channels.

    NoOutputDevice when there is none (no sound card, or the audio server is unreachable:
    then PortAudio lists no devices at all).
    """
    sd = sounddevice_module()
    try:
        devices = sd.query_devices()
    except sd.PortAudioError as exc:
        raise NoOutputDevice() from exc
    try:
        default = sd.default.device[1]
    except Exception:  # PortAudio reports no default
        default = -1
    default = int(default) if default is not None else -1
    outputs = [i for i, info in enumerate(devices) if int(info.get("max_output_channels", 0)) > 0]
    if not outputs:
        raise NoOutputDevice()
    index = default if default in outputs else outputs[0]
    info = devices[index]
    return OutputDevice(index=index, name=str(info["name"]),
                        channels=int(info["max_output_channels"]),
                        default_samplerate=float(info.get("default_samplerate", 0.0)))


def list_input_devices() -> list[InputDevice]:
    """Every device with input channels, the system default marked."""
    sd = sounddevice_module()
    try:
        devices = sd.query_devices()
        hostapis = sd.query_hostapis()
    except sd.PortAudioError:
        return []
    default = _default_input_index(sd)
    result = []
    for index, info in enumerate(devices):
        channels = int(info.get("max_input_channels", 0))
        if channels <= 0:
            continue
        api = int(info.get("hostapi", -1))
        api_name = str(hostapis[api]["name"]) if 0 <= api < len(hostapis) else ""
        result.append(InputDevice(
            index=index, name=str(info["name"]), channels=channels,
            default_samplerate=float(info.get("default_samplerate", 0.0)),
            is_default=index == default, hostapi=api_name,
        ))
    return result


def default_input_device(devices: list[InputDevice] | None = None) -> InputDevice:
    """The system default input, else the first input; UserError when there is none."""
    devices = list_input_devices() if devices is None else devices
    if not devices:
        raise UserError(NO_DEVICE)
    for dev in devices:
        if dev.is_default:
            return dev
    return devices[0]


def _find(wanted: str | int, devices: list[InputDevice]) -> InputDevice | None:
    if isinstance(wanted, int) or (isinstance(wanted, str) and wanted.strip().isdigit()):
        index = int(wanted)
        return next((d for d in devices if d.index == index), None)
    text = wanted.strip()
    lowered = text.lower()
    for found in (
        [d for d in devices if d.name == text],
        [d for d in devices if d.name.lower() == lowered],
        [d for d in devices if d.label().lower() == lowered],
    ):
        if found:
            return found[0]
    partial = [d for d in devices if text.lower() in d.name.lower()]
    return partial[0] if len(partial) == 1 else None


def resolve_device(wanted: str | int | InputDevice | None) -> InputDevice:
    """The device named (exact, then case-insensitive, then a unique substring) or numbered.

    None means the system default. UserError when nothing matches or there is no device.
    """
    if isinstance(wanted, InputDevice):
        return wanted
    devices = list_input_devices()
    if not devices:
        raise UserError(NO_DEVICE)
    if wanted is None or (isinstance(wanted, str) and not wanted.strip()):
        return default_input_device(devices)
    found = _find(wanted, devices)
    if found is None:
        raise UserError(
            f"No input device matches '{wanted}'; run `stagecoach devices` to see the "
            "microphones this computer has."
        )
    return found


def choose_saved_device(saved: str | int | None) -> tuple[InputDevice, str | None]:
    """The saved device if it is still there, else the default and a message saying so."""
    try:
        return resolve_device(saved), None
    except UserError:
        if saved is None:
            raise
    device = default_input_device()
    return device, (
        f"The microphone '{saved}' is not connected; recording from '{device.name}' instead."
    )


def remember_device(device: InputDevice | str | None) -> None:
    """Save the choice (by name: indexes change when devices come and go)."""
    from desktop_app.core.settings import load_settings, save_settings

    settings = load_settings()
    settings.audio.device = device.name if isinstance(device, InputDevice) else device
    save_settings(settings)
