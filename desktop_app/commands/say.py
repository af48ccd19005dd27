"""`stagecoach say TEXT -o OUT.wav`: the interviewer's voice, for scripts and tests."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "say", help="speak TEXT with the interviewer's voice into a WAV file"
    )
    p.add_argument("text", metavar="TEXT", help="what to say")
    p.add_argument("-o", "--output", required=True, metavar="OUT.wav",
                   help="the WAV file to write (mono PCM16 at the voice's own rate)")
    p.add_argument("--speed", type=float, default=1.0,
                   help="1.0 is the normal pace, 2.0 twice as fast, 0.5 half (default 1.0)")
    p.add_argument("--voice", default=None,
                   help="an installed piper voice by name (default en_US-joe-medium)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    import soundfile

    from desktop_app.core import paths
    from desktop_app.core.errors import UserError
    from desktop_app.voice.catalog import DEFAULT_VOICE, find_voice
    from desktop_app.voice.engine import Engine
    from desktop_app.voice.speech import MAX_SPEED, MIN_SPEED, MISSING, length_scale

    text = " ".join(str(args.text).split())
    if not text:
        raise UserError("There is nothing to say: give the text to speak, in quotes.")
    if not MIN_SPEED <= args.speed <= MAX_SPEED:
        raise UserError(f"The speed must be between {MIN_SPEED} and {MAX_SPEED} (1.0 is the "
                        f"normal pace), not {args.speed:g}.")
    out = Path(args.output).expanduser()
    if not out.parent.is_dir():
        raise UserError(f"The folder {out.parent} does not exist, so {out.name} cannot be "
                        "written there; pick another folder.")
    name = args.voice or DEFAULT_VOICE
    voice = find_voice(name)
    if voice is None:
        raise UserError(MISSING.format(name=name))
    engine = Engine(voice)
    samples = engine.samples(text, length_scale(args.speed))
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, paths.FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            soundfile.write(fh, samples, engine.sample_rate, subtype="PCM_16", format="WAV")
        paths.make_private(out)
    except OSError as exc:
        raise UserError(f"Could not write {out} ({exc.strerror or exc}); pick another "
                        "folder.") from exc
    seconds = len(samples) / engine.sample_rate
    print(f"Wrote {out} ({seconds:.1f} s of speech, voice {voice.name}).")
    return 0
